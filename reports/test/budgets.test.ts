import assert from 'node:assert/strict';
import { checkBudgets, checkExitCode, type Budgets } from '../src/budgets.js';
import { matchOrigins } from '../src/origins.js';
import type { Report } from '../src/report.js';
import type { FunctionComplexity } from '../src/types.js';
import { reportRun } from './report-run.js';

const generous: Budgets = {
  duplication: { maxPercent: 100, notAboveLegacy: false },
  perFunction: { cyclomatic: 1000, cognitive: 1000, notAboveOrigin: false },
  exceptions: [],
};

function fn(file: string, name: string, line: number, endLine: number, cyclomatic: number, cognitive: number): FunctionComplexity {
  return { file, name, line, column: 1, endLine, cyclomatic, cognitive };
}

describe('reports: budgets (--check)', () => {
  it('exits 2 when a budget breaks and 0 when every budget holds', async function () {
    this.timeout(120_000);
    const { report } = await reportRun();
    const strict: Budgets = { ...generous, perFunction: { cyclomatic: 1, cognitive: 1, notAboveOrigin: false } };
    const breaks = checkBudgets(report, strict);
    assert.ok(breaks.some((b) => b.budget === 'perFunction.cyclomatic'));
    assert.equal(checkExitCode(breaks), 2);
    assert.deepEqual(checkBudgets(report, generous), []);
    assert.equal(checkExitCode(checkBudgets(report, generous)), 0);
  });

  it('compares a migrated function with its origin, callbacks included, and an exception excuses one metric', () => {
    const legacy = [
      fn('legacy/chat.js', "Function 'post'", 10, 30, 2, 1),
      fn('legacy/chat.js', 'Function', 12, 20, 3, 2), // a callback inside post
      fn('legacy/chat.js', "Function 'other'", 40, 50, 1, 0),
    ];
    const migrated = [
      fn('migrated/chat.ts', "Async method 'post'", 5, 25, 5, 4), // post + callback: cyclomatic 2 + (3 - 1) = 4, cognitive 3
      fn('migrated/chat.ts', "Method 'renamed'", 30, 35, 1, 0),
      fn('migrated/chat.ts', "Method 'fresh'", 40, 45, 9, 9),
    ];
    const map = { groups: [{ legacy: ['legacy/'], migrated: ['migrated/chat.ts'], renames: { renamed: 'other' } }] };
    const origins = matchOrigins(map, 'origins.json', legacy, migrated);
    assert.deepEqual(origins.coverage, { functions: 3, withOrigin: 2, new: 1, percent: 66.7 });
    assert.deepEqual(
      origins.matches.map((m) => m.origin && { name: m.origin.name, cyclomatic: m.origin.cyclomatic, cognitive: m.origin.cognitive, callbacks: m.origin.callbacks }),
      [{ name: "Function 'post'", cyclomatic: 4, cognitive: 3, callbacks: 1 }, { name: "Function 'other'", cyclomatic: 1, cognitive: 0, callbacks: 0 }, null],
    );
    const report = { sides: { legacy: { summary: { duplicationPercent: 0 } }, migrated: { summary: { duplicationPercent: 0 }, functions: [] } }, origins };
    const budgets: Budgets = { ...generous, perFunction: { ...generous.perFunction, notAboveOrigin: true } };
    const breaks = checkBudgets(report as unknown as Report, budgets);
    assert.deepEqual(breaks.map((b) => b.budget), ['perFunction.notAboveOrigin.cyclomatic', 'perFunction.notAboveOrigin.cognitive']);
    const excused: Budgets = {
      ...budgets,
      exceptions: [{ budget: 'notAboveOrigin', file: 'migrated/chat.ts', function: "Async method 'post'", metric: 'cognitive', reason: 'a test reason, long enough' }],
    };
    assert.deepEqual(checkBudgets(report as unknown as Report, excused).map((b) => b.budget), ['perFunction.notAboveOrigin.cyclomatic']);
    assert.equal(checkExitCode(checkBudgets(report as unknown as Report, excused)), 2);
  });
});
