/**
 * npm run bench:load --quick end to end, as a child process: every target completes and the counts
 * add up. Timings are never asserted: this machine runs other work at the same time.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../harness/src/targets.js';
import type { LoadReport } from '../load/summary.js';

const CLI = path.join(REPO_ROOT, 'bench', 'load', 'cli.ts');
const sum = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);

function runQuick(outDir: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--quick', '--out', outDir], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c));
    child.stderr.on('data', (c: Buffer) => (output += c));
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('bench:load --quick', function () {
  this.timeout(150_000);
  let outDir = '';
  let report: LoadReport;
  let output = '';

  before(async () => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-load-'));
    const run = await runQuick(outDir);
    output = run.output;
    assert.equal(run.code, 0, `bench:load --quick failed:\n${output.slice(-4000)}`);
    report = JSON.parse(fs.readFileSync(path.join(outDir, 'load.json'), 'utf8')) as LoadReport;
  });

  after(() => fs.rmSync(outDir, { recursive: true, force: true }));

  it('completes for legacy, migrated and the bare server', () => {
    assert.deepEqual(report.failed, []);
    assert.deepEqual(report.results.map((r) => r.name), ['legacy', 'migrated-source', 'bare']);
    assert.match(output, /load bench report: .*load\.json, .*load\.html/);
  });

  it('counts every client as connected or failed, and every message as acked or an error', () => {
    for (const r of report.results) {
      assert.equal(r.connect.connected + sum(r.connect.errors), r.clients, `${r.name}: connected + failed`);
      assert.ok(r.connect.connected > 0, `${r.name}: no client connected`);
      assert.ok(r.traffic.sent > 0, `${r.name}: nothing sent`);
      assert.equal(r.traffic.sent, r.traffic.acked + sum(r.traffic.errors), `${r.name}: sent = acked + errors`);
      assert.ok(r.traffic.delivered <= r.traffic.sent * (report.options.roomSize - 1), `${r.name}: delivered ≤ sent × (room size − 1)`);
    }
  });

  it('reads RSS and live memory (through each socket process\'s inspector) per idle connection for every target', () => {
    for (const r of report.results) {
      assert.ok(Number.isFinite(r.rssPerIdleConnKB), `${r.name}: rssPerIdleConnKB ${r.rssPerIdleConnKB}`);
      assert.ok(Number.isFinite(r.heapPerIdleConnKB), `${r.name}: heapPerIdleConnKB ${r.heapPerIdleConnKB}`);
      for (const p of r.processes.filter((x) => x.role === 'socket')) {
        assert.ok(Number.isFinite(p.liveIdleMB) && p.liveIdleMB! > 0, `${r.name} ${p.label}: liveIdleMB ${p.liveIdleMB}`);
      }
    }
    assert.match(output, /live heap\+external per idle conn KB/);
  });

  it('writes a self-contained page with charts', () => {
    const html = fs.readFileSync(path.join(outDir, 'load.html'), 'utf8');
    assert.match(html, /<svg /);
    assert.doesNotMatch(html, /<script[^>]+src=|<link[^>]+href=/);
  });
});
