/**
 * npm run config -- --print    every key, its value and the layer it came from (secrets redacted)
 * npm run config -- --check    validate only; exit 1 naming the key, layer and reason
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './load.js';
import { SECRET_KEYS } from './schema.js';

const { values } = parseArgs({ options: { print: { type: 'boolean' }, check: { type: 'boolean' }, json: { type: 'boolean' } } });

function flatten(value: unknown, prefix = ''): [string, unknown][] {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
  }
  return [[prefix, value]];
}

try {
  const { config, sources } = loadConfig();
  const rows = flatten(config).map(([key, value]) => ({
    key,
    value: SECRET_KEYS.has(key) && value !== null ? '<redacted>' : value,
    source: sources[key] ?? 'conf/base.ts',
  }));
  if (values.json) {
    console.log(JSON.stringify(rows, null, 2));
  } else if (values.print || !values.check) {
    const width = Math.max(...rows.map((r) => r.key.length));
    for (const r of rows) console.log(`${r.key.padEnd(width)}  ${JSON.stringify(r.value).padEnd(40)}  ${r.source}`);
  } else {
    console.log('parrot config: valid');
  }
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(`parrot: ${err.message}`);
    process.exit(1);
  }
  throw err;
}
