import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import baseline from '../../../data/baseline-2019.json' with { type: 'json' };
import { CATALOG } from '../../../src/core/data/catalog.ts';
import { workbookFromJson, workbookSchemaIssues, workbookToJson } from '../../../src/core/io/workbook-json.ts';
import type { Catalog, Indicator } from '../../../src/core/model/catalog.ts';
import { VALUE_KINDS } from '../../../src/core/model/catalog.ts';
import { cellKey } from '../../../src/core/model/value.ts';
import { Workbook, type ValueMeta } from '../../../src/core/model/workbook.ts';
import { parseValue } from '../../../src/core/parse/value.ts';

const digits = fc.stringMatching(/^[1-9][0-9]{0,6}$/);
const decimal = fc.tuple(digits, fc.stringMatching(/^[0-9]{1,3}$/)).map(([a, b]) => `${a}.${b}`);
const number = fc.oneof(digits, decimal, fc.constant('0'));
/** Raw texts of every kind the parser knows, and text it does not. */
const rawArb = fc.oneof(
  number,
  number.map((n) => `-${n}`),
  digits.map((d) => Number(d).toLocaleString('en-US')),
  number.map((n) => `${n}万`),
  number.map((n) => `${n}亿元`),
  number.map((n) => `${n}%`),
  number.map((n) => `1:${n}`),
  fc.tuple(number, number).map(([a, b]) => `${a}:${b}`),
  fc.tuple(fc.constantFrom('约', '近', '超过', '不足', ''), number, fc.constantFrom('以上', '左右', '余', '多', '')).map(([p, n, s]) => `${p}${n}${s}`),
  number.map((n) => n.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)))),
  fc.constantFrom('—', '-', '--', '/', 'N/A', '不适用', ' ', 'abc', '1.2.3', '=SUM(A1)', '9'.repeat(400), '1,23', '"quoted"'),
  fc.string({ minLength: 1, maxLength: 8 }),
);

const text = fc.string({ minLength: 1, maxLength: 6 });
const metaArb: fc.Arbitrary<ValueMeta | undefined> = fc.option(
  fc.record({ source: text, derived: fc.boolean(), derivation: text }, { requiredKeys: [] }),
  { nil: undefined },
);

const catalogArb: fc.Arbitrary<Catalog> = fc
  .tuple(
    fc.subarray(CATALOG.indicators, { minLength: 1 }),
    fc.array(
      fc.record({ kind: fc.constantFrom(...VALUE_KINDS), unit: fc.constantFrom(...CATALOG.units.map((u) => u.id)), section: fc.constantFrom(...CATALOG.sections.map((s) => s.id)), zh: text, decimals: fc.integer({ min: 0, max: 3 }), note: fc.option(text, { nil: undefined }) }),
      { maxLength: 3 },
    ),
  )
  .map(([kept, customs]) => {
    const ids = new Set(kept.map((i) => i.id));
    const indicators: Indicator[] = kept.map((i) => (i.parent === null || ids.has(i.parent) ? i : { ...i, parent: null }));
    customs.forEach((c, i) => {
      const ind: Indicator = { id: `custom_${i}`, label: { zh: c.zh, en: `Custom ${i}` }, section: c.section, parent: null, order: 100000 + i, unit: c.unit, kind: c.kind, decimals: c.decimals, aliases: [], custom: true };
      if (c.note !== undefined) ind.note = { zh: c.note, en: c.note };
      indicators.push(ind);
    });
    return { ...CATALOG, indicators };
  });

const workbookArb: fc.Arbitrary<Workbook> = catalogArb.chain((catalog) =>
  fc
    .tuple(
      fc.uniqueArray(fc.integer({ min: 2000, max: 2030 }).map(String), { minLength: 1, maxLength: 4 }),
      fc.array(fc.tuple(fc.constantFrom(...catalog.indicators), fc.nat(), rawArb, metaArb), { maxLength: 40 }),
    )
    .map(([periods, cells]) => {
      const wb = new Workbook(catalog, periods);
      for (const [ind, p, raw, meta] of cells) {
        const period = wb.periods[p % wb.periods.length];
        const key = cellKey(ind.id, period);
        const v = parseValue(raw, ind, wb.index.unitOf(ind));
        wb.apply([{ key, after: v }]);
        if (meta && Object.keys(meta).length) wb.meta.set(key, meta);
      }
      return wb;
    }),
);

function snapshot(wb: Workbook) {
  return {
    periods: wb.periods,
    values: [...wb.values.entries()].sort(([a], [b]) => (a < b ? -1 : 1)),
    meta: [...wb.meta.entries()].filter(([k]) => wb.values.has(k)).sort(([a], [b]) => (a < b ? -1 : 1)),
    custom: wb.catalog.indicators.filter((i) => i.custom),
    order: wb.index.ordered.map((i) => i.id),
  };
}

describe('workbook JSON round trip', () => {
  it('toJson → stringify → parse → fromJson gives the same workbook (generated workbooks)', () => {
    fc.assert(
      fc.property(workbookArb, (wb) => {
        const file = workbookToJson(wb);
        const text = JSON.stringify(file);
        expect(workbookSchemaIssues(JSON.parse(text))).toEqual([]);
        const base = { ...wb.catalog, indicators: wb.catalog.indicators.filter((i) => !i.custom) };
        const back = workbookFromJson(JSON.parse(text), base, 'gen.json');
        expect(snapshot(back)).toEqual(snapshot(wb));
        // deterministic: the same workbook writes the same file
        expect(JSON.stringify(workbookToJson(back))).toBe(text);
      }),
      { numRuns: 150 },
    );
  });

  it('the 2019 baseline validates and round-trips', () => {
    expect(workbookSchemaIssues(baseline)).toEqual([]);
    const wb = workbookFromJson(baseline, CATALOG, 'data/baseline-2019.json');
    expect(wb.values.size).toBe(baseline.values.length);
    expect([...wb.meta.values()].some((m) => m.derived)).toBe(true);
    const again = workbookFromJson(JSON.parse(JSON.stringify(workbookToJson(wb))), CATALOG);
    expect(snapshot(again)).toEqual(snapshot(wb));
    // same set of value records as the shipped file (order is the report order)
    const key = (v: { indicator: string; period: string }) => `${v.indicator}@${v.period}`;
    const sort = <T extends { indicator: string; period: string }>(xs: T[]) => [...xs].sort((a, b) => (key(a) < key(b) ? -1 : 1));
    expect(sort(workbookToJson(wb).values)).toEqual(sort(baseline.values as { indicator: string; period: string }[]));
  });
});
