import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CellMap } from '../../../src/core/model/cell-map.ts';
import type { CellValue } from '../../../src/core/model/value.ts';

const v = (raw: string): CellValue => ({ raw, state: 'value', n: Number(raw) || 0 });

// cell keys as the workbook makes them, and any other string (no "@", several "@", empty parts)
const key = fc.oneof(
  fc.tuple(fc.constantFrom('schools_total', 'students_total', 'constructor', '__proto__'), fc.constantFrom('2019', '2020', '2019#c1', '2020#c1-s2')).map(([i, p]) => `${i}@${p}`),
  fc.string(),
);
const op = fc.oneof(
  fc.record({ op: fc.constant('set' as const), key, raw: fc.string({ maxLength: 4 }) }),
  fc.record({ op: fc.constant('delete' as const), key }),
  fc.record({ op: fc.constant('clear' as const) }),
);

describe('CellMap: a Map of figures held row by row', () => {
  it('behaves as a Map for any sequence of set, delete and clear: get, has, size, delete’s answer and the same entries', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const m = new Map<string, CellValue>();
        const c = new CellMap();
        for (const o of ops) {
          if (o.op === 'set') {
            const x = v(o.raw);
            m.set(o.key, x);
            expect(c.set(o.key, x)).toBe(c);
          } else if (o.op === 'delete') expect(c.delete(o.key)).toBe(m.delete(o.key));
          else {
            m.clear();
            c.clear();
          }
          expect(c.size).toBe(m.size);
        }
        for (const k of [...m.keys(), 'schools_total@2019', 'x@', '@', '']) {
          expect(c.get(k)).toBe(m.get(k));
          expect(c.has(k)).toBe(m.has(k));
        }
        const sorted = (it: Iterable<[string, CellValue]>) => [...it].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        expect(sorted(c)).toEqual(sorted(m));
        expect(sorted(c.entries())).toEqual(sorted(m.entries()));
        expect([...c.keys()].sort()).toEqual([...m.keys()].sort());
        expect(new Set(c.values())).toEqual(new Set(m.values()));
        const seen: string[] = [];
        c.forEach((x, k, map) => {
          expect(map).toBe(c);
          expect(x).toBe(m.get(k));
          seen.push(k);
        });
        expect(seen.sort()).toEqual([...m.keys()].sort());
      }),
    );
  });

  it('setAt(indicator, place) is set(`indicator@place`), and eachRow gives every figure by row and place', () => {
    const c = new CellMap();
    c.setAt('schools_total', '2019', v('934'));
    c.setAt('schools_total', '2019#c1', v('12'));
    c.set('students_total@2019#c1', v('5'));
    c.set('students_total@2019', v('7'));
    c.delete('schools_total@2019');
    expect(c.get('schools_total@2019#c1')?.raw).toBe('12');
    expect(c.size).toBe(3);
    const rows: [string, string, string][] = [];
    c.eachRow((id, places, row) => row.forEach((x, i) => x && rows.push([id, places[i], x.raw])));
    expect(rows).toEqual([
      ['schools_total', '2019#c1', '12'],
      ['students_total', '2019', '7'],
      ['students_total', '2019#c1', '5'],
    ]);
    // row by row, places in the order first seen
    expect([...c.keys()]).toEqual(['schools_total@2019#c1', 'students_total@2019', 'students_total@2019#c1']);
    expect(Object.prototype.toString.call(c)).toBe('[object CellMap]');
  });
});
