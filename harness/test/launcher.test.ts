import assert from 'node:assert/strict';
import fs from 'node:fs';
import { launch, TargetUnavailable } from '../src/launcher.js';
import { TARGETS } from '../src/targets.js';

function alive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('target launcher', function () {
  this.timeout(60_000);

  it('starts legacy on a free port with its own data dir, and leaves nothing behind', async () => {
    const target = await launch('legacy');
    const [proc] = target.processes;
    assert.ok(proc);
    const pid = proc.process.child.pid;
    const res = await fetch(`${target.restUrl}/ping`);
    assert.equal(await res.text(), 'pong');
    assert.ok(fs.existsSync(target.dataDir));
    await target.stop();
    assert.equal(fs.existsSync(target.dataDir), false, 'data dir left behind');
    assert.equal(alive(pid), false, 'legacy process still running after stop()');
    await assert.rejects(fetch(`${target.restUrl}/ping`));
  });

  it('starts a cluster: private redis, one rest and two socket processes, and stops all of them', async () => {
    const target = await launch('legacy', { cluster: true, socketServers: 2 });
    assert.equal(target.socketUrls.length, 2);
    assert.ok(target.redis);
    const pids = [...target.processes.map((p) => p.process.child.pid), target.redis.process.child.pid];
    assert.equal(pids.length, 4);
    for (const url of [target.restUrl, ...target.socketUrls]) {
      assert.equal(await (await fetch(`${url}/ping`)).text(), 'pong');
    }
    await target.stop();
    assert.deepEqual(pids.filter((pid) => alive(pid)), []);
  });

  it('reports a target that cannot run as unavailable, not as a failure to hide', async () => {
    const reason = TARGETS.migrated?.unavailableReason();
    if (reason === null) {
      console.log('      migrated exists: the unavailable path is checked with an unknown-file target instead');
    }
    await assert.rejects(launch('no-such-target'), /unknown target/);
    if (reason) await assert.rejects(launch('migrated'), TargetUnavailable);
  });

  it('rejects a start that fails and stops what it had started', async () => {
    const spec = TARGETS.legacy!;
    const original = spec.processFor;
    spec.processFor = (ctx) => ({ ...original(ctx), env: { ...original(ctx).env, HTTP_PORT: 'not-a-port' } });
    try {
      // the service must stop at start-up naming the key and the reason
      await assert.rejects(launch('legacy'), /HTTP_PORT: expected a port number/);
    } finally {
      spec.processFor = original;
    }
  });
});
