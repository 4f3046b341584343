import assert from 'node:assert/strict';
import { TargetUnavailable } from '../src/launcher.js';
import { diffTraces, renderDiff } from '../replay/diff.js';
import { intendedFor, split } from '../replay/intended.js';
import { normalizeTrace } from '../replay/normalize.js';
import { recordTarget } from '../replay/scenario.js';

describe('differential replay: legacy vs migrated', function () {
  this.timeout(120_000);

  it('answers the recorded session like legacy, but for the documented intended differences', async function () {
    let traces;
    try {
      traces = await Promise.all([recordTarget('legacy'), recordTarget('migrated')]);
    } catch (err) {
      if (err instanceof TargetUnavailable) {
        console.log(`      ${err.message}: skipped`);
        this.skip();
      }
      throw err;
    }
    const [legacy, migrated] = traces.map(normalizeTrace) as [ReturnType<typeof normalizeTrace>, ReturnType<typeof normalizeTrace>];
    const { regressions, accepted } = split(diffTraces(legacy, migrated), intendedFor('legacy', 'migrated'));
    assert.equal(regressions.length, 0, renderDiff(regressions, 'legacy', 'migrated'));
    assert.ok(legacy.steps.length > 30);
    // the intended list is not a blanket: it covers presence only
    assert.ok(accepted.every((d) => /presence|missing/.test(d.path)), JSON.stringify(accepted));
  });
});
