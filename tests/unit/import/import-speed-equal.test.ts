/**
 * The import's speed-ups answer exactly as the code before them (issue 17, 225,000 long rows ≤ 5 s):
 * - matchLines matches each distinct (name, id, unit, context) once: the same matches, "not sure" answers
 *   and suggestions as matching every row on its own (the oracle: tests/unit/import/uncached-match.ts,
 *   the code before the cache), for generated tables of catalog names, aliases, short forms, headings,
 *   ambiguous and unknown names, repeated in any order, with and without the import memory;
 * - buildMapping's entries and their rows are the oracle's;
 * - buildCells reads a repeated text once per kind and unit: the same cells and messages as reading each
 *   figure on its own, and no two cells share a value object;
 * - the unit index's NFKC shortcut gives what normalize('NFKC') gives.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  buildCells,
  buildMapping,
  ImportMemory,
  matchLines,
  Matcher,
  previewImport,
  rebasePreview,
  SYNONYMS,
  workbookFromValues,
  workbookValues,
  type FigureRecord,
  type ImportCell,
  type Mapping,
  type TableLine,
} from '../../../src/core/import/index.ts';
import { parseValue } from '../../../src/core/parse/value.ts';
import { cellKey } from '../../../src/core/model/value.ts';
import { ROOT_UNIT, UnitTree } from '../../../src/core/model/units.ts';
import { nfkcNoSpace } from '../../../src/core/import/unit-of-file.ts';
import { baselineWorkbook, CATALOG } from './helpers.ts';
import { buildMappingUncached, matchLinesUncached } from './uncached-match.ts';

const matcher = new Matcher(CATALOG);

/** Names a county's table may hold: the catalog's own, aliases, English, short forms, bare measures and school types, headings, ambiguous and unknown names. */
const NAMES: string[] = [
  ...CATALOG.indicators.slice(0, 40).flatMap((i) => [i.label.zh, ...i.aliases.slice(0, 1)]),
  ...CATALOG.indicators.slice(40, 46).map((i) => i.label.en),
  ...SYNONYMS.subjects.slice(0, 14).flatMap((s) => [s.names[0], ...(s.short ?? []).slice(0, 1)]),
  ...SYNONYMS.measures.flatMap((m) => m.names.slice(0, 2)),
  '二、在校学生数（计量单位：人）',
  '一、学校数（所）',
  '三、专任教师',
  '其中：技工学校',
  '技工学校',
  '中等职业学校',
  '小学在校生数',
  '1.小学',
  '（一）普通高中',
  '在校生（注1）',
  '小学 Primary Schools',
  '学校数合计',
  '各级各类学校在校学生数',
  '某县自定统计项目3',
  '学校指标000017',
  '普通中学招生',
  '全市小学专任教师',
  '',
].filter((n): n is string => typeof n === 'string');
const UNITS = [undefined, undefined, undefined, '所', '人', '个', '万人', '%', '—'];
const IDS = [undefined, undefined, undefined, undefined, CATALOG.indicators[3].id, 'no_such_id'];

const line = fc.record({
  label: fc.constantFrom(...NAMES),
  unit: fc.constantFrom(...UNITS),
  sourceId: fc.constantFrom(...IDS),
});

/** A table: lines in file order (row numbers ascending), headings (no figures) among them. */
const table = fc.array(fc.tuple(line, fc.integer({ min: 0, max: 9 })), { minLength: 1, maxLength: 160 }).map((xs) =>
  xs.map(([l, heading], i): TableLine => {
    const t: TableLine = { row: i + 2, label: l.label, hasValues: heading !== 0 };
    if (l.unit !== undefined) t.unit = l.unit;
    if (l.sourceId !== undefined) t.sourceId = l.sourceId;
    return t;
  }),
);

/** Decisions of an earlier import about some of the names (to an indicator, or left out; with and without context). */
const memory = fc.option(
  fc.array(
    fc.record({
      label: fc.constantFrom(...NAMES.filter(Boolean)),
      unit: fc.constantFrom(null, '所', '人'),
      indicator: fc.constantFrom(null, CATALOG.indicators[0].id, CATALOG.indicators[7].id),
      context: fc.constantFrom(undefined, 'primary', 'students'),
    }),
    { maxLength: 6 },
  ).map((ds) => {
    const mem = new ImportMemory();
    for (const d of ds) mem.set({ label: d.label, unit: d.unit, indicator: d.indicator, how: d.indicator === null ? 'left-out' : 'user', ...(d.context ? { context: d.context } : {}) });
    return mem;
  }),
  { nil: undefined },
);

describe('the matcher matches each distinct name once and answers as matching every row', () => {
  it('property: matchLines gives every row the match the uncached matcher gives', () => {
    fc.assert(
      fc.property(table, memory, (lines, mem) => {
        expect(matchLines(lines, matcher, mem)).toEqual(matchLinesUncached(lines, matcher, mem));
      }),
      { numRuns: 300 },
    );
  });

  it('property: buildMapping gives the same entries, rows and suggestions', () => {
    fc.assert(
      fc.property(table, memory, fc.boolean(), (lines, mem, withLines) => {
        // a row with figures gives one or two records (a wide table's years)
        const records = lines.filter((l) => l.hasValues).flatMap((l) => (l.row % 3 === 0 ? [l, l] : [l]));
        const opts = { lines: withLines ? lines : undefined, memory: mem };
        expect(buildMapping(records, matcher, opts)).toEqual(buildMappingUncached(records, matcher, opts));
      }),
      { numRuns: 300 },
    );
  });

  it('a heading\'s measure and a total row\'s are different contexts for the same name: 小学 + 所 under each', () => {
    const rows: [string, string | undefined, boolean][] = [
      ['在校学生数', undefined, false],
      ['小学', '所', true],
      ['小学', '所', true],
      ['各级各类学校在校学生数', '人', true],
      ['小学', '所', true],
      ['小学', '所', true],
    ];
    const lines: TableLine[] = rows.map(([label, unit, hasValues], i) => ({ row: i + 1, label, hasValues, ...(unit ? { unit } : {}) }));
    const got = matchLines(lines, matcher);
    expect(got).toEqual(matchLinesUncached(lines, matcher));
    // under the heading 小学 counted in 所 contradicts 在校学生数 (not sure); under the total row the unit decides
    expect([got.get(3)!.indicatorId, got.get(6)!.indicatorId]).toEqual([null, 'schools_primary']);
  });

  it('a long table: 75 names × 400 units in unit order, the ambiguous and unknown ones "not sure" on every row', () => {
    const names = [...NAMES.slice(0, 70), '某县自定统计项目3', '在校生', '小学', '学校指标000017', '普通中学招生'];
    const lines: TableLine[] = [];
    for (let u = 0; u < 400; u++) names.forEach((label, i) => lines.push({ row: 2 + u * names.length + i, label, hasValues: true }));
    const cached = matchLines(lines, matcher);
    expect(cached).toEqual(matchLinesUncached(lines, matcher));
    const mapping = buildMapping(lines, matcher, { lines });
    expect(mapping).toEqual(buildMappingUncached(lines, matcher, { lines }));
    // (what the table holds: unknown names stay unmatched with suggestions on all their rows)
    const unknown = mapping.find((m) => m.label === '某县自定统计项目3')!;
    expect(unknown.indicatorId).toBeNull();
    expect(unknown.rows).toHaveLength(400);
  });
});

/** Indicators of every kind the catalog has (count, percentage, ratio, money, change, growth …). */
const KINDS = [...new Map(CATALOG.indicators.map((i) => [i.kind, i])).values()];
const RAWS = ['12', '0', '12', '1,234', ' 12 ', '约100', '92%以上', '98.23%', '0.9823', '1:14.7', '17.4', '55.5:44.5', '—', 'abc', '1.6万', '比上年减少55人', '-6%', '4721', '1e400', '9'.repeat(400)];

describe('buildCells reads a repeated text once and gives every cell what reading it alone gives', () => {
  it('property: the cells and messages of a table equal those of its figures read one by one; no value object is shared', () => {
    const record = fc.record({
      ind: fc.integer({ min: 0, max: KINDS.length - 1 }),
      raw: fc.constantFrom(...RAWS),
      unit: fc.constantFrom(undefined, undefined, '万元', '万人', '所', '千元'),
      period: fc.constantFrom('2019', '2020'),
    });
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 80 }), (xs) => {
        const records: FigureRecord[] = xs.map((x, i) => ({ row: i + 2, column: 'C', label: KINDS[x.ind].label.zh, period: x.period, raw: x.raw, ...(x.unit ? { unit: x.unit } : {}) }));
        const mapping: Mapping = records.map((r, i) => ({ sourceRow: r.row, rows: [r.row], label: r.label, indicatorId: KINDS[xs[i].ind].id, method: 'label', how: 'name', suggestions: [] }));
        const all = buildCells(records, mapping, CATALOG, 'f.csv');
        const one = records.map((r, i) => buildCells([r], [mapping[i]], CATALOG, 'f.csv'));
        expect(all.cells).toEqual(one.flatMap((o) => o.cells));
        expect(all.issues).toEqual(one.flatMap((o) => o.issues));
        expect(new Set(all.cells.map((c) => c.after)).size).toBe(all.cells.length);
      }),
      { numRuns: 200 },
    );
  });
});

describe('the unit index normalises names as NFKC does', () => {
  it('property: nfkcNoSpace(x) = x in NFKC without white space, for ASCII, CJK, full-width, circled, compatibility, combining and space characters', () => {
    const chars = fc.constantFrom(...'东平县第1校 County 3 school  \t\u3000\u00a0\u2003\u202f\ufeffＡＢ１２（）①㈠ｱｶﾞ\u0301e\u0065\u0301ﬁ㎡丽\uf900\u2f00'.split(''));
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 20 }).map((cs) => cs.join('')), fc.string({ unit: 'binary', maxLength: 12 }), (a, b) => {
        for (const x of [a, b, a + b]) expect(nfkcNoSpace(x)).toBe(x.normalize('NFKC').replace(/\s+/g, ''));
      }),
      { numRuns: 500 },
    );
  });
});

describe('a preview made without the workbook\'s figures, rebased on the workbook, is the preview against it', () => {
  it('property: rebasePreview(wb, previewImport(wb without values, cells)) = previewImport(wb, cells): before, status, changes, provenance, new years', () => {
    const wb = baselineWorkbook();
    wb.units = new UnitTree([ROOT_UNIT, { id: 'c1', name: { zh: '东平县', en: 'Dongping' }, parent: 'city', level: 'county', mode: 'reported' }]);
    const index = wb.index;
    const inds = CATALOG.indicators.slice(0, 12);
    // some cells of the workbook hold figures (2018, 2019 for the city), others are empty (2020, the county)
    for (const ind of inds.slice(0, 6)) wb.values.set(cellKey(ind.id, '2019', 'c1'), parseValue('7', ind, index.unitOf(ind)));
    const bare = workbookFromValues(workbookValues(wb, { values: false }));
    expect(bare.values.size).toBe(0);
    const cell = fc.record({
      ind: fc.integer({ min: 0, max: inds.length - 1 }),
      period: fc.constantFrom('2018', '2019', '2020', '2021'),
      unit: fc.constantFrom('city', 'c1'),
      raw: fc.constantFrom('7', '941', '1,234', '约100', '—', 'abc', '', '98.23%'),
      meta: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 40 }), (xs) => {
        const cells: ImportCell[] = xs.map((x, i) => {
          const ind = inds[x.ind];
          const c: ImportCell = { key: cellKey(ind.id, x.period, x.unit), indicator: ind.id, period: x.period, unit: x.unit, after: parseValue(x.raw, ind, index.unitOf(ind)), place: { row: i + 2, column: 'C' } };
          if (x.meta) c.meta = { source: `row ${i}` };
          return c;
        });
        expect(rebasePreview(wb, previewImport(bare, cells, 'f.csv'))).toEqual(previewImport(wb, cells, 'f.csv'));
      }),
      { numRuns: 300 },
    );
  });
});
