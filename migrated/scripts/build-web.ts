import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * Bundles the web client, web/main.ts and what it imports (socket.io-client 4 included), into
 * public/js/app.js, which the REST role serves as a static file. The output is git-ignored:
 * `npm run build`, `npm run serve` and the harness's migrated launcher all run this first.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = path.join(ROOT, 'public', 'js');

const result = await build({
  entryPoints: [path.join(ROOT, 'web', 'main.ts')],
  outfile: path.join(OUT_DIR, 'app.js'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2022'],
  minify: true,
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  write: false,
});

// several test processes may build at once: each file appears whole, by rename, never half-written
fs.mkdirSync(OUT_DIR, { recursive: true });
for (const file of result.outputFiles) {
  const temp = `${file.path}.${process.pid}.tmp`;
  fs.writeFileSync(temp, file.contents);
  fs.renameSync(temp, file.path);
}
const bundle = result.outputFiles.find((f) => f.path.endsWith('.js'));
console.log(
  `parrot web client: ${path.relative(ROOT, bundle?.path ?? OUT_DIR)} (${bundle?.contents.byteLength ?? 0} bytes)`,
);
