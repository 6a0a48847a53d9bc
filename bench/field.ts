/**
 * The field corpus (data/samples/field/, made-up figures in the layouts and names of real bulletins and
 * yearbook tables): how many rows that have a catalog indicator are matched right with no hand work, how
 * many rows are matched wrong (a wrong match is worse than none), and how long a remap takes — one row's
 * mapping changed, the cells and preview rebuilt from the table already read (what the dialog does), for a
 * 200-row table. Used by `npm run bench` and by tests/unit/import/field-corpus.test.ts.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readFigures, remapAndPreview, setMapping, type FiguresRead } from '../src/core/import/index.ts';
import type { Catalog } from '../src/core/model/catalog.ts';
import { CATALOG } from '../src/core/data/catalog.ts';
import { Workbook } from '../src/core/model/workbook.ts';
import type { Figure } from './table.ts';

export const FIELD_DIR = fileURLToPath(new URL('../data/samples/field/', import.meta.url));

export interface FieldExpectation {
  file: string;
  sheet?: string;
  periods: string[];
  rows: Record<string, string | null>;
  planted: { rule: string; period: string; why: string };
}

export function fieldExpectations(): FieldExpectation[] {
  return (JSON.parse(readFileSync(FIELD_DIR + 'expected.json', 'utf8')) as { files: FieldExpectation[] }).files;
}

export interface FileScore {
  file: string;
  /** Rows whose expected indicator is in the catalog. */
  withIndicator: number;
  right: number;
  /** Rows matched to another indicator than expected, or matched where none was expected. */
  wrong: { row: number; label: string; got: string; want: string | null }[];
  /** Rows with a catalog indicator left unmatched (hand work needed, but nothing wrong). */
  missed: { row: number; label: string; want: string }[];
  read: FiguresRead;
}

/**
 * Scores one file's automatic mapping against its expectation. An expected id the catalog lacks (an id of
 * AGREEMENTS item 1 not merged yet) counts as "no catalog indicator".
 */
export async function scoreFile(e: FieldExpectation, catalog: Catalog = CATALOG): Promise<FileScore> {
  const read = await readFigures(new Uint8Array(readFileSync(FIELD_DIR + e.file)), e.file, catalog);
  const ids = new Set(catalog.indicators.map((i) => i.id));
  const byRow = new Map<number, { label: string; indicatorId: string | null }>();
  for (const m of read.mapping) for (const r of m.rows) byRow.set(r, m);
  const score: FileScore = { file: e.file, withIndicator: 0, right: 0, wrong: [], missed: [], read };
  for (const [rowText, expected] of Object.entries(e.rows)) {
    const row = Number(rowText);
    const want = expected !== null && ids.has(expected) ? expected : null;
    const m = byRow.get(row);
    const got = m?.indicatorId ?? null;
    const label = m?.label ?? '?';
    if (want !== null) score.withIndicator++;
    if (got === want) {
      if (want !== null) score.right++;
    } else if (got === null) score.missed.push({ row, label, want: want! });
    else score.wrong.push({ row, label, got, want });
  }
  return score;
}

export async function scoreCorpus(catalog: Catalog = CATALOG): Promise<FileScore[]> {
  return Promise.all(fieldExpectations().map((e) => scoreFile(e, catalog)));
}

/** A 200-row wide table (the field names repeated under 40 made-up districts' headings) for the remap figure. */
function remapTable(): { bytes: Uint8Array; file: string } {
  const names: [string, string][] = [
    ['小学', '所'],
    ['在校生', '人'],
    ['专任教师', '人'],
    ['初中', '所'],
    ['在校生', '人'],
  ];
  const lines = ['指标,单位,2021年'];
  for (let i = 0; i < 40; i++) names.forEach(([n, u], j) => lines.push(`${n},${u},${100 + i * 7 + j}`));
  return { bytes: new TextEncoder().encode(lines.join('\n') + '\n'), file: 'remap-200.csv' };
}

/** Median ms of changing one row's mapping and re-previewing a 200-row table from the records already read. */
export async function remapMs(runs: number): Promise<{ ms: number; rows: number }> {
  const { bytes, file } = remapTable();
  const wb = new Workbook(CATALOG, ['2021']);
  const read = await readFigures(bytes, file, CATALOG);
  const times: number[] = [];
  let mapping = read.mapping;
  for (let i = 0; i < runs; i++) {
    const target = mapping[i % mapping.length];
    const t0 = performance.now();
    mapping = setMapping(mapping, target.sourceRow, i % 2 ? null : 'schools_primary');
    const r = remapAndPreview(read, mapping, wb);
    if (!r.preview) throw new Error('no preview');
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], rows: read.lines?.filter((l) => l.hasValues).length ?? 0 };
}

export async function benchField(runs: number): Promise<Figure[]> {
  const scores = await scoreCorpus();
  const withIndicator = scores.reduce((a, s) => a + s.withIndicator, 0);
  const right = scores.reduce((a, s) => a + s.right, 0);
  const wrong = scores.reduce((a, s) => a + s.wrong.length, 0);
  const remap = await remapMs(Math.max(runs, 21));
  return [
    {
      name: 'import matching: field corpus rows matched right with no hand work',
      value: (100 * right) / withIndicator,
      unit: '%',
      note: `${right} of ${withIndicator} rows that have a catalog indicator, ${scores.length} made-up files in data/samples/field (goal ≥ 95 %)`,
    },
    { name: 'import matching: field corpus rows matched wrong', value: wrong, unit: 'rows', goal: { max: 0 }, note: 'a wrong match is worse than none' },
    {
      name: `import remap: one row's mapping changed, ${remap.rows}-row table re-previewed`,
      value: remap.ms,
      unit: 'ms',
      goal: { max: 100 },
      note: 'remapAndPreview from the records already read (no file read, no layout, no matching)',
    },
  ];
}
