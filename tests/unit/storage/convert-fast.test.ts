/**
 * Opening a stored workbook the fast way (workbookFromMeta + fillWorkbook: texts looked up in place and
 * parsed once per kind and unit; the rules compiled before the figures are read) gives the workbook and
 * the findings the old way gave (tests/unit/storage/convert-before.ts, the old build kept verbatim).
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../../src/core/data/catalog.ts';
import type { Indicator } from '../../../src/core/model/catalog.ts';
import type { ReportingUnit } from '../../../src/core/model/units.ts';
import type { Workbook } from '../../../src/core/model/workbook.ts';
import { loadRuleFile } from '../../../src/core/rules/load.ts';
import { compileRules } from '../../../src/core/rules/validator.ts';
import { fillWorkbook, workbookFromMeta, workbookFromSnapshot } from '../../../src/storage/convert.ts';
import { blocksOfRows, dict, emptyMeta, packCells, rowsOfBlock, type StoredCell, type StoredMeta, type StoredRow } from '../../../src/storage/store.ts';
import { workbookFromSnapshotBefore } from './convert-before.ts';

const RULES = loadRuleFile(JSON.parse(readFileSync(new URL('../../../data/rules.json', import.meta.url), 'utf8')), CATALOG, 'data/rules.json');

const UNITS: ReportingUnit[] = [
  { id: 'city', name: { zh: '本市', en: 'City' }, parent: null, level: 'city', mode: 'reported' },
  { id: 'east', name: { zh: '东区', en: 'East' }, parent: 'city', level: 'county', mode: 'reported' },
  { id: 'west', name: { zh: '西区', en: 'West' }, parent: 'city', level: 'county', mode: 'derived' },
  { id: 'west-s1', name: { zh: '西区一中', en: 'West No. 1' }, parent: 'west', level: 'school', mode: 'reported' },
];
const CUSTOM: Indicator = { id: 'my_extra', label: { zh: '自定义', en: 'custom' }, section: CATALOG.sections[0].id, parent: null, order: 999, unit: CATALOG.units[0].id, kind: 'count', decimals: 0, aliases: [] };

// indicators of every kind the catalog has (texts are shared across indicators of one kind and unit:
// several of each), the custom one, and ids that are not figures of this workbook
const kinds = new Map<string, string[]>();
for (const i of CATALOG.indicators) kinds.set(`${i.kind}|${i.unit}`, [...(kinds.get(`${i.kind}|${i.unit}`) ?? []), i.id]);
const KNOWN = [...kinds.values()].flatMap((ids) => ids.slice(0, 3));
const indicatorArb = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...KNOWN, CUSTOM.id) }, fc.constantFrom('nope', 'x@2019', 'constructor', '__proto__'));
// places of the workbook, of a removed year or unit, and malformed ones
const placeArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('2019', '2020', '2019#east', '2020#east', '2019#west', '2020#west-s1', '2019#west-s1') },
  fc.constantFrom('2018', '2019#gone', '2019#', '#east', '', '2019#city', '2019#east#x', 'x'),
);
// figures as people write them: digits (leading zeros, long), decimals, words, marks, full-width, blanks
const textArb = fc.oneof(
  { weight: 4, arbitrary: fc.nat({ max: 99_999 }).map(String) },
  // the same digits with and without leading zeros (looked up by digits and length)
  { weight: 3, arbitrary: fc.constantFrom('0', '00', '7', '07', '007', '70') },
  fc.constantFrom('0', '00', '007', '12345678', '123456789', '99999999999', '12.5', '1,234', '约300', '300余', '-', '—', '１２３', ' 12', '12 ', '3所x', '8.3%', '1:2', '1.6万', '比上年增加120', '', '\n', 'x'),
  fc.string({ maxLength: 4 }),
);
const time = fc.constant('2026-11-30T09:00:00Z');
const moreArb = fc.record(
  {
    source: fc.constantFrom('公报', 'import.xlsx'),
    derived: fc.boolean(),
    derivation: fc.constant('sum'),
    note: fc.record({ text: fc.string({ maxLength: 5 }), time }),
    followUp: fc.record({ time, reason: fc.string({ maxLength: 5 }) }),
    changes: fc.array(fc.record({ time, before: textArb, after: textArb, how: fc.constantFrom('typed' as const, 'imported' as const) }), { minLength: 1, maxLength: 2 }),
    history: fc.array(textArb, { minLength: 1, maxLength: 2 }),
  },
  { requiredKeys: [] },
);
const cellArb = fc.tuple(textArb, fc.option(moreArb, { freq: 4 })).map(([raw, more]): StoredCell => ({ raw, ...(more ?? {}) }));
const rowsArb = fc.uniqueArray(fc.record({ indicator: indicatorArb, cells: fc.dictionary(placeArb, cellArb, { maxKeys: 12 }), packed: fc.boolean() }), { selector: (r) => r.indicator, maxLength: 14 });

const metaArb = fc.record({
  periods: fc.constantFrom<string[]>(['2019', '2020'], ['2020'], ['2019', '2020', '2021']),
  units: fc.constantFrom(UNITS, UNITS.slice(0, 2), undefined),
  custom: fc.boolean(),
  marks: fc.boolean(),
});

function metaOf(m: { periods: string[]; units: ReportingUnit[] | undefined; custom: boolean; marks: boolean }): StoredMeta {
  const rule = RULES.rules[0].id;
  return {
    ...emptyMeta('default', CATALOG.version),
    periods: m.periods,
    customIndicators: m.custom ? [CUSTOM] : [],
    ...(m.units ? { units: m.units, collection: { east: { received: { time: '2026-11-30T06:00:00Z', file: '东区.xlsx' } }, gone: { returned: { time: '2026-11-30T06:00:00Z', note: 'x' } } } } : {}),
    ...(m.marks ? { ruleMarks: [{ rule, period: '2020', kind: 'not_applicable', reason: '口径变化' }, { rule, period: '2019', kind: 'subpopulation', reason: '本县', population: '城区学校', unit: 'east' }] } : {}),
    explanations: { [`${rule}|2020`]: { reason: '公报说明', by: 'report' } },
    importMemory: [{ label: '学校数', unit: null, indicator: KNOWN[0], how: 'user' }],
    importLog: [{ time: '2026-11-30T06:00:00Z', file: 'a.csv', size: 10, cellsNew: 1, cellsChanged: 0, mapping: [] }],
  };
}

/** Rows as IndexedDB gives them back: packed ones through blocks (version 3), the rest as cell objects (version 2). */
function storedRows(rows: { indicator: string; cells: Record<string, StoredCell>; packed: boolean }[]): StoredRow[] {
  const out: StoredRow[] = [];
  const packed = rows.filter((r) => r.packed && Object.keys(r.cells).length);
  for (const b of blocksOfRows('default', packed.map((r) => ({ workbook: 'default', indicator: r.indicator, cells: toDict(r.cells) })))) out.push(...rowsOfBlock(structuredClone(b)));
  for (const r of rows.filter((x) => !x.packed)) out.push({ workbook: 'default', indicator: r.indicator, cells: toDict(r.cells) });
  return out;
}

function toDict(cells: Record<string, StoredCell>): Record<string, StoredCell> {
  const d = dict<StoredCell>();
  for (const [k, v] of Object.entries(cells)) d[k] = v;
  return d;
}

/** Everything a workbook holds, in its order (figures in CellMap order, values as plain objects). */
function contents(wb: Workbook): unknown {
  return {
    periods: wb.periods,
    indicators: wb.catalog.indicators.map((i) => i.id),
    units: wb.units.toJSON(),
    values: [...wb.values].map(([k, v]) => [k, { ...v }]),
    meta: [...wb.meta],
    notes: [...wb.notes],
    followUp: [...wb.followUp],
    history: [...wb.history],
    ruleMarks: [...wb.ruleMarks],
    explanations: [...wb.explanations],
    collection: [...wb.collection],
    importMemory: wb.importMemory.toJSON(),
    importLog: wb.importLog,
  };
}

describe('opening a stored workbook: the fast build equals the old one', () => {
  it('the same workbook for generated snapshots (packed and version-2 rows, annotations, provenance, unknown indicators, units and periods, empty and odd texts)', () => {
    fc.assert(
      fc.property(metaArb, rowsArb, (m, rows) => {
        const snap = { meta: metaOf(m), rows: storedRows(rows) };
        const before = workbookFromSnapshotBefore(snap, CATALOG);
        expect(contents(workbookFromSnapshot(snap, CATALOG))).toEqual(contents(before));
        // as Session.open does it: the workbook from the meta record first, the rows filled in after
        expect(contents(fillWorkbook(workbookFromMeta(snap.meta, CATALOG), snap.rows))).toEqual(contents(before));
      }),
      { numRuns: 300 },
    );
  });

  it('the same findings and counts when the rules are compiled before the figures are filled in', () => {
    fc.assert(
      fc.property(metaArb, rowsArb, (m, rows) => {
        const snap = { meta: metaOf(m), rows: storedRows(rows) };
        const old = compileRules(RULES, workbookFromSnapshotBefore(snap, CATALOG));
        old.reevaluate();
        const wb = workbookFromMeta(snap.meta, CATALOG);
        const early = compileRules(RULES, wb);
        fillWorkbook(wb, snap.rows);
        early.reevaluate();
        expect(early.findings()).toEqual(old.findings());
        expect(early.counts()).toEqual(old.counts());
        expect(early.outcomes()).toEqual(old.outcomes());
      }),
      { numRuns: 60 },
    );
  });

  it('a text is read by its kind and unit, not by the first indicator that had it ("8.3%" in a count row and in a percentage row), and by all its digits ("7", "07", "007")', () => {
    const count = CATALOG.indicators.find((i) => i.kind === 'count')!;
    const pct = CATALOG.indicators.find((i) => i.kind === 'percentage')!;
    const cells = (raw: string) => toDict({ '2019': { raw }, '2020': { raw: '007' }, '2020#east': { raw: '7' }, '2019#east': { raw: '07' } });
    const rows = [count, pct].map((i) => ({ workbook: 'default', indicator: i.id, cells: cells('8.3%'), packed: packCells(cells('8.3%')) }));
    const wb = workbookFromSnapshot({ meta: { ...emptyMeta('default', 'x'), periods: ['2019', '2020'], units: UNITS }, rows }, CATALOG);
    expect(wb.getByKey(`${count.id}@2019`).state).toBe('invalid');
    expect(wb.getByKey(`${pct.id}@2019`)).toMatchObject({ state: 'value', n: 8.3 });
    expect(wb.getByKey(`${count.id}@2020`)).toMatchObject({ raw: '007', n: 7 });
    expect(wb.getByKey(`${pct.id}@2020#east`)).toMatchObject({ raw: '7', n: 7 });
    expect(wb.getByKey(`${pct.id}@2019#east`)).toMatchObject({ raw: '07', n: 7 });
  });
});
