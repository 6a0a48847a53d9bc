import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatNumber } from '../../../src/core/i18n/format.ts';

/**
 * formatNumber keeps one Intl.NumberFormat per number of decimals instead of calling toLocaleString
 * with options (which builds a formatter per number). The text must be the same: a table of written-out
 * answers, and a property against the previous code (toLocaleString per number) for any number and
 * any number of decimals.
 */

/** formatNumber as it was: toLocaleString with the options, per number. */
function before(x: number, decimals = 4): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? '?' : x > 0 ? '∞' : '−∞';
  const s = Math.abs(x).toLocaleString('en-US', { maximumFractionDigits: Math.max(0, Math.min(20, decimals)), useGrouping: true });
  return /^[0.,]+$/.test(s) || x >= 0 ? s : `−${s}`;
}

describe('formatNumber with a cached formatter', () => {
  it.each([
    [0, 4, '0'],
    [-0, 4, '0'],
    [-0.00001, 4, '0'],
    [355063, 4, '355,063'],
    [-1234567.5, 4, '−1,234,567.5'],
    [98.235, 2, '98.24'],
    [98.225, 2, '98.23'],
    [1 / 3, 4, '0.3333'],
    [1 / 3, 0, '0'],
    [2.5, 0, '3'],
    [-2.5, 0, '−3'],
    [1e21, 4, '1,000,000,000,000,000,000,000'],
    [0.1 + 0.2, 20, '0.30000000000000004'],
    [12.3456789, 25, '12.3456789'],
    [12.3456789, -3, '12'],
    [Infinity, 4, '∞'],
    [-Infinity, 4, '−∞'],
    [NaN, 4, '?'],
  ])('formats %s with %s decimals as %s (as before)', (x, d, s) => {
    expect(formatNumber(x, d)).toBe(s);
    expect(before(x, d)).toBe(s);
  });

  it('gives the same text as toLocaleString per number, for any number and decimals, in any order of calls', () => {
    const number = fc.oneof(fc.double(), fc.integer({ min: -1e9, max: 1e9 }), fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((x) => Math.round(x * 1000) / 1000));
    fc.assert(
      fc.property(fc.array(fc.tuple(number, fc.oneof(fc.integer({ min: -2, max: 24 }), fc.double({ min: -2, max: 24, noNaN: true }))), { minLength: 1, maxLength: 20 }), (xs) => {
        for (const [x, d] of xs) {
          expect(formatNumber(x, d)).toBe(before(x, d));
          expect(formatNumber(x)).toBe(before(x));
        }
      }),
      { numRuns: 500 },
    );
  });
});
