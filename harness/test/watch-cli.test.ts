import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../src/targets.js';

const run = promisify(execFile);

describe('watch CLI, end to end', () => {
  it('--once legacy/plugins/profanity.js --dry picks messaging and not users, from a coverage map it builds', async function () {
    this.timeout(120_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'watch-e2e-'));
    const mapFile = path.join(dir, 'watch-map.json');
    const env = { ...process.env };
    delete env.NODE_OPTIONS; // the CLI loads tsx itself
    try {
      // two contract files keep the mapping short (the browser suite alone takes over a minute)
      const { stdout } = await run(
        process.execPath,
        [path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'harness/watch/cli.ts',
          '--once', 'legacy/plugins/profanity.js', '--dry', `--map=${mapFile}`, '--only=messaging,users'],
        { cwd: REPO_ROOT, env, maxBuffer: 10 * 1024 * 1024 },
      );
      const picked = [...stdout.matchAll(/^\[watch\]\s+run (\S+)/gm)].map((m) => m[1]);
      assert.deepEqual(picked, ['harness/contract/messaging.test.ts'], stdout);
      assert.match(stdout, /legacy\/plugins\/profanity\.js: its functions ran during this file \(coverage map\)/);
      const map = JSON.parse(fs.readFileSync(mapFile, 'utf8'));
      assert.deepEqual(Object.keys(map.entries).sort(), ['harness/contract/messaging.test.ts', 'harness/contract/users.test.ts']);
      assert.ok(map.entries['harness/contract/users.test.ts'].loaded.includes('legacy/plugins/profanity.js'), 'users loads the plugin...');
      assert.ok(!map.entries['harness/contract/users.test.ts'].ran.includes('legacy/plugins/profanity.js'), '...but never runs it');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
