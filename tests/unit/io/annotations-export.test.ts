import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import * as XLSX from '@e965/xlsx';
import { CATALOG } from '../../../src/core/data/catalog.ts';
import { BASELINE_2019_JSON } from '../../../src/core/data/baseline.ts';
import { workbookToCsv } from '../../../src/core/io/csv.ts';
import { workbookToXlsx } from '../../../src/core/io/xlsx.ts';
import { workbookFromJson } from '../../../src/core/io/workbook-json.ts';
import type { Workbook } from '../../../src/core/model/workbook.ts';

// Notes and follow-up flags in the CSV and XLSX exports (issue 18). Figures and notes are made up.

function annotated(): Workbook {
  const wb = workbookFromJson(BASELINE_2019_JSON, CATALOG, 'data/baseline-2019.json');
  wb.notes.set('schools_total@2019', { text: '新校区投入使用，中职招生增加', time: '2026-11-30T10:02:00.000Z' });
  wb.followUp.set('schools_total@2019', { time: '2026-11-30T10:03:00.000Z', reason: '请县局核实' });
  wb.notes.set('schools_total@2018', { text: 'Rose "A & B" <2018>\n第二行', time: 't' });
  // a note on a figure not reported (empty cell) and a flag without note
  wb.notes.set('students_university@2018', { text: '尚未上报', time: 't' });
  wb.followUp.set('students_total@2019', { time: 't' });
  return wb;
}

const unzip = (bytes: Uint8Array) => {
  const zip = XLSX.CFB.read(bytes, { type: 'array' });
  return (path: string) => {
    const e = XLSX.CFB.find(zip, path);
    return e?.content ? new TextDecoder().decode(e.content as Uint8Array) : undefined;
  };
};

describe('XLSX: notes are real cell comments', () => {
  it('each annotated figure has a comment on its cell, read back by the same library', async () => {
    const wb = annotated();
    const bytes = await workbookToXlsx(wb, 'zh');
    const book = XLSX.read(bytes, { type: 'array' });
    const sheet = book.Sheets[book.SheetNames[0]];
    const rows = XLSX.utils.sheet_to_json<string[]>(sheet, { header: 1, defval: '' });
    const header = rows[1];
    const ref = (id: string, period: string) => XLSX.utils.encode_cell({ r: rows.findIndex((r) => r[0] === id), c: header.indexOf(period) });
    const comment = (id: string, period: string) => (sheet[ref(id, period)] as XLSX.CellObject | undefined)?.c?.map((c) => c.t).join('');
    expect(comment('schools_total', '2019')).toBe('新校区投入使用，中职招生增加\n⚑ 待核实：请县局核实');
    expect(comment('schools_total', '2018')).toBe('Rose "A & B" <2018>\n第二行');
    expect(comment('students_university', '2018')).toBe('尚未上报');
    expect(comment('students_total', '2019')).toBe('⚑ 待核实');
    expect(comment('students_total', '2018')).toBeUndefined();
    // exactly the four annotated figures carry one
    expect(Object.keys(sheet).filter((k) => !k.startsWith('!') && (sheet[k] as XLSX.CellObject).c).length).toBe(4);
  });

  it('the file has what Excel needs: comments part, VML drawing, legacyDrawing link, relationships and content types; panes still frozen', async () => {
    const wb = annotated();
    const file = unzip(await workbookToXlsx(wb, 'en'));
    const comments = file('/xl/comments1.xml');
    expect(comments).toBeDefined();
    expect(comments).toContain('<author>Education statistics workbook</author>');
    // escaped, line break kept
    expect(comments).toContain('<t xml:space="preserve">Rose &quot;A &amp; B&quot; &lt;2018&gt;\n第二行</t>');
    expect((comments!.match(/<comment /g) ?? []).length).toBe(4);
    const vml = file('/xl/drawings/vmlDrawing1.vml');
    expect((vml!.match(/ObjectType="Note"/g) ?? []).length).toBe(4);
    // hidden until hovered, as Excel's notes are
    expect((vml!.match(/visibility:hidden/g) ?? []).length).toBe(4);
    const sheetXml = file('/xl/worksheets/sheet1.xml')!;
    expect(sheetXml).toMatch(/<legacyDrawing r:id="rId\d+"\/>/);
    expect(sheetXml).toContain('state="frozen"');
    const rels = file('/xl/worksheets/_rels/sheet1.xml.rels')!;
    expect(rels).toContain('relationships/comments');
    expect(rels).toContain('relationships/vmlDrawing');
    const types = file('/[Content_Types].xml')!;
    expect(types).toContain('spreadsheetml.comments+xml');
    expect(types).toMatch(/Extension="vml"/);
  });

  it('without notes or flags no comments part is written', async () => {
    const file = unzip(await workbookToXlsx(workbookFromJson(BASELINE_2019_JSON, CATALOG), 'zh'));
    expect(file('/xl/comments1.xml')).toBeUndefined();
    expect(file('/xl/worksheets/sheet1.xml')).not.toContain('legacyDrawing');
  });
});

describe('CSV: a notes column', () => {
  it('the last column holds each row\'s notes and flags with their years; other rows leave it empty', () => {
    const csv = workbookToCsv(annotated(), 'zh');
    const rows = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true }).data;
    const header = rows[0];
    expect(header.at(-1)).toBe('备注');
    const col = header.length - 1;
    const row = (id: string) => rows.find((r) => r[0] === id)!;
    expect(row('schools_total')[col]).toBe('2018年：Rose "A & B" <2018>\n第二行；2019年：新校区投入使用，中职招生增加\n⚑ 待核实：请县局核实');
    expect(row('students_university')[col]).toBe('2018年：尚未上报');
    expect(row('students_total')[col]).toBe('2019年：⚑ 待核实');
    expect(row('schools_primary')[col]).toBe('');
    for (const r of rows) expect(r).toHaveLength(header.length);
  });

  it('English headers and wording', () => {
    const csv = workbookToCsv(annotated(), 'en');
    const rows = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true }).data;
    expect(rows[0].at(-1)).toBe('notes');
    expect(rows.find((r) => r[0] === 'students_total')!.at(-1)).toBe('2019: ⚑ to follow up');
  });

  it('a note that starts like a formula cannot start the cell: the year comes first', () => {
    const wb = annotated();
    wb.notes.set('schools_primary@2019', { text: '=HYPERLINK("http://x")', time: 't' });
    const csv = workbookToCsv(wb, 'zh');
    const rows = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true }).data;
    expect(rows.find((r) => r[0] === 'schools_primary')!.at(-1)).toBe('2019年：=HYPERLINK("http://x")');
  });
});

describe('exports with notes re-import to the same figures (the notes column and comments are not read as figures)', () => {
  it.each(['csv', 'xlsx'] as const)('%s', async (format) => {
    const { readFigures } = await import('../../../src/core/import/index.ts');
    const wb = annotated();
    const bytes = format === 'csv' ? new TextEncoder().encode(workbookToCsv(wb, 'zh')) : await workbookToXlsx(wb, 'zh');
    const r = await readFigures(bytes, `export.${format}`, CATALOG);
    expect(r.errors).toEqual([]);
    expect(r.periods).toEqual(wb.periods);
    expect(new Map(r.cells.map((c) => [c.key, c.after.raw]))).toEqual(new Map([...wb.values].map(([k, v]) => [k, v.raw])));
  });
});
