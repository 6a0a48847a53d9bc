import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sparklinePath } from '../../../src/ui/panel/sparkline.ts';

describe('sparklinePath', () => {
  it.each<[(number | null)[], string]>([
    [[], ''],
    [[null, null], ''],
    // lowest value at the bottom (y = h − pad), highest at the top (y = pad)
    [[1, 3], 'M2 18L62 2'],
    [[3, 1, 2], 'M2 2L32 18L62 10'],
    // equal values: a flat line in the middle
    [[5, 5, 5], 'M2 10L32 10L62 10'],
    // a missing year breaks the line; a lone point is a dot
    [[1, null, 2, 3], 'M2 18h0M42 10L62 2'],
    [[7], 'M32 10h0'],
  ])('%j → %s', (values, d) => {
    expect(sparklinePath(values, 64, 20)).toBe(d);
  });

  it('property: one move per run of present years, one point per present year, all inside the box', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.double({ min: -1e9, max: 1e9, noNaN: true }), { nil: null }), { maxLength: 30 }), (values) => {
        const d = sparklinePath(values, 64, 20);
        const runs = values.reduce<number>((n, v, i) => n + (v !== null && (i === 0 || values[i - 1] === null) ? 1 : 0), 0);
        expect((d.match(/M/g) ?? []).length).toBe(runs);
        expect((d.match(/[ML]/g) ?? []).length).toBe(values.filter((v) => v !== null).length);
        for (const [, x, y] of d.matchAll(/[ML](-?[\d.]+) (-?[\d.]+)/g)) {
          expect(Number(x)).toBeGreaterThanOrEqual(0);
          expect(Number(x)).toBeLessThanOrEqual(64);
          expect(Number(y)).toBeGreaterThanOrEqual(0);
          expect(Number(y)).toBeLessThanOrEqual(20);
        }
      }),
    );
  });
});
