/**
 * The spare test runner: `node --import tsx harness/watch/runner.ts`, started by spare.ts with an IPC
 * channel before any save. It loads mocha, the totals reporter and the contract support modules and, when
 * TARGET names legacy, starts a legacy service (warm-legacy.ts), then waits. {type: 'run'} runs those
 * files once and exits, so every run is still a process that has never run tests; the first contract file
 * gets the service as a URL target. {type: 'relaunch'} (a legacy file changed) replaces the service with
 * one running the code now on disk.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import Mocha from 'mocha';
import { findTests } from './files.js';
import { importSpecifiers } from './graph.js';
import { isContractTest, toRepoPath } from './paths.js';
import type { RunRequest, SpareMessage } from './spare.js';
import { prepare, type Prepared, type WarmService } from './warm-legacy.js';

const root = process.cwd();
// mocha loads test files with require() (node 20.19+ has require(esm)), so the support modules are
// preloaded the same way: the tests then find them in require's cache
const require = createRequire(import.meta.url);
require('../contract/support.js'); // socket.io clients, launcher, targets

/**
 * The packages the contract test files import themselves (playwright-core for the web client, fast-check for
 * fuzzing), loaded now as support.ts is: mocha loads every selected file before the first test runs, so a run
 * with web-client.test.ts waited for playwright-core (0.4-1 s) before its first result.
 */
function preloadTestPackages(): void {
  const names = new Set<string>();
  for (const file of findTests(root).contract) {
    const specifiers = importSpecifiers(fs.readFileSync(path.join(root, file), 'utf8'));
    for (const spec of specifiers) if (!/^(\.|\/|node:)/.test(spec)) names.add(spec);
  }
  for (const name of names) {
    try {
      require(name);
    } catch {
      // the test file's own import reports it
    }
  }
}
const targets = (process.env.TARGET ?? 'legacy')
  .split(',')
  .map((t) => t.trim())
  .filter(Boolean);
// CLIENT=4 against a URL would run v4 suites that the named legacy target skips
const warmable = targets.includes('legacy') && !process.env.CLIENT;
process.on('disconnect', () => process.exit(0));

/** a legacy service with its dependencies loaded, for the next (re)launch */
let next: Promise<Prepared | null> | null = null;
/** the service the run will get; null when it failed: the tests then launch their own and say why */
let warm: Promise<WarmService | null> | null = null;
let running = false;

function launchWarm(): void {
  const old = warm;
  const prepared = next ?? prepare().catch(() => null);
  next = null;
  warm = prepared.then((p) => p?.start() ?? null).catch(() => null);
  // the old service and the next zygote wait until this one is up: the save's first result waits for it
  void warm.finally(() => {
    void old?.then((s) => s?.stop());
    if (!running) next = prepare().catch(() => null);
  });
}

if (warmable) launchWarm();
preloadTestPackages();

/** the first contract file without its own cluster gets the warm service as a URL target; the rest launch as usual */
function handOut(mocha: Mocha, target: WarmService | null): void {
  const named = targets.join(',');
  let handed = false;
  mocha.suite.on('pre-require', (_context: unknown, file: string) => {
    const fits =
      target &&
      !handed &&
      isContractTest(toRepoPath(root, file)) &&
      !/\bcluster:\s*true/.test(fs.readFileSync(file, 'utf8'));
    process.env.TARGET = fits ? targets.map((t) => (t === 'legacy' ? target.url : t)).join(',') : named;
    handed ||= Boolean(fits);
  });
}

/** `[http://127.0.0.1:port] title` back to `[legacy] title`, as a launched legacy is named */
function relabel(suite: Mocha.Suite, url: string, found: Set<Mocha.Suite>): void {
  if (suite.title.startsWith(`[${url}]`)) {
    suite.title = `[legacy]${suite.title.slice(url.length + 2)}`;
    found.add(suite);
  }
  for (const s of suite.suites) relabel(s, url, found);
}

async function run(request: RunRequest): Promise<void> {
  running = true;
  void next?.then((p) => p?.discard());
  next = null;
  const target = await warm;
  const Reporter = require(path.join(root, 'harness', 'src', 'mocha-totals-reporter.cjs'));
  const mocha = new Mocha({ reporter: Reporter, timeout: 20_000, ...(request.color ? { color: true } : {}) });
  mocha.files = request.files.map((f) => path.resolve(root, f));
  handOut(mocha, target);
  await mocha.loadFilesAsync();
  const warmSuites = new Set<Mocha.Suite>();
  if (target) relabel(mocha.suite, target.url, warmSuites);
  const runner = mocha.run((failures) => {
    process.exitCode = Math.min(failures, 255);
    process.stdout.write('', () => process.exit(process.exitCode)); // the exit stops the service
  });
  // support.ts prints a launched target's output under a failed test; a URL target has none to print
  runner.on('fail', (test: Mocha.Runnable) => {
    let s: Mocha.Suite | undefined = test.parent;
    while (s && !warmSuites.has(s)) s = s.parent;
    if (s && target) console.log(`      warm legacy output:\n${target.logs()}`);
  });
}

process.on('message', (msg: SpareMessage) => {
  if (msg.type === 'relaunch' && warmable && !running) {
    launchWarm();
  } else if (msg.type === 'run') {
    run(msg).catch((err: unknown) => {
      console.error(err instanceof Error ? err.stack : String(err));
      process.exit(1);
    });
  }
});
process.send?.({ type: 'ready' } satisfies SpareMessage);
