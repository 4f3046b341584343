import assert from 'node:assert/strict';
import { touchedFiles, type V8Script } from '../watch/coverage.js';
import { dependents, importSpecifiers, requireSpecifiers, resolveSpecifier } from '../watch/graph.js';
import { isIgnored } from '../watch/paths.js';
import { needsCoverage, select, type SelectionContext } from '../watch/select.js';

const C = (name: string): string => `harness/contract/${name}.test.ts`;
const MESSAGING = C('messaging');
const USERS = C('users');
const ROOMS = C('rooms');
const UNIT = 'harness/test/launcher.test.ts';
const CONTRACT = [MESSAGING, ROOMS, USERS];

function context(over: Partial<SelectionContext> = {}): SelectionContext {
  return {
    targets: ['legacy'],
    tests: { contract: CONTRACT, unit: [UNIT], codemods: [] },
    harnessGraph: {
      [MESSAGING]: ['harness/contract/support.ts', 'harness/src/client.ts'],
      [USERS]: ['harness/contract/support.ts'],
      [ROOMS]: ['harness/contract/support.ts'],
      'harness/contract/support.ts': ['harness/src/launcher.ts', 'harness/src/client.ts'],
      'harness/src/launcher.ts': ['harness/src/ports.ts'],
      [UNIT]: ['harness/src/launcher.ts'],
      'harness/src/cli/contract.ts': ['harness/src/targets.ts'],
    },
    legacyGraph: {
      'legacy/app.js': ['legacy/socket/handlers.js', 'legacy/utils/db.js'],
      'legacy/socket/handlers.js': ['legacy/plugins/index.js'],
      'legacy/plugins/index.js': ['legacy/plugins/profanity.js', 'legacy/plugins/push.js'],
      'legacy/utils/db.js': ['legacy/db/mongo.js'],
    },
    coverage: {
      'legacy/plugins/profanity.js': [MESSAGING],
      'legacy/socket/handlers.js': [MESSAGING, ROOMS],
      'legacy/utils/db.js': [MESSAGING, USERS],
    },
    ...over,
  };
}

describe('watch: test selection', () => {
  it('(1) a changed contract test file runs that file only', () => {
    const sel = select([USERS], context());
    assert.deepEqual(sel.tests, [USERS]);
    assert.equal(sel.full, false);
  });

  it('(2) a changed harness/src file runs the test files importing it, transitively', () => {
    assert.deepEqual(select(['harness/src/ports.ts'], context()).tests, [MESSAGING, ROOMS, USERS, UNIT]);
    const direct = select(['harness/src/client.ts'], context());
    assert.deepEqual(direct.tests, [MESSAGING, ROOMS, USERS]);
    assert.deepEqual(direct.reasons[MESSAGING], ['imports harness/src/client.ts']);
    assert.match(direct.reasons[USERS]?.[0] ?? '', /transitively/);
    const none = select(['harness/src/targets.ts'], context());
    assert.deepEqual(none.tests, []);
    assert.match(none.notes[0] ?? '', /no test file imports it/);
  });

  it('(3) a changed service file runs the contract files during which its functions ran', () => {
    const sel = select(['legacy/plugins/profanity.js'], context());
    assert.deepEqual(sel.tests, [MESSAGING]);
    assert.match(sel.reasons[MESSAGING]?.[0] ?? '', /coverage map/);
  });

  it('(3) a service file missing from the map falls back to the files requiring it, transitively', () => {
    assert.deepEqual(select(['legacy/db/mongo.js'], context()).tests, [MESSAGING, USERS]);
    const push = select(['legacy/plugins/push.js'], context()); // index.js is unmapped too: handlers.js is
    assert.deepEqual(push.tests, [MESSAGING, ROOMS]);
    assert.match(push.reasons[ROOMS]?.[0] ?? '', /required \(transitively\) by .*legacy\/socket\/handlers\.js/);
  });

  it('(3) ...and to every contract file when nothing mapped requires it, or there is no map', () => {
    assert.deepEqual(select(['legacy/scripts/new-tool.js'], context()).tests, CONTRACT);
    assert.deepEqual(select(['legacy/plugins/profanity.js'], context({ coverage: null })).tests, CONTRACT);
  });

  it('(3) service changes do not pick tests for a target that is not legacy', () => {
    const sel = select(['legacy/plugins/profanity.js'], context({ targets: ['migrated'] }));
    assert.deepEqual(sel.tests, []);
    assert.equal(needsCoverage(['legacy/plugins/profanity.js'], ['migrated']), false);
    assert.equal(needsCoverage(['legacy/plugins/profanity.js'], ['legacy']), true);
  });

  it('(4) package files, tsconfigs, .mocharc.cjs and legacy configs make a full run', () => {
    const triggers = [
      'package.json', 'harness/package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json',
      '.mocharc.cjs', 'legacy/misc/config-test.js', 'legacy/misc/config-production.js',
    ];
    for (const file of triggers) {
      const sel = select([file, USERS], context());
      assert.equal(sel.full, true, file);
      assert.deepEqual(sel.tests, [...CONTRACT, UNIT], file);
      assert.equal(needsCoverage([file, 'legacy/app.js'], ['legacy']), false, 'a full run needs no map');
    }
    assert.equal(select(['legacy/misc/copy-config.sh'], context()).full, false);
  });

  it('(5) codemods changes: a note while molt has no tests, else the codemods tests', () => {
    const none = select(['codemods/src/apply.ts'], context());
    assert.deepEqual(none.tests, []);
    assert.match(none.notes.join('\n'), /molt has no tests yet/);
    const tests = { contract: CONTRACT, unit: [UNIT], codemods: ['codemods/test/fixtures.test.ts'] };
    assert.deepEqual(select(['codemods/src/apply.ts'], context({ tests })).tests, ['codemods/test/fixtures.test.ts']);
  });

  it('merges several changes, each test once with every reason', () => {
    const sel = select(['legacy/plugins/profanity.js', MESSAGING, 'harness/PROTOCOL.md'], context());
    assert.deepEqual(sel.tests, [MESSAGING]);
    assert.equal(sel.reasons[MESSAGING]?.length, 2);
    assert.equal(sel.notes.length, 1);
  });
});

describe('watch: paths, graphs and coverage', () => {
  it('ignores installs, data, scratch and output, and unwatched root files', () => {
    for (const p of ['legacy/node_modules/x/index.js', 'legacy/data/users.db', '.tmp/watch-map.json', '.git/HEAD',
      'harness/reports/out/a.json', 'README.md', 'scripts/main-job.ts', 'legacy/data-test/x']) {
      assert.equal(isIgnored(p), true, p);
    }
    for (const p of ['', 'legacy', 'legacy/app.js', 'package.json', 'tsconfig.json', '.mocharc.cjs', 'migrated/src/a.ts']) {
      assert.equal(isIgnored(p), false, p);
    }
  });

  it('scans imports and requires and resolves them like the loaders', () => {
    const ts = `import a from './a.js';\nimport {\n  b,\n  type C,\n} from '../src/b.js';\nexport * from './c.js';\nimport './side.js';\nconst d = await import('./d.js');\nimport fs from 'node:fs';`;
    assert.deepEqual(importSpecifiers(ts).sort(), ['../src/b.js', './a.js', './c.js', './d.js', './side.js', 'node:fs']);
    assert.deepEqual(requireSpecifiers(`var x = require('./x');\nvar y = require ( "../y.js" );\nrequire('express');`), ['./x', '../y.js', 'express']);
    const exists = (f: string): boolean => ['harness/src/b.ts', 'legacy/utils/x.js', 'legacy/lib/index.js'].includes(f);
    assert.equal(resolveSpecifier('harness/contract/t.ts', '../src/b.js', 'ts', exists), 'harness/src/b.ts');
    assert.equal(resolveSpecifier('legacy/app.js', './utils/x', 'cjs', exists), 'legacy/utils/x.js');
    assert.equal(resolveSpecifier('legacy/app.js', './lib', 'cjs', exists), 'legacy/lib/index.js');
    assert.equal(resolveSpecifier('legacy/app.js', 'express', 'cjs', exists), null);
    assert.deepEqual(dependents({ a: ['b'], b: ['c'], d: ['c'] }, 'c'), ['b', 'd', 'a'], 'nearest first');
  });

  it('counts a service file as run when a function besides its top level ran', () => {
    const fn = (name: string, start: number, count: number) => ({ functionName: name, ranges: [{ startOffset: start, endOffset: start + 10, count }] });
    const scripts: V8Script[] = [
      { url: 'file:///repo/legacy/plugins/profanity.js', functions: [fn('', 0, 1), fn('mask', 20, 0)] },
      { url: 'file:///repo/legacy/socket/handlers.js', functions: [fn('', 0, 1), fn('onMessage', 40, 3)] },
      { url: 'file:///repo/legacy/starts-with-a-function.js', functions: [fn('', 0, 1), fn('first', 0, 2)] },
      { url: 'file:///repo/legacy/node_modules/express/index.js', functions: [fn('', 0, 1), fn('x', 5, 9)] },
      { url: 'node:internal/main', functions: [fn('', 0, 1)] },
      { url: 'file:///repo/harness/src/client.ts', functions: [fn('', 0, 1), fn('y', 5, 9)] },
    ];
    assert.deepEqual(touchedFiles(scripts, '/repo', 'legacy'), {
      ran: ['legacy/socket/handlers.js', 'legacy/starts-with-a-function.js'],
      loaded: ['legacy/plugins/profanity.js', 'legacy/socket/handlers.js', 'legacy/starts-with-a-function.js'],
    });
  });
});
