/**
 * The files whose batch preview must stay what it was before the import's speed-ups (issue 17), and the
 * projection compared: per file the layout, periods, unit choice, the mapping (name → indicator, how, rows),
 * every error and warning (code and place), and every preview cell (key, status, value as written and read,
 * place); per batch the combined changes, counts, conflicts and units received. Messages' wording is left
 * out (other work may reword them; what is matched, read and flagged may not change).
 *
 * tests/unit/import/fixtures/preview-golden.json was written by the code BEFORE the speed-ups (commit
 * 3c7a7ea) with `npx tsx tests/unit/import/tools/write-preview-golden.ts <checkout of 3c7a7ea>`; never
 * regenerate it from the code it checks. One deliberate exception (branch inputs, 2026-11-30): the by-unit
 * sample's 合计 column became the city (the parent all its counties share) instead of "not sure"; the file was
 * rewritten and its diff read line by line — only that column's entries changed (its unit, its three city
 * cells new, its error gone, the city received from that file; 36 → 39 new cells).
 */
import { readFileSync } from 'node:fs';
import type { BatchPreview, ReadAndPreview, ReadFiguresOptions } from '../../../src/core/import/index.ts';
import type { ImportIssue } from '../../../src/core/import/issues.ts';
import type { Catalog } from '../../../src/core/model/catalog.ts';
import type { ReportingUnit } from '../../../src/core/model/units.ts';

const county = (id: string, zh: string): ReportingUnit => ({ id, name: { zh, en: id }, parent: 'city', level: 'county', mode: 'reported' });
/** The six county-level units of data/samples/round (made-up figures). */
export const SIX: ReportingUnit[] = [county('taishan', '泰山区'), county('daiyue', '岱岳区'), county('xintai', '新泰市'), county('feicheng', '肥城市'), county('ningyang', '宁阳县'), county('dongping', '东平县')];

export interface GoldenFile {
  path: string;
  opts?: ReadFiguresOptions;
}
export interface GoldenBatch {
  name: string;
  /** 'six': the report's catalog, 2019, the city and six counties; 'baseline': the 2018–2019 report; 'generated': bench/units.ts's round workbook. */
  workbook: 'six' | 'baseline' | 'generated';
  files: GoldenFile[];
}

const ROUND = 'data/samples/round/';
export const BATCHES: GoldenBatch[] = [
  {
    name: 'the round samples together, names not in the tree left open',
    workbook: 'six',
    files: ['东平县2020年教育事业统计表.csv', '宁阳县.xlsx', '岱岳区教育局上报.csv', '各县（市、区）2020年主要教育指标.csv', '分县区长表-2020.csv'].map((f) => ({ path: ROUND + f })),
  },
  {
    name: 'the round samples with every unit name chosen',
    workbook: 'six',
    files: [
      { path: ROUND + '各县（市、区）2020年主要教育指标.csv', opts: { unitChoices: { 合计: 'city' } } },
      { path: ROUND + '分县区长表-2020.csv', opts: { unitChoices: { 高新区: null } } },
      { path: ROUND + '岱岳区教育局上报.csv', opts: { unit: 'daiyue' } },
    ],
  },
  {
    name: 'next year\'s samples against the report',
    workbook: 'baseline',
    files: [
      { path: 'data/samples/next-year-2020-wide-utf8.csv' },
      { path: 'data/samples/next-year-2020-long.csv' },
      { path: 'data/samples/next-year-2020-merged-header.xlsx' },
      { path: 'data/samples/next-year-2020-label-value-gb18030.csv', opts: { period: '2020' } },
    ],
  },
  {
    name: 'the field corpus against the report',
    workbook: 'baseline',
    files: [
      'city-2021-two-row-header.xlsx',
      'city-yearbook-2015-unit-on-total-rows.xlsx',
      'county-2019-gb18030-label-value.csv',
      'county-2021-name-unit-year.csv',
      'district-long-english-2020-2021.csv',
      'yearbook-2014-group-headings.xlsx',
      '某区2022年教育事业统计.xlsx',
    ].map((f) => ({ path: `data/samples/field/${f}`, opts: { period: '2021' } })),
  },
  {
    name: 'generated long county files (bench/units.ts, quick sizes: 3 counties × 5 units × 20 indicators)',
    workbook: 'generated',
    files: [0, 1, 2].map((c) => ({ path: `generated:${c}` })),
  },
];

const place = (p: { sheet?: string; row?: number; column?: string }) => `${p.sheet ?? ''}!${p.row ?? ''}${p.column ?? ''}`;
const issues = (xs: readonly ImportIssue[]) => xs.map((i) => `${i.severity} ${i.code} ${i.file} ${place(i)}${i.path ?? ""} ${JSON.stringify(i.params ?? {})}`);

/** What of a file's read and preview must not change (see the module comment). */
export function projectFile(r: ReadAndPreview): unknown {
  const { read, preview } = r;
  return {
    layout: read.layout,
    headerRow: read.headerRow,
    sheet: read.sheet,
    periods: read.periods,
    unitChoice: read.unitChoice,
    unitGuess: read.unitGuess?.unit,
    unitNames: read.unitNames?.map((n) => `${n.text}→${n.units.join('|')} ${n.row}${n.column} ×${n.figures}`),
    mapping: read.mapping.map((m) => `${m.label}|${m.unit ?? ''}|${m.context ?? ''}|${m.sourceId ?? ''} → ${m.indicatorId} ${m.method}/${m.how} [${m.suggestions.map((s) => `${s.indicatorId}:${s.score}`).join(',')}] rows ${m.rows.join(',')}`),
    errors: issues(read.errors),
    warnings: issues(read.warnings),
    preview: {
      cells: preview.cells.map((c) => `${c.key} ${c.status} ${JSON.stringify(c.after)} ${c.before.raw} ${place(c.place)}`),
      changes: preview.changes.map((c) => c.key),
      errors: issues(preview.errors),
      duplicates: preview.duplicates.map((d) => `${d.key} ${d.conflicting} ${d.places.map(place).join(',')}`),
      newPeriods: preview.newPeriods,
      canCommit: preview.canCommit,
    },
  };
}

export function projectBatch(b: BatchPreview): unknown {
  return {
    changes: b.changes.map((c) => `${c.key} ${JSON.stringify(c.after)}`),
    counts: b.counts,
    errors: issues(b.errors),
    received: [...b.received],
    newPeriods: b.newPeriods,
    canCommit: b.canCommit,
  };
}

export const GOLDEN_PATH = new URL('./fixtures/preview-golden.json', import.meta.url);
export const readGolden = (): Record<string, { files: unknown[]; batch: unknown }> => JSON.parse(readFileSync(GOLDEN_PATH, 'utf8'));

/**
 * Runs every batch through `api` (the import module of the code under test, or of an older checkout):
 * each file read and previewed against the batch's workbook, the previews combined.
 */
export async function runBatches(
  api: {
    readAndPreview: (bytes: Uint8Array, file: string, wb: never, opts?: ReadFiguresOptions) => Promise<ReadAndPreview>;
    combinePreviews: (items: { file: string; preview: ReadAndPreview['preview']; errors?: ImportIssue[] }[]) => BatchPreview;
  },
  workbooks: { six: () => unknown; baseline: () => unknown; generated: () => unknown },
  generated: (i: number) => { name: string; bytes: Uint8Array },
  root: URL,
): Promise<Record<string, { files: unknown[]; batch: unknown }>> {
  const out: Record<string, { files: unknown[]; batch: unknown }> = {};
  for (const b of BATCHES) {
    const wb = workbooks[b.workbook]() as never;
    const files: unknown[] = [];
    const items: { file: string; preview: ReadAndPreview['preview']; errors?: ImportIssue[] }[] = [];
    for (const f of b.files) {
      const g = f.path.startsWith('generated:') ? generated(Number(f.path.slice(10))) : null;
      const name = g ? g.name : f.path.replace(/^.*\//, '');
      const bytes = g ? g.bytes : new Uint8Array(readFileSync(new URL(f.path, root)));
      const r = await api.readAndPreview(bytes, name, wb, f.opts ?? {});
      files.push(projectFile(r));
      items.push({ file: name, preview: r.preview, errors: r.read.errors });
    }
    out[b.name] = { files, batch: projectBatch(api.combinePreviews(items)) };
  }
  return out;
}

/** The workbooks of the batches, made from a checkout's modules. */
export function goldenWorkbooks(m: {
  Workbook: new (c: Catalog, periods: string[]) => { units: unknown };
  UnitTree: new (u: ReportingUnit[]) => unknown;
  ROOT_UNIT: ReportingUnit;
  CATALOG: Catalog;
  baselineWorkbook: () => unknown;
  roundWorkbook: () => unknown;
}): { six: () => unknown; baseline: () => unknown; generated: () => unknown } {
  return {
    six: () => {
      const wb = new m.Workbook(m.CATALOG, ['2019']);
      wb.units = new m.UnitTree([m.ROOT_UNIT, ...SIX]);
      return wb;
    },
    baseline: m.baselineWorkbook,
    generated: m.roundWorkbook,
  };
}
