import { describe, expect, it } from 'vitest';
import { benchUnits, UNITS_QUICK } from '../../../bench/units.ts';

describe('units bench, the edit measurements (quick sizes)', () => {
  // benchUnits throws when the edits did not add and remove the findings they should (or left an error)
  const figures = benchUnits(UNITS_QUICK);
  const byName = (name: string) => figures.find((f) => f.name === name);

  it.each([
    ['units: one edit with its roll-up re-validated', true],
    ['units: one edit with its roll-up, p95', true],
    ['units: one edit with its roll-up, its findings read', true],
    ['units: one edit with its roll-up, plan only', false],
    ['units: one edit under a derived county', true],
  ])('has %s, timed, against the plan-level floor: %s', (name, floor) => {
    const f = byName(name);
    expect(f, name).toBeDefined();
    expect(Number.isFinite(f!.value) && f!.value! > 0).toBe(true);
    if (floor) expect(f!.baseline! > 0).toBe(true);
    else expect(f!.baseline).toBeUndefined();
  });

  it('judges the edit goal on the median, and names p95 and the breaking and restoring halves', () => {
    const f = byName('units: one edit with its roll-up re-validated')!;
    expect(f.goal).toEqual({ max: 20 });
    expect(f.note).toMatch(/p95 [\d.]+ µs; breaking \(two findings built\) median [\d.]+ µs, p95 [\d.]+ µs; restoring \(two removed\) median [\d.]+ µs/);
  });
});
