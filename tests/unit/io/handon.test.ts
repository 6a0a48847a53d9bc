// Exports a person can hand on (issue 16): widths, frozen panes, number formats, status columns, checks order.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Papa from 'papaparse';
import * as XLSX from '@e965/xlsx';
import { readFileSync } from 'node:fs';
import { CATALOG } from '../../../src/core/data/catalog.ts';
import { BASELINE_2019_JSON } from '../../../src/core/data/baseline.ts';
import { workbookToCsv } from '../../../src/core/io/csv.ts';
import { displayWidth, numberFormat, workbookToXlsx } from '../../../src/core/io/xlsx.ts';
import { workbookFromJson } from '../../../src/core/io/workbook-json.ts';
import { validationReportFor } from '../../../src/core/io/export.ts';
import type { ReportRule, ValidationReport } from '../../../src/core/io/report.ts';
import type { RuleFile } from '../../../src/core/rules/types.ts';
import { parseValue } from '../../../src/core/parse/value.ts';
import { statusCells } from '../../../src/core/io/table.ts';

const RULES = JSON.parse(readFileSync('data/rules.json', 'utf8')) as RuleFile;
const baseline = () => workbookFromJson(BASELINE_2019_JSON, CATALOG, 'data/baseline-2019.json');
type Wb = ReturnType<typeof baseline>;
const set = (wb: Wb, id: string, period: string, raw: string) => {
  const ind = wb.index.indicator(id);
  wb.apply([{ key: `${id}@${period}`, after: parseValue(raw, ind, wb.index.unitOf(ind)) }]);
};
/** The baseline with one broken total (schools: 934 ≠ the sum of its parts once a part changes). */
function broken() {
  const wb = baseline();
  set(wb, 'schools_university', '2019', '2'); // was 1: balance_schools_total fails (an error)
  set(wb, 'students_total', '2018', '12345'); // a count over a thousand
  set(wb, 'ger_preschool', '2018', '45.6'); // a percentage with one published decimal
  set(wb, 'student_loan_amount', '2018', '1234.56'); // money, 万元, two decimals
  return { wb, report: validationReportFor(wb, RULES, '2026-11-30T00:00:00.000Z') };
}
/** The indicators a failed outcome of the report names (what the status column must mark). */
function failingRows(report: ValidationReport): Set<string> {
  const failing = new Set<string>();
  for (const r of report.rules) for (const o of r.outcomes) if (o.outcome === 'failed') for (const k of o.cells) failing.add(k.split('@')[0]);
  for (const v of report.values) if (v.outcome === 'failed') failing.add(v.indicator);
  return failing;
}
const rowsOf = (sheet: XLSX.WorkSheet) => XLSX.utils.sheet_to_json<(string | number)[]>(sheet, { header: 1, defval: '' });
const zipText = (bytes: Uint8Array, path: string) => new TextDecoder().decode(XLSX.CFB.find(XLSX.CFB.read(bytes, { type: 'array' }), `/${path}`)!.content as Uint8Array);

describe('numberFormat by unit and published decimals', () => {
  it.each([
    ['person', '12345', '#,##0;-#,##0', '12,345'],
    ['school', '934', '#,##0;-#,##0', '934'],
    ['person', '-1200', '#,##0;-#,##0', '-1,200'],
    ['wan_yuan', '1234.56', '#,##0.00;-#,##0.00', '1,234.56'],
    ['yi_yuan', '3.2', '#,##0.0;-#,##0.0', '3.2'],
    ['percent', '45.6', '0.0', '45.6'],
    ['percent', '100', '0', '100'],
    ['ratio', '16.25', '0.00', '16.25'],
    ['rank', '1234', '0', '1234'],
  ])('%s %s → %s, shown as %s', (unit, raw, fmt, shown) => {
    expect(numberFormat(unit, raw)).toBe(fmt);
    expect(XLSX.SSF.format(fmt, Number(raw))).toBe(shown);
  });
});

describe('statusCells', () => {
  it.each([
    [[], 'zh', ['', '']],
    [[{ status: 'warning', period: '2019', text: '2019年：变动 33%' }], 'zh', ['▲ 警告', '▲ 警告 2019年：变动 33%']],
    [[{ status: 'error', period: '2018', text: '不是数字' }, { status: 'explained', period: '2019', text: '2019年：x' }], 'zh', ['✖ 错误', '✖ 错误 2018：不是数字；△ 已说明 2019年：x']],
    [[{ status: 'error', period: '2018', text: 'not a number' }], 'en', ['✖ error', '✖ error 2018: not a number']],
  ] as const)('%j (%s) → %j', (list, lang, want) => {
    expect(statusCells([...list], lang)).toEqual(want);
  });
});

describe('XLSX a person can hand on', () => {
  it('data sheet: widths fit every cell, header and name column frozen, numbers formatted by unit, failing rows marked', async () => {
    const { wb, report } = broken();
    const bytes = await workbookToXlsx(wb, 'zh', report);
    const book = XLSX.read(bytes, { type: 'array', cellNF: true, cellStyles: true });
    const sheet = book.Sheets['数据'];
    const rows = rowsOf(sheet);
    expect(rows[1]).toEqual(['编号', '指标', '单位', '2018', '2019', '状态', '核查说明']);

    // widths: every column at least as wide as its widest cell below the title (capped at 50), never a default
    const cols = sheet['!cols']!;
    expect(cols).toHaveLength(7);
    for (let c = 0; c < 7; c++) {
      const widest = Math.max(...rows.slice(1).map((r) => displayWidth(typeof r[c] === 'number' ? (r[c] as number).toLocaleString('en') : String(r[c] ?? ''))));
      expect(cols[c].wch, `column ${c}`).toBeGreaterThanOrEqual(Math.min(widest, 50));
    }
    // the longest Chinese name decides the name column: two widths a character
    const longest = Math.max(...CATALOG.indicators.map((i) => i.label.zh.length));
    expect(cols[1].wch).toBeGreaterThanOrEqual(Math.min(50, 2 * longest));

    // frozen: title + header rows and the id + name columns (SheetJS reads no panes back, so the XML is read)
    expect(zipText(bytes, 'xl/worksheets/sheet1.xml')).toMatch(/<sheetView [^>]*><pane xSplit="2" ySplit="2" topLeftCell="C3" activePane="bottomRight" state="frozen"\/>/);
    expect(zipText(bytes, 'xl/worksheets/sheet2.xml')).toMatch(/<pane ySplit="2" topLeftCell="A3" activePane="bottomLeft" state="frozen"\/>/);

    const cell = (id: string, period: string) => sheet[XLSX.utils.encode_cell({ r: rows.findIndex((r) => r[0] === id), c: 3 + wb.periods.indexOf(period) })];
    expect([cell('students_total', '2018').z, cell('students_total', '2018').w]).toEqual(['#,##0;-#,##0', '12,345']);
    expect([cell('ger_preschool', '2018').z, cell('ger_preschool', '2018').w]).toEqual(['0.0', '45.6']);
    expect([cell('student_loan_amount', '2018').z, cell('student_loan_amount', '2018').w]).toEqual(['#,##0.00;-#,##0.00', '1,234.56']);
    expect([cell('schools_total', '2019').t, cell('schools_total', '2019').z]).toEqual(['n', '#,##0;-#,##0']);
    // every numeric cell has the format of its unit and shows its raw text (grouping aside)
    for (const [key, v] of wb.values) {
      const [id, period] = key.split('@');
      const c = cell(id, period);
      if (c.t !== 'n') continue;
      expect(c.z).toBe(numberFormat(wb.index.indicator(id).unit, v.raw));
      expect(String(c.w).replace(/,/g, '')).toBe(v.raw);
    }

    // status: the broken total and its parts are errors; an explained warning is "已说明"; others empty
    const status = new Map(rows.slice(2).filter((r) => r[0]).map((r) => [r[0] as string, [r[5], r[6]] as [string, string]]));
    expect(status.get('schools_total')![0]).toBe('✖ 错误');
    expect(status.get('schools_total')![1]).toMatch(/^✖ 错误 2019年：各级各类学校\(幼儿园\)数 934 与分项之和 935 不符/);
    expect(status.get('schools_university')![0]).toBe('✖ 错误');
    expect(status.get('gaokao_college_passes')![0]).toBe('△ 已说明');
    expect(status.get('students_university')).toEqual(['', '']);
    // a row is marked exactly when a failed outcome of the report names one of its cells
    expect(new Set([...status].filter(([, s]) => s[0] !== '').map(([id]) => id))).toEqual(failingRows(report));
  });

  it('checks sheet: counts, then errors, warnings, explained; the not-computable rows after, collapsed', async () => {
    const { wb, report } = broken();
    const book = XLSX.read(await workbookToXlsx(wb, 'zh', report), { type: 'array', cellStyles: true });
    const sheet = book.Sheets['核查结果'];
    const rows = rowsOf(sheet);
    expect(rows[0][0]).toBe('有效：否');
    expect(rows[1][0]).toBe('状态');
    const statuses = rows.slice(2).map((r) => String(r[0]));
    const firstNc = statuses.findIndex((s) => s.startsWith('无法核查（缺少数据）'));
    expect(statuses[0]).toBe('✖ 错误');
    expect(statuses.slice(0, firstNc)).toContain('△ 已说明');
    expect(statuses.slice(firstNc + 1).every((s) => s === '○ 无法核查')).toBe(true);
    expect(statuses.length - firstNc - 1).toBe(report.counts.notComputable);
    // the not-computable group is an outline level, hidden until expanded
    const meta = sheet['!rows']!;
    for (let r = 2 + firstNc + 1; r < rows.length; r++) expect(meta[r]).toMatchObject({ level: 1, hidden: true });
    for (let r = 0; r <= 2 + firstNc; r++) expect(meta[r]?.hidden ?? false).toBe(false);
  });

  it('property: whatever the report, failures come first in severity order and every outcome is listed once', async () => {
    const wb = baseline();
    const outcome = fc.record({
      severity: fc.constantFrom('error' as const, 'warning' as const),
      outcome: fc.constantFrom('failed' as const, 'not_computable' as const, 'passed' as const),
      explained: fc.boolean(),
      period: fc.constantFrom(...wb.periods),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(outcome, { maxLength: 25 }), async (list) => {
        const rules: ReportRule[] = list.map((o, i) => ({
          id: `r${i}`,
          kind: 'balance',
          expression: 'a = b',
          severity: o.severity,
          outcomes: [{ period: o.period, outcome: o.outcome, cells: [`schools_total@${o.period}`], ...(o.explained ? { explanation: { reason: 'x' } } : {}) }],
        }));
        const report: ValidationReport = {
          valid: true, generatedAt: '', ruleSetVersion: 't', catalogVersion: 't', complete: true, missing: [], unchecked: [], values: [], rules,
          counts: { error: 0, warning: 0, explained: 0, notComputable: 0, passed: 0 },
        };
        const rows = rowsOf(XLSX.read(await workbookToXlsx(wb, 'en', report), { type: 'array' }).Sheets['Findings']).slice(2);
        const rank = (s: string) => ['✖ error', '▲ warning', '△ explained', 'not computable (figures missing)', '○ not computable'].findIndex((w) => s.startsWith(w));
        const ranks = rows.map((r) => rank(String(r[0])));
        expect(ranks.every((x) => x >= 0)).toBe(true);
        expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
        const expected = (o: (typeof list)[number]) =>
          o.outcome === 'not_computable' ? 4 : o.severity === 'error' ? 0 : o.explained ? 2 : 1;
        const want = list.filter((o) => o.outcome !== 'passed').map(expected);
        expect(ranks.filter((r) => r !== 3).sort()).toEqual(want.sort());
        expect(rows.map((r) => r[2]).filter(Boolean).sort()).toEqual(list.flatMap((o, i) => (o.outcome === 'passed' ? [] : [`r${i}`])).sort());
      }),
      { numRuns: 40 },
    );
  });
});

describe('CSV a person can hand on', () => {
  it('status and findings columns, plain-space indentation (no U+3000), formula guard kept', () => {
    const { wb, report } = broken();
    set(wb, 'students_university', '2018', '=1+1');
    const now = validationReportFor(wb, RULES, '2026-11-30T00:00:00.000Z');
    const csv = workbookToCsv(wb, 'zh', undefined, now);
    expect(csv.includes('\u3000')).toBe(false);
    const rows = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true }).data;
    expect(rows[0]).toEqual(['编号', '指标', '单位', '2018', '2019', '状态', '核查说明', '备注']);
    for (const r of rows) expect(r).toHaveLength(8);
    const byId = new Map(rows.map((r) => [r[0], r]));
    expect(byId.get('students_university')![3]).toBe("'=1+1");
    expect(byId.get('schools_total')![5]).toBe('✖ 错误');
    expect(byId.get('schools_total')![6]).toMatch(/^✖ 错误 2019年：各级各类学校\(幼儿园\)数 934 与分项之和 935 不符/);
    expect(byId.get('gaokao_college_passes')![5]).toBe('△ 已说明');
    const marked = new Set(rows.slice(1).filter((r) => r[0] && r[5]).map((r) => r[0]));
    expect(marked).toEqual(failingRows(now));
    expect(marked.size).toBeLessThan(CATALOG.indicators.length);
    // the level reads back from the plain spaces: two a level, the name itself never starts with a space
    for (const ind of CATALOG.indicators) {
      const label = byId.get(ind.id)![1];
      const spaces = /^ */.exec(label)![0].length;
      expect(spaces, ind.id).toBe(2 * wb.index.depth(wb.index.indicator(ind.id)));
      expect(label.slice(spaces)).toBe(ind.label.zh);
    }
    expect(report.valid).toBe(false);
    expect(workbookToCsv(wb, 'en', undefined, report).split('\r\n')[0]).toBe('\uFEFFid,indicator,unit,2018,2019,status,findings,notes');
  });
});

describe('exports with status columns re-import to the same figures', () => {
  it.each(['csv', 'xlsx'] as const)('%s', async (format) => {
    const { readFigures } = await import('../../../src/core/import/index.ts');
    const { wb, report } = broken();
    set(wb, 'students_university', '2018', '约9500');
    set(wb, 'schools_total', '2018', '-');
    const bytes = format === 'csv' ? new TextEncoder().encode(workbookToCsv(wb, 'zh', undefined, report)) : await workbookToXlsx(wb, 'zh', report);
    const r = await readFigures(bytes, `export.${format}`, CATALOG);
    expect(r.errors).toEqual([]);
    expect(r.periods).toEqual(wb.periods);
    expect(new Map(r.cells.map((c) => [c.key, c.after.raw]))).toEqual(new Map([...wb.values].map(([k, v]) => [k, v.raw])));
  });
});
