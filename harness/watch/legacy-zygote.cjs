// node legacy-zygote.cjs <entry>, with the cwd and env a legacy launch gives `node <entry>`: requires the
// tree's declared dependencies now, then the service modules named in WATCH_ZYGOTE_PRELOAD (comma-separated,
// relative to the entry's folder: the slow ones), and the entry (the service code, as it is on disk then) as the
// main module once a line arrives on stdin. node_modules do not change on a save; the service code may: if a
// service file loaded ahead of time differs on disk by then, the zygote exits with STALE and runs nothing.
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const { createRequire, runMain } = require('node:module');
const path = require('node:path');

const STALE = 75;
const entry = path.resolve(process.argv[2] ?? 'app.js');
const serviceDir = path.dirname(entry);
const fromEntry = createRequire(entry); // resolves each package as the entry's own require() would
const { dependencies = {} } = fromEntry('./package.json');
for (const name of Object.keys(dependencies)) {
  try {
    fromEntry(name);
  } catch {
    // a browser-only or broken package: the service's own require() reports it, if it needs it
  }
}
const preload = (process.env.WATCH_ZYGOTE_PRELOAD ?? '').split(',').filter(Boolean);
delete process.env.WATCH_ZYGOTE_PRELOAD;
for (const rel of preload) {
  try {
    fromEntry(`./${rel}`);
  } catch {
    // the entry's own require() reports it, with the code on disk then
  }
}
const hash = (file) => createHash('sha1').update(fs.readFileSync(file)).digest('hex');
const isServiceFile = (file) => file.startsWith(serviceDir + path.sep) && !file.includes(`${path.sep}node_modules${path.sep}`);
const loaded = new Map(Object.keys(require.cache).filter(isServiceFile).map((file) => [file, hash(file)]));

process.stdin.once('data', () => {
  process.stdin.destroy();
  for (const [file, sum] of loaded) {
    if (!fs.existsSync(file) || hash(file) !== sum) {
      process.stderr.write(`zygote: ${path.relative(serviceDir, file)} changed after it was loaded ahead\n`);
      process.exit(STALE);
    }
  }
  process.argv.splice(1, Infinity, entry); // as `node <entry>` would see it
  runMain();
});
