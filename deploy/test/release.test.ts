import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort, waitFor } from '../../harness/src/ports.js';
import type { ManagedProcess } from '../../harness/src/processes.js';
import { have } from '../src/exec.js';
import { buildRelease, DEPLOY_DIR, REPO_ROOT, type ReleaseResult } from '../src/release/build.js';
import { bootImage, processesIn, stopImage, unpackImage, type ImageConfig } from '../src/release/image.js';

/**
 * npm run release's image, built here without a Docker daemon, then unpacked and booted in a
 * chroot as its own non-root user: /healthz answers and the users + rooms contracts pass
 * against it. Building twice to compare digests is `npm run release -- --twice` (minutes on
 * this machine); RELEASE_TWICE=1 makes this test do it too.
 */
describe('deploy: the release image', function () {
  this.timeout(900_000);
  const out = path.join(DEPLOY_DIR, 'out', 'test');
  let result: ReleaseResult;
  let rootfs = '';
  let image: ImageConfig;
  let proc: ManagedProcess | null = null;

  before(async function () {
    for (const tool of ['mmdebstrap', 'umoci', 'skopeo', 'unshare']) {
      if (!(await have(tool))) {
        console.log(`      skipped: ${tool} is not installed (.ci/run installs mmdebstrap, umoci and skopeo)`);
        this.skip();
      }
    }
    fs.rmSync(out, { recursive: true, force: true });
    result = await buildRelease({ outDir: out, log: (line) => console.log(`      ${line}`) });
    console.log(`      image ${(result.tarBytes / 2 ** 20).toFixed(1)} MiB, manifest ${result.manifestDigest}, ${JSON.stringify(result.seconds)}`);
  });

  after(async () => {
    if (proc) await stopImage(rootfs, proc);
    if (rootfs) {
      assert.deepEqual(processesIn(rootfs), [], 'nothing of the image is left running');
      fs.rmSync(rootfs, { recursive: true, force: true });
    }
  });

  it('writes the docker-archive tar, the SBOM and the digest file', () => {
    assert.ok(fs.statSync(result.tar).size > 50 * 2 ** 20, 'a tar with a whole root filesystem');
    assert.match(result.manifestDigest, /^sha256:[0-9a-f]{64}$/);
    const digest = fs.readFileSync(path.join(out, `parrot-${result.version}.digest`), 'utf8');
    assert.ok(digest.includes(result.manifestDigest) && digest.includes(result.imageId) && digest.includes(result.tarSha256));
    const sbom = JSON.parse(fs.readFileSync(result.sbom, 'utf8'));
    assert.equal(sbom.bomFormat, 'CycloneDX');
    const names = new Set(sbom.components.map((c: { name: string }) => c.name));
    for (const name of ['node', 'libc6', 'tini', 'express', 'socket.io', 'mongodb', 'zod']) assert.ok(names.has(name), `the SBOM lists ${name}`);
  });

  it('unpacks to a root filesystem whose config runs node as a non-root user', async () => {
    rootfs = path.join(out, 'rootfs');
    image = await unpackImage(result.tar, rootfs);
    assert.equal(image.User, '10001:10001');
    assert.deepEqual(image.Entrypoint, ['/usr/bin/tini', '--']);
    assert.ok(fs.existsSync(path.join(rootfs, 'usr/local/bin/node')));
    assert.ok(fs.existsSync(path.join(rootfs, 'app/migrated/src/server.js')));
    assert.ok(fs.existsSync(path.join(rootfs, 'app/migrated/public/js/app.js')), 'the web client bundle ships');
    assert.ok(!fs.existsSync(path.join(rootfs, 'app/node_modules/typescript')), 'no dev dependency ships');
    assert.equal(fs.statSync(path.join(rootfs, 'var/lib/parrot')).uid, 10001);
  });

  it('boots in a chroot as uid 10001: /healthz answers and the users and rooms contracts pass', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    proc = bootImage(rootfs, image, {
      HTTP_PORT: String(port),
      HTTP_HOST: '127.0.0.1',
      TOKEN_SECRET: 'a-release-test-secret-of-32-characters-or-more',
      // one process on the embedded store: no redis in this test
      REDIS_HOST: '',
      SOCKETIO_LB_HOST: url,
    });
    await waitFor('the image answers /healthz', async () => {
      if (proc!.exited()) throw new Error(`the image exited:\n${proc!.output()}`);
      const res = await fetch(`${url}/healthz`).catch(() => null);
      return res?.status === 200;
    }, 60_000);
    const inside = processesIn(rootfs);
    const node = inside.find((p) => p.command.startsWith('/usr/local/bin/node'));
    assert.ok(node, `node runs in the image root: ${JSON.stringify(inside)}`);
    assert.equal(node.uid, 10001);

    const contract = spawn(process.execPath, ['--import', 'tsx', 'harness/src/cli/contract.ts', `--target=${url}`, '--grep', 'users: register|rooms: create'], {
      cwd: REPO_ROOT,
      env: { ...process.env, CLIENT: '4' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    contract.stdout.on('data', (c: Buffer) => (text += c));
    contract.stderr.on('data', (c: Buffer) => (text += c));
    const code = await new Promise<number | null>((resolve) => contract.on('close', resolve));
    const totals = /^(\d+) passed, (\d+) failed/m.exec(text);
    assert.equal(code, 0, text.slice(-4000));
    assert.ok(totals && Number(totals[1]) >= 10 && totals[2] === '0', text.slice(-2000));
  });

  it('builds the same digests a second time (RELEASE_TWICE=1)', async function () {
    if (process.env.RELEASE_TWICE !== '1') {
      console.log('      skipped: a second build takes minutes here; npm run release -- --twice checks it (RELEASE_TWICE=1 runs it in this test)');
      this.skip();
    }
    const again = await buildRelease({ outDir: path.join(out, 'again') });
    assert.equal(again.manifestDigest, result.manifestDigest);
    assert.equal(again.tarSha256, result.tarSha256);
  });
});
