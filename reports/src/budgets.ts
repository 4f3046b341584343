import { readFileSync } from 'node:fs';
import type { Report } from './report.js';

export interface BudgetException {
  file: string;
  /** the function as eslint names it, e.g. "Async function 'buildApp'" */
  function: string;
  /** needed only when the name is not unique in the file (anonymous arrows) */
  line?: number;
  metric: 'cyclomatic' | 'cognitive';
  reason: string;
}

export interface Budgets {
  duplication: { maxPercent: number; notAboveLegacy: boolean };
  perFunction: { cyclomatic: number; cognitive: number };
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
  }
  return budgets;
}

/** Every budget the migrated side breaks; an exception covers one function and one metric, never a file. */
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
    for (const metric of ['cyclomatic', 'cognitive'] as const) {
      const limit = budgets.perFunction[metric];
      if (fn[metric] <= limit) continue;
      const excused = budgets.exceptions.some(
        (e) => e.metric === metric && e.file === fn.file && e.function === fn.name && (e.line === undefined || e.line === fn.line),
      );
      if (!excused) {
        breaks.push({ budget: `perFunction.${metric}`, detail: `${fn.file}:${fn.line} ${fn.name} ${metric} ${fn[metric]} > ${limit}` });
      }
    }
  }
  return breaks;
}
