// node legacy-zygote.cjs <entry>, with the cwd and env a legacy launch gives `node <entry>`: requires the
// tree's declared dependencies now, and the entry (the service code, as it is on disk then) as the main
// module once a line arrives on stdin. node_modules do not change on a save; the service code may.
const { createRequire, runMain } = require('node:module');
const path = require('node:path');

const entry = path.resolve(process.argv[2] ?? 'app.js');
const fromEntry = createRequire(entry); // resolves each package as the entry's own require() would
const { dependencies = {} } = fromEntry('./package.json');
for (const name of Object.keys(dependencies)) {
  try {
    fromEntry(name);
  } catch {
    // a browser-only or broken package: the service's own require() reports it, if it needs it
  }
}
process.stdin.once('data', () => {
  process.stdin.destroy();
  process.argv.splice(1, Infinity, entry); // as `node <entry>` would see it
  runMain();
});
