/**
 * npm run watch [-- --target=legacy] [--once <file>] [--dry] [--map=<file>] [--rebuild-map] [--only=a,b]
 * Watches legacy/, migrated/, codemods/ and harness/ and, on each save, runs only
 * the tests the change can affect (see select.ts). --once <file>: one selection
 * for that changed file, run, exit with mocha's code. --dry: print the selection only.
 * --only=messaging,users: consider only the contract files whose path contains one of these.
 * Watching, each run goes to a spare runner started before the save (spare.ts, runner.ts); --once runs cold.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { watch } from 'chokidar';
import { REPO_ROOT } from '../src/targets.js';
import { killAllRuns } from './mocha.js';
import { isIgnored, toRepoPath, WATCHED_DIRS } from './paths.js';
import { Scheduler } from './scheduler.js';
import { createSession } from './session.js';
import { SparePool } from './spare.js';

const DEBOUNCE_MS = 75;

const { values } = parseArgs({
  options: {
    target: { type: 'string', default: 'legacy' },
    once: { type: 'string' },
    dry: { type: 'boolean', default: false },
    map: { type: 'string', default: path.join(REPO_ROOT, '.tmp', 'watch-map.json') },
    'rebuild-map': { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});

const print = (line: string): void => console.log(`[watch] ${line}`);
const target = values.target ?? 'legacy';
// watching: one runner kept started ahead of each save (spare.ts); --once and --dry run cold or not at all
const spares = values.once || values.dry ? undefined : new SparePool({ root: REPO_ROOT, env: { ...process.env, TARGET: target } });
const session = createSession({
  root: REPO_ROOT,
  target,
  mapFile: path.resolve(values.map ?? '.tmp/watch-map.json'),
  dry: values.dry ?? false,
  rebuildMap: values['rebuild-map'],
  print,
  echo: (chunk) => process.stdout.write(chunk),
  color: process.stdout.isTTY,
  only: values.only?.split(',').filter(Boolean),
  spares,
});
process.once('exit', killAllRuns);

if (values.once) {
  const code = await session([toRepoPath(REPO_ROOT, path.resolve(values.once))]);
  process.exit(code);
}

const scheduler = new Scheduler({
  debounceMs: DEBOUNCE_MS,
  run: async (changes, signal) => {
    console.log('');
    print(new Date().toLocaleTimeString());
    await session(changes, signal);
  },
  onCancel: (changes) => print(`new change: cancelling the run for ${changes.join(', ')}`),
  onError: (err) => print(`run failed: ${err instanceof Error ? err.stack : String(err)}`),
});
const watcher = watch(REPO_ROOT, { ignoreInitial: true, ignored: (p) => isIgnored(toRepoPath(REPO_ROOT, p)) });
for (const event of ['add', 'change', 'unlink'] as const) {
  watcher.on(event, (p: string) => {
    const rel = toRepoPath(REPO_ROOT, p);
    spares?.changed(rel); // before the debounce: a legacy change relaunches the spare's service now
    scheduler.notify(rel);
  });
}
watcher.on('error', (err) => print(`watcher: ${String(err)}`));
watcher.on('ready', () => print(`watching ${WATCHED_DIRS.join('/, ')}/ and the root configs (target ${values.target}); Ctrl-C stops`));
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(130); // a second Ctrl-C: the exit hook SIGKILLs what still runs
    stopping = true;
    spares?.close();
    void Promise.all([scheduler.close(), watcher.close()]).finally(() => process.exit(130));
  });
}
