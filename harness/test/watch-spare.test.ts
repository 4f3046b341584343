import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../src/targets.js';
import { runMocha } from '../watch/mocha.js';
import { alive, childEnv, makeScratchCopy, type Scratch } from '../watch/scratch.js';
import { SparePool, type Spare } from '../watch/spare.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function gone(pid: number | undefined): Promise<boolean> {
  for (let i = 0; i < 60 && alive(pid); i++) await sleep(50);
  return !alive(pid);
}

// the probe records, at load time, which process ran it and the TARGET it was given
const PROBE = `import fs from 'node:fs';
const seen = { pid: process.pid, target: process.env.TARGET };
it('probe', () => fs.appendFileSync(process.env.PROBE_OUT ?? '', JSON.stringify(seen) + '\\n'));
`;
const HANGS = `it('hangs', function () { this.timeout(0); return new Promise(() => {}); });\n`;

describe('watch: the spare runner', function () {
  this.timeout(120_000);
  let scratch: Scratch;
  let out: string;
  const pools: SparePool[] = [];
  const probes = (): { pid: number; target: string }[] =>
    fs.existsSync(out)
      ? fs
          .readFileSync(out, 'utf8')
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l))
      : [];
  const pool = (target: string, extra: NodeJS.ProcessEnv = {}): SparePool => {
    const p = new SparePool({ root: scratch.dir, env: childEnv({ TARGET: target, PROBE_OUT: out, ...extra }) });
    pools.push(p);
    return p;
  };

  before(() => {
    scratch = makeScratchCopy(REPO_ROOT, 'watch-spare-');
    out = path.join(scratch.dir, 'probes.jsonl');
    fs.writeFileSync(path.join(scratch.dir, 'harness', 'contract', 'probe.test.ts'), PROBE);
    fs.writeFileSync(path.join(scratch.dir, 'harness', 'contract', 'hangs.test.ts'), HANGS);
  });
  afterEach(() => fs.rmSync(out, { force: true }));
  after(() => {
    pools.forEach((p) => p.close());
    scratch.remove();
  });

  it("runs a save's tests in the process started before the save, which then exits; the next spare starts at the first result", async () => {
    const spares = pool('migrated'); // no legacy service to warm: the runner alone
    const before = spares.current;
    assert.equal(await before?.ready, true);
    const saved = Date.now();
    const taken = spares.take();
    assert.equal(taken, before);
    assert.ok(taken.startedAt < saved);
    const waiting = (): Spare | null => spares.current; // a getter: read again after the run
    assert.equal(waiting(), null, 'the next spare waits for the first result');
    const run = await runMocha({
      root: scratch.dir,
      files: ['harness/contract/probe.test.ts'],
      env: {},
      spare: taken,
      onFirstResult: () => spares.refill(),
    });
    assert.equal(run.totals, '1 passed, 0 failed, 0 skipped', run.tail);
    assert.deepEqual(probes(), [{ pid: taken.pid, target: 'migrated' }]);
    assert.ok(await gone(taken.pid), 'the spare ran once and exited');
    const next = waiting();
    assert.ok(next && next !== taken && alive(next.pid), 'a new spare started');
    assert.equal(await next.ready, true);
  });

  it('a cancelled run takes its process down; the next run gets another', async () => {
    const spares = pool('migrated');
    const controller = new AbortController();
    const taken = spares.take();
    assert.equal(await taken.ready, true);
    const running = runMocha({
      root: scratch.dir,
      files: ['harness/contract/hangs.test.ts'],
      env: {},
      spare: taken,
      signal: controller.signal,
    });
    await sleep(500);
    controller.abort();
    assert.equal((await running).cancelled, true);
    assert.ok(await gone(taken.pid), "the cancelled run's process is gone");
    const next = spares.take(); // none was refilled: a new one starts
    assert.ok(next.pid !== taken.pid);
    const run = await runMocha({ root: scratch.dir, files: ['harness/contract/probe.test.ts'], env: {}, spare: next });
    assert.equal(run.code, 0, run.tail);
    assert.deepEqual(
      probes().map((p) => p.pid),
      [next.pid],
    );
  });

  it('a harness change replaces the spare (it loaded harness code); a test file change keeps it', () => {
    const spares = pool('migrated');
    const first = spares.current;
    spares.changed('harness/contract/users.test.ts');
    assert.equal(spares.current, first);
    spares.changed('harness/src/client.ts');
    assert.notEqual(spares.current, first);
  });

  it("a legacy change relaunches the spare's service, and the run tests that one as a URL target", async () => {
    const boots = path.join(scratch.dir, 'boots.txt');
    const spares = pool('legacy', { PROBE_BOOTS: boots });
    assert.equal(await spares.current?.ready, true);
    // the save: from now on legacy records each boot's port
    fs.appendFileSync(
      path.join(scratch.dir, 'legacy', 'app.js'),
      `\nrequire('fs').appendFileSync(process.env.PROBE_BOOTS, process.env.HTTP_PORT + '\\n');\n`,
    );
    spares.changed('legacy/app.js');
    const taken = spares.take();
    const run = await runMocha({ root: scratch.dir, files: ['harness/contract/probe.test.ts'], env: {}, spare: taken });
    assert.equal(run.code, 0, run.tail);
    const [probe] = probes();
    const port = /^http:\/\/127\.0\.0\.1:(\d+)$/.exec(probe?.target ?? '')?.[1];
    assert.ok(port, JSON.stringify(probe));
    assert.ok(
      fs.readFileSync(boots, 'utf8').split('\n').includes(port),
      'the service tested was booted after the save',
    );
    assert.equal(probe?.pid, taken.pid);
  });

  it('a change to a file the service loaded ahead (utils/redis.js) still tests the code on disk after the save', async () => {
    const boots = path.join(scratch.dir, 'boots-preloaded.txt');
    const spares = pool('legacy', { PROBE_BOOTS: boots });
    assert.equal(await spares.current?.ready, true);
    // the spare's service is up and the next zygote has loaded utils/redis.js ahead (two zygotes of this copy,
    // and time for the second to load): the save below must not be served from its require cache
    const zygotes = (): number =>
      fs.readdirSync('/proc').filter((pid) => {
        try {
          return /legacy-zygote\.cjs/.test(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8')) && fs.readlinkSync(`/proc/${pid}/cwd`).startsWith(scratch.dir);
        } catch {
          return false;
        }
      }).length;
    for (let i = 0; i < 300 && zygotes() < 2; i++) await sleep(100);
    assert.equal(zygotes(), 2, 'the service and the next zygote');
    await sleep(2000);
    fs.appendFileSync(
      path.join(scratch.dir, 'legacy', 'utils', 'redis.js'),
      `\nrequire('fs').appendFileSync(process.env.PROBE_BOOTS, process.env.HTTP_PORT + '\\n');\n`,
    );
    spares.changed('legacy/utils/redis.js');
    const taken = spares.take();
    const run = await runMocha({ root: scratch.dir, files: ['harness/contract/probe.test.ts'], env: {}, spare: taken });
    assert.equal(run.code, 0, run.tail);
    const port = /^http:\/\/127\.0\.0\.1:(\d+)$/.exec(probes()[0]?.target ?? '')?.[1];
    assert.ok(port, JSON.stringify(probes()));
    assert.ok(fs.existsSync(boots) && fs.readFileSync(boots, 'utf8').split('\n').includes(port), 'the service tested ran the saved utils/redis.js');
  });
});
