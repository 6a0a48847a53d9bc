import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Papa from 'papaparse';
import * as XLSX from '@e965/xlsx';
import { CATALOG } from '../../../src/core/data/catalog.ts';
import { BASELINE_2019_JSON } from '../../../src/core/data/baseline.ts';
import { BOM, neutraliseCell, quoteCsv, unneutraliseCell, workbookToCsv } from '../../../src/core/io/csv.ts';
import { workbookToXlsx } from '../../../src/core/io/xlsx.ts';
import { workbookFromJson } from '../../../src/core/io/workbook-json.ts';
import { validationReportFor } from '../../../src/core/io/export.ts';
import { INDENT } from '../../../src/core/io/table.ts';
import { Workbook } from '../../../src/core/model/workbook.ts';
import { parseValue } from '../../../src/core/parse/value.ts';

const baseline = () => workbookFromJson(BASELINE_2019_JSON, CATALOG, 'data/baseline-2019.json');

describe('formula-injection neutralisation', () => {
  const cases: [string, string][] = [
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['+1', "'+1"],
    ['-', "'-"], // the not-applicable mark
    ['-3.5', "'-3.5"], // a negative number
    ['@cmd', "'@cmd"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
    ["'already", "''already"],
    ['934', '934'],
    ['约9500', '约9500'],
    ['—', '—'],
    ['', ''],
    ['a=b', 'a=b'],
    // an indented label, or any blank or control character before the sign
    ['\u3000=HYPERLINK("http://example.invalid","x")', '\'\u3000=HYPERLINK("http://example.invalid","x")'],
    ['\u3000\u3000+1', "'\u3000\u3000+1"],
    [' =1', "' =1"],
    ['\u00a0@cmd', "'\u00a0@cmd"],
    ['\u200b=1', "'\u200b=1"],
    ['\ufeff=1', "'\ufeff=1"],
    ['\u0001-2', "'\u0001-2"],
    ["\u3000'x", "'\u3000'x"],
    ['\u3000\u3000其中：小学数', '\u3000\u3000其中：小学数'],
    ['\u3000', '\u3000'],
  ];
  it.each(cases)('%j → %j and back', (raw, out) => {
    expect(neutraliseCell(raw)).toBe(out);
    expect(unneutraliseCell(neutraliseCell(raw))).toBe(raw);
  });

  it('property: whatever blanks come first, a cell whose first visible character starts a formula is guarded, and reads back', () => {
    const blank = fc.constantFrom(' ', '\u3000', '\u00a0', '\t', '\r', '\n', '\u200b', '\ufeff', '\u2003', '\u0000', '\u001f');
    fc.assert(
      fc.property(fc.array(blank, { maxLength: 5 }), fc.constantFrom('=', '+', '-', '@'), fc.string(), (blanks, sign, rest) => {
        const raw = blanks.join('') + sign + rest;
        expect(neutraliseCell(raw).startsWith("'")).toBe(true);
        expect(unneutraliseCell(neutraliseCell(raw))).toBe(raw);
      }),
    );
  });

  it('RFC 4180 quoting', () => {
    expect(quoteCsv('1,234')).toBe('"1,234"');
    expect(quoteCsv('say "hi"')).toBe('"say ""hi"""');
    expect(quoteCsv('a\nb')).toBe('"a\nb"');
    expect(quoteCsv('plain')).toBe('plain');
  });
});

describe('CSV export', () => {
  it('BOM, header, section rows, units, indentation, raw text; dangerous cells neutralised and recoverable', () => {
    const wb = baseline();
    const ind = wb.index.indicator('schools_total');
    wb.apply([
      { key: 'schools_total@2018', after: parseValue('=1+1', ind, wb.index.unitOf(ind)) },
      { key: 'schools_university@2018', after: parseValue('-', ind, wb.index.unitOf(ind)) },
      { key: 'students_total@2018', after: parseValue('1,234', ind, wb.index.unitOf(ind)) },
    ]);
    const csv = workbookToCsv(wb, 'zh');
    expect(csv.startsWith(BOM)).toBe(true);
    const rows = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true }).data;
    expect(rows[0]).toEqual(['编号', '指标', '单位', '2018', '2019', '状态', '核查说明', '备注']);
    expect(rows[1][0]).toBe('');
    expect(rows[1][1]).toBe(CATALOG.sections.slice().sort((a, b) => a.order - b.order)[0].label.zh);
    const byId = new Map(rows.map((r) => [r[0], r]));
    expect(byId.get('schools_total')).toEqual(['schools_total', ind.label.zh, '所', "'=1+1", '934', '', '', '']);
    expect(byId.get('schools_university')?.[1].startsWith(INDENT)).toBe(true);
    expect(byId.get('schools_university')?.[3]).toBe("'-");
    expect(byId.get('students_total')?.[3]).toBe('1,234');
    // no cell a spreadsheet would run as a formula
    for (const r of rows) for (const c of r) expect(/^[=+\-@\t\r]/.test(c)).toBe(false);
    // every raw value is recoverable by stripping one leading quote
    for (const [key, v] of wb.values) {
      const [id, period] = key.split('@');
      expect(unneutraliseCell(byId.get(id)![3 + wb.periods.indexOf(period)])).toBe(v.raw);
    }
    expect(workbookToCsv(wb, 'zh')).toBe(csv);
    expect(workbookToCsv(wb, 'en').split('\r\n')[0]).toBe(`${BOM}id,indicator,unit,2018,2019,status,findings,notes`);
  });
});

describe('XLSX export', () => {
  it('reads back with the same library: title, header, numbers as numbers, raw text otherwise, findings sheet', async () => {
    const wb = baseline();
    const ind = wb.index.indicator('schools_total');
    wb.apply([{ key: 'schools_total@2018', after: parseValue('=1+1', ind, wb.index.unitOf(ind)) }]);
    const report = validationReportFor(wb, { version: 'none', rules: [] }, '2026-11-28T15:00:00.000Z');
    const bytes = await workbookToXlsx(wb, 'zh', report);
    const book = XLSX.read(bytes, { type: 'array' });
    expect(book.SheetNames).toEqual(['数据', '核查结果']);
    const sheet = book.Sheets['数据'];
    const rows = XLSX.utils.sheet_to_json<(string | number)[]>(sheet, { header: 1, defval: '' });
    expect(rows[0][0]).toBe(CATALOG.title.zh);
    expect(rows[1]).toEqual(['编号', '指标', '单位', '2018', '2019', '状态', '核查说明']);
    const r = rows.findIndex((x) => x[0] === 'schools_total');
    expect(rows[r][4]).toBe(934);
    expect(sheet[XLSX.utils.encode_cell({ r, c: 4 })].t).toBe('n');
    const bad = sheet[XLSX.utils.encode_cell({ r, c: 3 })];
    expect(bad.t).toBe('s');
    expect(bad.v).toBe('=1+1');
    expect(bad.f).toBeUndefined();
    // every stored value reads back as its raw text (text) or its number (plain numbers)
    const byId = new Map(rows.map((x) => [x[0], x]));
    for (const [key, v] of wb.values) {
      const [id, period] = key.split('@');
      const cell = byId.get(id)![3 + wb.periods.indexOf(period)];
      expect(String(cell)).toBe(typeof cell === 'number' ? String(v.n) : v.raw);
    }
    const findings = XLSX.utils.sheet_to_json<string[]>(book.Sheets['核查结果'], { header: 1 });
    expect(findings.some((x) => x.includes('schools_total@2018'))).toBe(true);
  });

  it('is deterministic: the same workbook gives the same bytes', async () => {
    const wb = baseline();
    const a = await workbookToXlsx(wb, 'zh');
    await new Promise((r) => setTimeout(r, 1100));
    expect(Buffer.from(await workbookToXlsx(wb, 'zh')).equals(Buffer.from(a))).toBe(true);
  });

  it('writes no findings sheet without a report, and handles an empty workbook', async () => {
    const book = XLSX.read(await workbookToXlsx(new Workbook(CATALOG, []), 'en'), { type: 'array' });
    expect(book.SheetNames).toEqual(['Data']);
  });
});

describe('exports re-import through the import pipeline to the same figures', () => {
  it.each(['csv', 'xlsx'] as const)('%s', async (format) => {
    const { readFigures } = await import('../../../src/core/import/index.ts');
    const wb = baseline();
    const set = (id: string, period: string, raw: string) => {
      const ind = wb.index.indicator(id);
      wb.apply([{ key: `${id}@${period}`, after: parseValue(raw, ind, wb.index.unitOf(ind)) }]);
    };
    set('schools_total', '2018', '-');
    set('students_total', '2018', '=1+1');
    set('schools_university', '2018', "'quoted");
    set('students_university', '2018', '约9500');
    set('schools_open_university', '2018', '1,234');
    const pct = wb.index.ordered.find((i) => i.kind === 'percentage')!;
    set(pct.id, '2018', '98.50');
    const bytes = format === 'csv' ? new TextEncoder().encode(workbookToCsv(wb, 'zh')) : await workbookToXlsx(wb, 'zh');
    const r = await readFigures(bytes, `export.${format}`, CATALOG);
    expect(r.errors).toEqual([]);
    expect(r.periods).toEqual(wb.periods);
    const got = new Map(r.cells.map((c) => [c.key, c.after.raw]));
    expect(got).toEqual(new Map([...wb.values].map(([k, v]) => [k, v.raw])));
  });
});
