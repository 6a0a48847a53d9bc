import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { previewImport, readFigures } from '../../../src/core/import/index.ts';
import { Workbook } from '../../../src/core/model/workbook.ts';
import { baselineWorkbook, CATALOG, utf8 } from './helpers.ts';

const baseline = new Uint8Array(readFileSync(new URL('../../../data/baseline-2019.json', import.meta.url)));
const doc = (values: unknown[], extra: Record<string, unknown> = {}) =>
  utf8(JSON.stringify({ format: 'edu-stats-workbook', formatVersion: 1, catalogVersion: CATALOG.version, periods: ['2020'], values, ...extra }));

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

  it('custom indicators defined in the file are returned for the caller to add', async () => {
    const custom = { id: 'custom_1', label: { zh: '心理辅导学生数', en: 'x' }, section: 'student_development', parent: null, order: 9999, unit: 'person', kind: 'count', decimals: 0, aliases: [], custom: true };
    const r = await readFigures(doc([{ indicator: 'custom_1', period: '2020', raw: '20500', state: 'value', value: 20500 }], { customIndicators: [custom] }), 'c.json', CATALOG);
    expect(r.errors).toEqual([]);
    expect(r.customIndicators?.map((i) => i.id)).toEqual(['custom_1']);
    const p = previewImport(baselineWorkbook(), r.cells, r.file, r.customIndicators);
    expect(p.canCommit).toBe(true);
    expect(p.missingIndicators).toEqual(['custom_1']);
  });

  it.each([
    ['not JSON', utf8('{"format": '), 'json-invalid', undefined],
    ['another JSON', utf8('{"hello": 1}'), 'json-not-workbook', undefined],
    ['unknown indicator', doc([{ indicator: 'nope', period: '2020', raw: '1' }]), 'unknown-indicator', '/values/0'],
    ['bad period', doc([{ indicator: 'schools_primary', period: '20', raw: '1' }]), 'bad-period', '/values/0'],
    ['value disagrees with raw', doc([{ indicator: 'schools_primary', period: '2020', raw: '1' }, { indicator: 'schools_junior', period: '2020', raw: '100', value: 101 }]), 'json-value-mismatch', '/values/1'],
    ['malformed entry', doc([{ indicator: 'schools_primary', raw: 1 }]), 'json-invalid', '/values/0'],
  ])('%s is an error naming the place, and yields no cells', async (_n, bytes, code, path) => {
    const r = await readFigures(bytes, 'w.json', CATALOG);
    expect(r.errors.map((e) => e.code)).toEqual([code]);
    expect(r.errors[0].path).toBe(path);
    if (path) expect(r.errors[0].message.zh).toContain(path);
    expect(r.cells).toEqual([]);
  });
});
