import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { edgeIndicatorRow, nextIndicatorRow, sectionEdgeRow, type RowKind } from '../../../src/ui/grid-nav.ts';

/** Rows written as a string: S a section header, i an indicator row. */
function rows(spec: string): { kindAt: (i: number) => RowKind | undefined; count: number } {
  const kinds = [...spec].map((c): RowKind => (c === 'S' ? 'section' : 'indicator'));
  return { kindAt: (i) => kinds[i], count: kinds.length };
}

describe('Ctrl+arrow to the section edges', () => {
  //        0123456789
  const g = 'SiiiSiiSi';
  it.each([
    // [from, dir, to]
    [1, 1, 3], // inside the first section: to its last row
    [2, 1, 3],
    [3, 1, 5], // at its last row: to the first row of the next section (over the header)
    [5, 1, 6],
    [6, 1, 8],
    [8, 1, 8], // the grid's last row: stays
    [8, -1, 6], // a one-row section: on to the previous section's last row
    [6, -1, 5],
    [5, -1, 3],
    [3, -1, 1],
    [1, -1, 1], // the grid's first row: stays
  ] as const)('from row %i in direction %i to row %i', (from, dir, to) => {
    const { kindAt, count } = rows(g);
    expect(sectionEdgeRow(kindAt, count, from, dir)).toBe(to);
  });

  it('always lands on an indicator row, moves in the asked direction, and two presses never go back', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 40 }), fc.nat(), fc.constantFrom<1 | -1>(1, -1), (bits, start, dir) => {
        const spec = bits.map((b) => (b ? 'S' : 'i')).join('');
        const { kindAt, count } = rows(spec);
        const indicators = [...spec].flatMap((c, i) => (c === 'i' ? [i] : []));
        if (!indicators.length) return;
        const from = indicators[start % indicators.length];
        const to = sectionEdgeRow(kindAt, count, from, dir);
        expect(kindAt(to)).toBe('indicator');
        expect((to - from) * dir).toBeGreaterThanOrEqual(0);
        // it stays only at the grid's edge
        if (to === from) expect(nextIndicatorRow(kindAt, count, from, dir)).toBe(-1);
        expect((sectionEdgeRow(kindAt, count, to, dir) - to) * dir).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});

describe('next indicator row and the grid edges (Tab wrap, Ctrl+Home/End)', () => {
  it.each([
    ['SiiSi', 2, 1, 4],
    ['SiiSi', 4, -1, 2],
    ['SiiSi', 4, 1, -1],
    ['SiiSi', 1, -1, -1],
    ['SSi', 0, 1, 2],
  ] as const)('%s: from %i in direction %i is %i', (spec, from, dir, to) => {
    const { kindAt, count } = rows(spec);
    expect(nextIndicatorRow(kindAt, count, from, dir)).toBe(to);
  });

  it.each([
    ['SiiSi', 1, 4],
    ['iS', 0, 0],
    ['SS', -1, -1],
  ] as const)('%s: first indicator row %i, last %i', (spec, first, last) => {
    const { kindAt, count } = rows(spec);
    expect(edgeIndicatorRow(kindAt, count, 1)).toBe(first);
    expect(edgeIndicatorRow(kindAt, count, -1)).toBe(last);
  });
});
