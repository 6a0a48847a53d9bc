/**
 * Import at 100× the report: a long-layout CSV (indicator, year, value) and a wide XLSX (a row per
 * indicator, a column per year) of a generated school network, through the real pipeline — read,
 * find the layout, match every name, parse every value, preview against the workbook, apply, validate.
 * Same-run baselines: the bare parse of the same bytes by the library the pipeline uses (papaparse,
 * SheetJS), i.e. what reading alone costs.
 */
import Papa from 'papaparse';
import * as XLSX from '@e965/xlsx';
import { readFileSync } from 'node:fs';
import { buildMapping, importConsequences, Matcher, previewImport, readAndPreview, readFigures, remapAndPreview, setMapping } from '../src/core/import/index.ts';
import { BASELINE_2019_JSON } from '../src/core/data/baseline.ts';
import { workbookFromJson } from '../src/core/io/workbook-json.ts';
import { loadRuleFile } from '../src/core/rules/load.ts';
import { CATALOG } from '../src/core/data/catalog.ts';
import { Workbook } from '../src/core/model/workbook.ts';
import { compileRules } from '../src/core/rules/validator.ts';
import { bigCatalog, bigRules, bigValues } from './big.ts';
import type { Figure } from './table.ts';

export interface ImportSizes {
  csvRows: number;
  xlsxRows: number;
  runs: number;
}

const PERIODS = ['2016', '2017', '2018', '2019', '2020'];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function timed(runs: number, f: () => Promise<unknown> | unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await f();
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** read → match → parse → preview → apply → validate; returns the number of cells imported and errors found. */
async function pipeline(bytes: Uint8Array, file: string, n: number): Promise<{ cells: number; errors: number }> {
  const catalog = bigCatalog(n);
  const read = await readFigures(bytes, file, catalog);
  if (read.errors.length) throw new Error(`bench import failed: ${read.errors[0].message.en}`);
  const wb = new Workbook(catalog, []);
  const preview = previewImport(wb, read.cells, file);
  for (const p of preview.newPeriods) wb.addPeriod(p);
  wb.apply(preview.changes);
  const result = compileRules(bigRules(n), wb).validateAll();
  return { cells: preview.changes.length, errors: result.counts.error };
}

/** The CSV: `rows` lines of 指标,年份,数值 (rows / 5 indicators × 5 years). */
export function bigCsv(rows: number): Uint8Array {
  const n = Math.ceil(rows / PERIODS.length);
  const lines = ['指标,年份,数值'];
  for (const v of bigValues(n, PERIODS).slice(0, rows)) lines.push(`学校指标${v.indicator.slice(1)},${v.period},${v.raw}`);
  return new TextEncoder().encode(lines.join('\n') + '\n');
}

/** The XLSX: a title row, a header 指标 | 2016 … 2020, then `rows` indicator rows. */
export function bigXlsx(rows: number): Uint8Array {
  const values = bigValues(rows, PERIODS);
  const byInd = new Map<string, string[]>();
  for (const v of values) {
    if (!byInd.has(v.indicator)) byInd.set(v.indicator, []);
    byInd.get(v.indicator)!.push(v.raw);
  }
  const aoa: (string | number)[][] = [['学校网络统计（生成的数据）'], ['指标', ...PERIODS]];
  for (const [id, raws] of byInd) aoa.push([`学校指标${id.slice(1)}`, ...raws.map(Number)]);
  const wbx = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wbx, XLSX.utils.aoa_to_sheet(aoa), '统计');
  return new Uint8Array(XLSX.write(wbx, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}

/**
 * The import dialog's remapping: one row of a 200-row county table (made up: the catalog's names in
 * the 2019 report's figures, then names it lacks) mapped to another indicator, previewed again from the
 * figures already read (remapAndPreview) with what the dialog shows under it (the findings after the
 * import and the checks the left-out rows cost, importConsequences): what one click in the dialog costs.
 */
export async function benchRemap(runs: number): Promise<Figure> {
  const wb = workbookFromJson(BASELINE_2019_JSON, CATALOG);
  const rules = loadRuleFile(JSON.parse(readFileSync(new URL('../data/rules.json', import.meta.url), 'utf8')), CATALOG);
  const lines = ['指标名称,计量单位,2020年'];
  for (const i of CATALOG.indicators) {
    const v = wb.get(i.id, '2019');
    if (v.state === 'value' && !/[",\n]/.test(v.raw) && lines.length < 200) lines.push(`${i.label.zh},,${v.raw}`);
  }
  for (let n = 0; lines.length < 201; n++) lines.push(`某县自定统计项目${n},人,${100 + n}`);
  const bytes = new TextEncoder().encode(lines.join('\n') + '\n');
  const first = await readAndPreview(bytes, 'county-200.csv', wb);
  const rows = first.read.mapping;
  if (rows.length !== 200) throw new Error(`bench remap: expected 200 rows, got ${rows.length}`);
  const ids = CATALOG.indicators.map((i) => i.id);
  let k = 0;
  const ms = await timed(runs, () => {
    // a different row and target each run (the dialog's click: pick another indicator for one row)
    const row = rows[(k * 7) % rows.length];
    const mapping = setMapping(rows, row.sourceRow, k % 3 === 0 ? null : ids[(k * 13) % ids.length]);
    k++;
    const r = remapAndPreview(first.read, mapping, wb);
    importConsequences(wb, rules, r.preview, mapping, r.read.periods, [], rows);
  });
  return {
    name: 'import dialog: remap one row of a 200-row table (re-preview, findings after, checks lost)',
    value: ms,
    unit: 'ms',
    goal: { max: 100 },
    note: `from the figures already read, no file read; against the 2019 report's ${CATALOG.indicators.length} indicators and ${rules.rules.length} rules`,
  };
}

export async function benchImport(s: ImportSizes): Promise<{ figures: Figure[]; csvCells: number; xlsxCells: number }> {
  const csv = bigCsv(s.csvRows);
  const csvText = new TextDecoder().decode(csv);
  let csvCells = 0;
  const csvMs = await timed(s.runs, async () => {
    csvCells = (await pipeline(csv, 'network.csv', Math.ceil(s.csvRows / PERIODS.length))).cells;
  });
  const papaMs = await timed(s.runs, () => Papa.parse(csvText, { skipEmptyLines: false }));

  const xlsx = bigXlsx(s.xlsxRows);
  let xlsxCells = 0;
  const xlsxMs = await timed(s.runs, async () => {
    xlsxCells = (await pipeline(xlsx, 'network.xlsx', s.xlsxRows)).cells;
  });
  const sheetjsMs = await timed(s.runs, () => XLSX.read(xlsx, { type: 'array' }));

  // names a county might send that the report's catalog lacks: each gets ranked suggestions
  const unknown = Array.from({ length: s.xlsxRows }, (_, i) => ({ row: i + 2, label: i % 2 ? `小学专任教师学历合格率${i}` : `某县第${i}所学校上报的目录中没有的指标名称` }));
  const unknownMs = await timed(s.runs, () => buildMapping(unknown, new Matcher(CATALOG)));

  const remap = await benchRemap(Math.max(5, s.runs * 5));

  const rows = (x: number) => x.toLocaleString('en-US');
  return {
    csvCells,
    xlsxCells,
    figures: [
      {
        name: `import: ${rows(s.csvRows)}-row CSV (read, match, parse, preview, validate)`,
        value: csvMs,
        unit: 'ms',
        baseline: papaMs,
        baselineName: 'papaparse alone',
        note: `long layout 指标,年份,数值: ${rows(Math.ceil(s.csvRows / PERIODS.length))} generated school indicators × ${PERIODS.length} years, ${rows(csvCells)} cells, ${(csv.length / 1e6).toFixed(1)} MB`,
      },
      {
        name: `import: ${rows(s.xlsxRows)}-row XLSX (read, match, parse, preview, validate)`,
        value: xlsxMs,
        unit: 'ms',
        baseline: sheetjsMs,
        baselineName: 'SheetJS read alone',
        note: `wide layout 指标 | ${PERIODS[0]} … ${PERIODS[PERIODS.length - 1]} under a title row: ${rows(s.xlsxRows)} generated school indicators, ${rows(xlsxCells)} cells, ${(xlsx.length / 1e6).toFixed(1)} MB`,
      },
      {
        name: `import: ${rows(s.xlsxRows)} names the catalog lacks (match with ranked suggestions)`,
        value: unknownMs,
        unit: 'ms',
        note: `against the report's ${CATALOG.indicators.length} indicators and their aliases; half the names get suggestions`,
      },
      remap,
    ],
  };
}
