import type { FileUnit } from './unit.js';
import varToLetConst from './transforms/var-to-let-const.js';

/**
 * The single list of what molt can do, in the order the pipeline runs it.
 * Stages run in STAGES order; within a stage, units run in this order.
 */
export const UNITS: FileUnit[] = [
  {
    name: 'var-to-let-const',
    kind: 'jscodeshift',
    stage: 'es2022',
    safety: 'safe',
    description: 'var → const/let where block scoping keeps every reference meaning the same',
    transform: varToLetConst,
  },
];

export function findUnit(name: string): FileUnit {
  const unit = UNITS.find((u) => u.name === name);
  if (!unit) throw new Error(`molt: no unit named "${name}" (known: ${UNITS.map((u) => u.name).join(', ')})`);
  return unit;
}
