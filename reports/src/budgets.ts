import { readFileSync } from 'node:fs';
import type { Report } from './report.js';

type Metric = 'cyclomatic' | 'cognitive';
const METRICS: Metric[] = ['cyclomatic', 'cognitive'];

export interface BudgetException {
  /** perFunction: the absolute limit; notAboveOrigin: the comparison with the legacy origin */
  budget: 'perFunction' | 'notAboveOrigin';
  file: string;
  /** the function as eslint names it, e.g. "Async function 'buildApp'" */
  function: string;
  /** needed only when the name is not unique in the file (anonymous arrows) */
  line?: number;
  metric: Metric;
  reason: string;
}

export interface Budgets {
  duplication: { maxPercent: number; notAboveLegacy: boolean };
  perFunction: { cyclomatic: number; cognitive: number; notAboveOrigin: boolean };
  exceptions: BudgetException[];
}

export interface Break {
  budget: string;
  detail: string;
}

export function loadBudgets(file: string): Budgets {
  const budgets = JSON.parse(readFileSync(file, 'utf8')) as Budgets;
  for (const e of budgets.exceptions) {
    if (!e.reason || e.reason.trim().length < 10) throw new Error(`budget exception for ${e.file} ${e.function} needs a real reason`);
    if (e.budget !== 'perFunction' && e.budget !== 'notAboveOrigin') throw new Error(`budget exception for ${e.file} ${e.function}: budget must be perFunction or notAboveOrigin`);
    if (!METRICS.includes(e.metric)) throw new Error(`budget exception for ${e.file} ${e.function}: metric must be cyclomatic or cognitive`);
  }
  return budgets;
}

function excused(budgets: Budgets, budget: BudgetException['budget'], metric: Metric, fn: { file: string; name: string; line: number }): boolean {
  return budgets.exceptions.some(
    (e) => e.budget === budget && e.metric === metric && e.file === fn.file && e.function === fn.name && (e.line === undefined || e.line === fn.line),
  );
}

/** Every budget the migrated side breaks; an exception covers one function, one metric and one budget, never a file. */
export function checkBudgets(report: Report, budgets: Budgets): Break[] {
  const breaks: Break[] = [];
  const legacyDup = report.sides.legacy.summary.duplicationPercent;
  const migratedDup = report.sides.migrated.summary.duplicationPercent;
  if (migratedDup > budgets.duplication.maxPercent) {
    breaks.push({ budget: 'duplication.maxPercent', detail: `migrated duplication ${migratedDup} % > ${budgets.duplication.maxPercent} %` });
  }
  if (budgets.duplication.notAboveLegacy && migratedDup > legacyDup) {
    breaks.push({ budget: 'duplication.notAboveLegacy', detail: `migrated duplication ${migratedDup} % > legacy ${legacyDup} %` });
  }
  for (const fn of report.sides.migrated.functions) {
    for (const metric of METRICS) {
      const limit = budgets.perFunction[metric];
      if (fn[metric] > limit && !excused(budgets, 'perFunction', metric, fn)) {
        breaks.push({ budget: `perFunction.${metric}`, detail: `${fn.file}:${fn.line} ${fn.name} ${metric} ${fn[metric]} > ${limit}` });
      }
    }
  }
  if (budgets.perFunction.notAboveOrigin) {
    for (const fn of report.origins.matches) {
      for (const metric of METRICS) {
        const origin = fn.origin;
        if (!origin || fn[metric] <= origin[metric] || excused(budgets, 'notAboveOrigin', metric, fn)) continue;
        breaks.push({
          budget: `perFunction.notAboveOrigin.${metric}`,
          detail: `${fn.file}:${fn.line} ${fn.name} ${metric} ${fn[metric]} > ${origin[metric]} of its origin ${origin.file}:${origin.line} ${origin.name}`,
        });
      }
    }
  }
  return breaks;
}

/** What `--check` exits with: 2 when any budget breaks, else 0 (1 is kept for a report that could not be built). */
export function checkExitCode(breaks: Break[]): number {
  return breaks.length > 0 ? 2 : 0;
}
