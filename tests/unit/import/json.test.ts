import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeCustomIndicator, previewImport, readFigures } from '../../../src/core/import/index.ts';
import { workbookToJson } from '../../../src/core/io/workbook-json.ts';
import { Workbook } from '../../../src/core/model/workbook.ts';
import { parseValue } from '../../../src/core/parse/value.ts';
import { baselineWorkbook, CATALOG, snapshot, utf8, utf8bom } from './helpers.ts';

const baseline = new Uint8Array(readFileSync(new URL('../../../data/baseline-2019.json', import.meta.url)));
const doc = (values: unknown[], extra: Record<string, unknown> = {}) =>
  utf8(JSON.stringify({ format: 'edu-stats-workbook', formatVersion: 1, catalogVersion: CATALOG.version, periods: ['2020'], values, ...extra }));
const custom = { id: 'custom_1', label: { zh: '心理辅导学生数', en: 'x' }, section: 'student_development', parent: null, order: 9999, unit: 'person', kind: 'count', decimals: 0, aliases: [], custom: true };

/** A workbook's JSON export as the bytes a user would import. */
const exported = (wb: Workbook) => utf8(JSON.stringify(workbookToJson(wb)));

describe('the product JSON', () => {
  it('the baseline imports into an empty workbook as all new, and into the baseline workbook as all unchanged', async () => {
    const r = await readFigures(baseline, 'baseline-2019.json', CATALOG);
    expect(r.kind).toBe('json');
    expect(r.errors).toEqual([]);
    expect(r.periods).toEqual(['2018', '2019']);
    expect(r.mapping.every((m) => m.method === 'id')).toBe(true);
    const empty = previewImport(new Workbook(CATALOG), r.cells, r.file);
    expect(empty.cells.every((c) => c.status === 'new')).toBe(true);
    expect(empty.newPeriods).toEqual(['2018', '2019']);
    const same = previewImport(baselineWorkbook(), r.cells, r.file);
    expect(same.cells.every((c) => c.status === 'unchanged')).toBe(true);
    expect(same.changes).toEqual([]);
  });

  it('whatever the export writes imports back: applied to an empty workbook it gives the same export, custom indicators included', async () => {
    const wb = baselineWorkbook();
    const added = makeCustomIndicator(wb.catalog, { label: '校园足球特色学校数', unit: 'school', section: wb.catalog.sections[1].id });
    wb.setCatalog({ ...wb.catalog, indicators: [...wb.catalog.indicators, added] });
    wb.addPeriod('2020');
    const typed = (id: string, raw: string) => {
      const ind = wb.index.byId.get(id)!;
      return { key: `${id}@2020`, after: parseValue(raw, ind, wb.index.unitOf(ind)) };
    };
    wb.apply([typed(added.id, '57'), typed('schools_primary', '约 900'), typed('teachers_total', '3.5万')]);
    const r = await readFigures(exported(wb), 'export.json', CATALOG);
    expect(r.errors).toEqual([]);
    expect(r.customIndicators).toEqual([added]);
    const target = new Workbook(CATALOG);
    const p = previewImport(target, r.cells, r.file, r.customIndicators);
    expect(p.canCommit).toBe(true);
    target.setCatalog({ ...target.catalog, indicators: [...target.catalog.indicators, ...r.customIndicators!] });
    for (const period of p.newPeriods) target.addPeriod(period);
    target.apply(p.changes);
    for (const [k, m] of p.meta) target.meta.set(k, m);
    expect(target.get('schools_primary', '2020')).toMatchObject({ raw: '约 900', qualifier: 'about' });
    expect(snapshot(target)).toBe(snapshot(wb));
    expect(workbookToJson(target).values).toEqual(workbookToJson(wb).values);
  });

  it('a custom indicator the catalog already holds (added earlier) is not added twice', async () => {
    const wb = baselineWorkbook();
    const added = makeCustomIndicator(wb.catalog, { label: '校园足球特色学校数', unit: 'school', section: wb.catalog.sections[1].id });
    wb.setCatalog({ ...wb.catalog, indicators: [...wb.catalog.indicators, added] });
    const r = await readFigures(exported(wb), 'export.json', wb.catalog);
    expect(r.errors).toEqual([]);
    expect(r.customIndicators).toEqual([]);
  });

  it('custom indicators defined in the file are returned for the caller to add', async () => {
    const r = await readFigures(doc([{ indicator: 'custom_1', period: '2020', raw: '20500', state: 'value', value: 20500 }], { customIndicators: [custom] }), 'c.json', CATALOG);
    expect(r.errors).toEqual([]);
    expect(r.customIndicators?.map((i) => i.id)).toEqual(['custom_1']);
    const p = previewImport(baselineWorkbook(), r.cells, r.file, r.customIndicators);
    expect(p.canCommit).toBe(true);
    expect(p.missingIndicators).toEqual(['custom_1']);
  });

  it('a file with a byte-order mark reads the same', async () => {
    const text = new TextDecoder().decode(baseline);
    const r = await readFigures(utf8bom(text), 'bom.json', CATALOG);
    expect(r.errors).toEqual([]);
    expect(r.cells.length).toBe((await readFigures(baseline, 'b.json', CATALOG)).cells.length);
  });

  const v = (indicator: string, raw: string, n?: number, period = '2020') => ({ indicator, period, raw, state: 'value', ...(n === undefined ? {} : { value: n }) });
  it.each([
    ['not JSON', utf8('{"format": '), 'json-invalid', undefined],
    ['another JSON', utf8('{"hello": 1}'), 'json-not-workbook', undefined],
    ['unknown indicator', doc([v('nope', '1', 1)]), 'unknown-indicator', '/values/0'],
    ['a year not listed in periods', doc([v('schools_primary', '1', 1, '2021')]), 'bad-period', '/values/0'],
    ['not a year (schema)', doc([v('schools_primary', '1', 1, '20')]), 'json-invalid', '/values/0/period'],
    ['value disagrees with raw', doc([v('schools_primary', '1', 1), v('schools_junior', '100', 101)]), 'json-value-mismatch', '/values/1'],
    ['malformed entry (schema)', doc([{ indicator: 'schools_primary', raw: 1 }]), 'json-invalid', '/values/0'],
    ['the same cell twice', doc([v('schools_primary', '1', 1), v('schools_primary', '2', 2)]), 'duplicate-conflict', '/values/1'],
    ['a custom indicator in an unknown section', doc([], { customIndicators: [{ ...custom, section: 'nowhere' }] }), 'json-invalid', '/customIndicators/0/section'],
  ])('%s is an error naming the file and the place, and yields no cells', async (_n, bytes, code, path) => {
    const r = await readFigures(bytes, 'w.json', CATALOG);
    expect(r.errors.map((e) => e.code)).toContain(code);
    expect(r.errors[0].path).toBe(path);
    expect(r.errors[0].message.zh).toContain('w.json');
    if (path) expect(r.errors[0].message.zh).toContain(path);
    expect(r.cells).toEqual([]);
  });

  it('a custom indicator id the catalog uses for another indicator is refused, not merged into it', async () => {
    const mine = makeCustomIndicator(CATALOG, { label: '我的指标', unit: 'person', section: 'student_development' });
    const catalog = { ...CATALOG, indicators: [...CATALOG.indicators, mine] };
    const theirs = { ...custom, id: mine.id };
    const r = await readFigures(doc([v(mine.id, '5', 5)], { customIndicators: [theirs] }), 'theirs.json', catalog);
    expect(r.errors.map((e) => e.code)).toEqual(['json-invalid']);
    expect(r.errors[0].path).toBe('/customIndicators/0');
    expect(r.cells).toEqual([]);
  });
});
