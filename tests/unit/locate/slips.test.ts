import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applySlip, classifySlip, slipCandidates, SLIP_KINDS } from '../../../src/core/locate/slips.ts';

describe('classifySlip', () => {
  it.each([
    // entered, meant, decimals, kind
    [265665, 256665, 0, 'transposition'],
    [256695, 256665, 0, 'digit'],
    [25665, 256665, 0, 'dropped'],
    [2566665, 256665, 0, 'doubled'],
    [25666.5, 256665, 0, 'decimal'],
    [2566.65, 256665, 0, 'decimal'],
    [25.6665, 256665, 0, 'wan'],
    [41.7, 14.7, 1, 'transposition'],
    [14.2, 14.7, 1, 'digit'],
    [5208, 52.08, 2, 'decimal'],
    [98.32, 98.23, 2, 'transposition'],
    [-265, -256, 0, 'transposition'],
    [86900, 8.69, 4, 'wan'],
  ] as const)('%s meant as %s (%s decimals) is %s', (entered, meant, d, kind) => {
    expect(classifySlip(entered, meant, d)).toBe(kind);
  });

  it.each([
    [256665, 256665, 0], // no slip at all
    [300000, 256665, 0], // far away
    [265566, 256665, 0], // two swaps
    [3, 1, 0], // one figure "wrong by one digit" is any other figure
    [2, 0, 0], // 0.2 rounded is not a shifted point
  ])('%s meant as %s is no single slip', (entered, meant, d) => {
    expect(classifySlip(entered, meant, d)).toBeNull();
  });
});

describe('applySlip and slipCandidates are inverse', () => {
  it('every slipped figure is explained by a slip back to the original', () => {
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 99_999_999 }), fc.constantFrom(...SLIP_KINDS), fc.nat(20), (n, kind, variant) => {
        const x = applySlip(n, 0, kind, variant);
        if (x === null) return;
        expect(x).not.toBe(n);
        const back = classifySlip(x, n, 0);
        expect(back).not.toBeNull();
        if (kind === 'transposition') expect(back).toBe(kind);
      }),
    );
  });

  it('candidates never include the entered value and are unique', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e7, max: 1e7, noNaN: true }), fc.integer({ min: 0, max: 3 }), (x, d) => {
        const c = slipCandidates(x, d).map((s) => s.value);
        expect(c).not.toContain(Number(x.toFixed(d)));
        expect(new Set(c).size).toBe(c.length);
      }),
    );
  });
});
