import { describe, expect, it } from 'vitest';
import { previewImport, readFigures, readTables } from '../../../src/core/import/index.ts';
import { baselineWorkbook, CATALOG, sample, snapshot } from './helpers.ts';

const read = (name: string, opts = {}) => readFigures(sample(name), name, CATALOG, opts);

describe('the sample files in data/samples', () => {
  it('each says it is made up, in its first row', async () => {
    for (const name of ['next-year-2020-wide-utf8.csv', 'next-year-2020-label-value-gb18030.csv', 'next-year-2020-long.csv', 'next-year-2020-merged-header.xlsx']) {
      const r = await readTables(sample(name), name);
      const table = r.sheets.find((s) => s.rows.length > 3)!;
      expect(table.rows[0].join(' '), name).toContain('虚构数据');
    }
  });

  it('wide UTF-8 CSV: every row matched, 2019 unchanged against the baseline, 2020 new', async () => {
    const r = await read('next-year-2020-wide-utf8.csv');
    expect(r).toMatchObject({ errors: [], warnings: [], encoding: 'utf-8-bom', layout: 'wide', headerRow: 2, periods: ['2019', '2020'] });
    expect(r.mapping.every((m) => m.indicatorId !== null)).toBe(true);
    const wb = baselineWorkbook();
    const p = previewImport(wb, r.cells, r.file);
    const count = (period: string, status: string) => p.cells.filter((c) => c.period === period && c.status === status).length;
    expect(count('2019', 'unchanged')).toBe(25);
    expect(count('2020', 'new')).toBe(25);
    expect(p.changes).toHaveLength(25);
    expect(p.newPeriods).toEqual(['2020']);
  });

  it('wide UTF-8 CSV holds the deliberate inconsistency: the 2020 school total is not the sum of its parts', async () => {
    const r = await read('next-year-2020-wide-utf8.csv');
    const v = (id: string) => r.cells.find((c) => c.indicator === id && c.period === '2020')!.after.n!;
    const parts = CATALOG.indicators.filter((i) => i.parent === 'schools_total' && !i.optional).map((i) => v(i.id));
    const sum = parts.reduce((a, b) => a + b, 0);
    expect(v('schools_total')).toBe(946);
    expect(sum).toBe(944);
    // The 2019 column is the published balance (934), so only 2020 is off.
    const v19 = (id: string) => r.cells.find((c) => c.indicator === id && c.period === '2019')!.after.n!;
    expect(CATALOG.indicators.filter((i) => i.parent === 'schools_total' && !i.optional).reduce((a, i) => a + v19(i.id), 0)).toBe(v19('schools_total'));
  });

  it('GB18030 label + value CSV: finds the year in its title, then matches numbered and marked names', async () => {
    const found = await read('next-year-2020-label-value-gb18030.csv');
    expect([found.errors, found.periods, found.periodSource]).toEqual([[], ['2020'], 'title']); // the title row names the year too
    const r = await read('next-year-2020-label-value-gb18030.csv', { period: '2020' });
    expect(r.encoding).toBe('gb18030');
    expect(r.errors).toEqual([]);
    expect(r.periods).toEqual(['2020']);
    const by = Object.fromEntries(r.mapping.map((m) => [m.label, [m.indicatorId, m.method]]));
    expect(by['其中：资助政策落实人次']).toEqual(['aid_policy_recipients', 'normalised']);
    expect(by['①建档立卡学生生活费补助人数']).toEqual(['aid_registered_poor_living', 'normalised']);
    expect(by['一、学生资助总资金（亿元）']).toEqual(['aid_funds_total', 'normalised']);
    expect(by['心理健康辅导覆盖学生数']).toEqual([null, 'none']);
    expect(r.warnings.map((w) => [w.code, w.row, w.column])).toEqual([
      ['unmatched-row', 14, undefined],
      ['invalid-value', 11, 'B'],
    ]);
    expect(r.cells.find((c) => c.indicator === 'aid_person_times')!.after.n).toBe(91000);
  });

  it('GB18030: the user ignores one name and adds the unmatched one as a new indicator; nothing else changes', async () => {
    const { makeCustomIndicator, setMapping } = await import('../../../src/core/import/index.ts');
    const first = await read('next-year-2020-label-value-gb18030.csv', { period: '2020' });
    const row = first.mapping.find((m) => m.indicatorId === null)!;
    const custom = makeCustomIndicator(CATALOG, { label: row.label, unit: 'person', section: 'student_development' });
    let mapping = setMapping(first.mapping, row.sourceRow, custom.id);
    mapping = setMapping(mapping, first.mapping.find((m) => m.label.includes('其他社会资助'))!.sourceRow, null);
    const r = await read('next-year-2020-label-value-gb18030.csv', { period: '2020', mapping, custom: [custom] });
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]); // the invalid value was on the ignored row
    expect(r.cells.find((c) => c.indicator === custom.id)!.after.n).toBe(20500);
    const wb = baselineWorkbook();
    const before = snapshot(wb);
    const p = previewImport(wb, r.cells, r.file, [custom]);
    expect(p.canCommit).toBe(true);
    expect(p.missingIndicators).toEqual([custom.id]);
    expect(snapshot(wb)).toBe(before);
  });

  it('XLSX with a merged title, a two-row merged header and notes: reads the table sheet only', async () => {
    const r = await read('next-year-2020-merged-header.xlsx');
    expect(r).toMatchObject({ errors: [], warnings: [], sheets: ['填表说明', '教师队伍'], sheet: '教师队伍', layout: 'wide', headerRow: 3 });
    expect(r.mapping).toHaveLength(13);
    expect(r.mapping.every((m) => m.method === 'label')).toBe(true);
    const share = r.cells.find((c) => c.key === 'share_associate_plus_kindergarten@2020')!;
    expect([share.after.raw, share.after.n, share.place]).toEqual(['80.2%', 80.2, { sheet: '教师队伍', row: 13, column: 'E' }]);
    const p = previewImport(baselineWorkbook(), r.cells, r.file);
    expect(p.cells.filter((c) => c.period === '2019').every((c) => c.status === 'unchanged')).toBe(true);
  });

  it('XLSX: choosing a sheet by name; a missing sheet names the ones there are', async () => {
    expect((await read('next-year-2020-merged-header.xlsx', { sheet: '教师队伍' })).cells).toHaveLength(26);
    const r = await read('next-year-2020-merged-header.xlsx', { sheet: '学生' });
    expect(r.errors.map((e) => e.code)).toEqual(['sheet-not-found']);
    expect(r.errors[0].message.zh).toContain('教师队伍');
  });

  it('long CSV with an id column: matched by id, both years', async () => {
    const r = await read('next-year-2020-long.csv');
    expect(r).toMatchObject({ errors: [], warnings: [], layout: 'long', periods: ['2019', '2020'] });
    expect(r.mapping.every((m) => m.method === 'id' && m.rows.length === 2)).toBe(true);
    expect(r.cells).toHaveLength(14);
  });

  it('importing a sample leaves the workbook untouched until the caller applies the changes', async () => {
    const wb = baselineWorkbook();
    const before = snapshot(wb);
    for (const name of ['next-year-2020-wide-utf8.csv', 'next-year-2020-long.csv', 'next-year-2020-merged-header.xlsx']) {
      previewImport(wb, (await read(name)).cells, name);
    }
    expect(snapshot(wb)).toBe(before);
  });
});

describe('the deliberate inconsistency shows as a finding after the import (rule engine)', () => {
  it('schools_total = Σ parts fails for 2020 only, once the previewed changes are applied', async () => {
    const { compileRules } = await import('../../../src/core/rules/index.ts');
    const r = await read('next-year-2020-wide-utf8.csv');
    const wb = baselineWorkbook();
    const p = previewImport(wb, r.cells, r.file);
    for (const period of p.newPeriods) wb.addPeriod(period);
    wb.apply(p.changes);
    const parts = CATALOG.indicators.filter((i) => i.parent === 'schools_total' && !i.optional).map((i) => i.id);
    const v = compileRules({ version: 'test', rules: [{ id: 'schools_balance', kind: 'balance', severity: 'error', total: 'schools_total', parts }] }, wb);
    const failed = v.validateAll().findings.filter((f) => f.ruleId === 'schools_balance' && f.outcome === 'failed');
    expect(failed.map((f) => [f.period, f.actual, f.expected])).toEqual([['2020', 946, 944]]);
  });
});
