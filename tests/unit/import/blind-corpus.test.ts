/**
 * Blind test of the import matcher: three made-up files (data/samples/blind/, 虚构数据) written in the
 * row-naming style of real bulletins and yearbook tables, with the indicator a statistician would pick
 * for each row decided from data/catalog.json alone before the matcher was run
 * (data/samples/blind/expected.json). The CLI is run on each file exactly as a user would, and every
 * row is scored: right, wrong (matched to another indicator), missed (left unmatched though the catalog
 * has the indicator) or correctly left out. The expectations are never changed to fit the matcher.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const BLIND = join(ROOT, 'data/samples/blind');

interface ImportRow {
  row: number;
  label: string;
  unit: string | null;
  indicator: string | null;
  how: string;
}

type Expected = Record<string, string | null>;
const EXPECTED = JSON.parse(readFileSync(join(BLIND, 'expected.json'), 'utf8')) as Record<string, Expected | string>;

/** Group headings (一、综合 …): rows with a name and no figure. They are not data rows, so the import may leave them out of import.rows. */
const HEADINGS: Record<string, number[]> = {
  'county-2020-bulletin.csv': [3, 8, 15, 25],
  'city-yearbook-2018-2019.xlsx': [3, 12, 21, 27],
  'district-2021-brief.csv': [6, 14, 24],
};

// blind test: known wrong matches, to be fixed — a fix must empty this list
const KNOWN_WRONG: Record<string, { row: number; label: string; got: string; expected: string | null }[]> = {
  'county-2020-bulletin.csv': [],
  'city-yearbook-2018-2019.xlsx': [],
  'district-2021-brief.csv': [],
};

// blind test: rows the catalog covers but the matcher left unmatched (measured) — a fix must remove them from this list
const KNOWN_MISSED: Record<string, { row: number; label: string; expected: string }[]> = {
  'county-2020-bulletin.csv': [
    { row: 5, label: '各级各类学历教育在校生', expected: 'students_total' },
    { row: 6, label: '专任教师', expected: 'teachers_total' },
  ],
  'city-yearbook-2018-2019.xlsx': [],
  'district-2021-brief.csv': [
    { row: 4, label: '各级各类学历教育在校生', expected: 'students_total' },
    { row: 12, label: '专任教师中专科以上学历比例', expected: 'share_associate_plus_kindergarten' },
  ],
};

const FILES = Object.keys(HEADINGS);

function importRows(file: string): ImportRow[] {
  const r = spawnSync(TSX, [join(ROOT, 'src/cli/validate.ts'), join(BLIND, file), '--json'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 90_000,
  });
  if (!r.stdout) throw new Error(`validate ${file} printed nothing (exit ${r.status}): ${r.stderr}`);
  return (JSON.parse(r.stdout) as { import: { rows: ImportRow[] } }).import.rows;
}

interface Score {
  right: number;
  wrong: { row: number; label: string; got: string; expected: string | null }[];
  missed: { row: number; label: string; expected: string }[];
  leftOut: number;
}

function score(expected: Expected, rows: ImportRow[]): Score {
  const byRow = new Map(rows.map((r) => [r.row, r]));
  const s: Score = { right: 0, wrong: [], missed: [], leftOut: 0 };
  for (const [key, want] of Object.entries(expected)) {
    const got = byRow.get(Number(key));
    const id = got?.indicator ?? null;
    if (id === want) {
      if (want === null) s.leftOut++;
      else s.right++;
    } else if (id === null) s.missed.push({ row: Number(key), label: got?.label ?? '', expected: want as string });
    else s.wrong.push({ row: Number(key), label: got?.label ?? '', got: id, expected: want });
  }
  return s;
}

describe('blind corpus: matcher on files it has never seen', () => {
  const results = new Map<string, { rows: ImportRow[]; score: Score }>();

  beforeAll(() => {
    for (const file of FILES) {
      const rows = importRows(file);
      const s = score(EXPECTED[file] as Expected, rows);
      results.set(file, { rows, score: s });
      console.log(
        `blind ${file}: right ${s.right} / wrong ${s.wrong.length} / missed ${s.missed.length} / correctly left out ${s.leftOut}` +
          ` (of ${Object.keys(EXPECTED[file] as Expected).length} rows)`,
      );
      for (const w of s.wrong) console.log(`  wrong  row ${w.row} ${w.label} → ${w.got} (expected ${w.expected ?? 'none'})`);
      for (const m of s.missed) console.log(`  missed row ${m.row} ${m.label} (expected ${m.expected})`);
    }
  }, 300_000);

  it.each(FILES)('%s: every data row is in import.rows, and no row outside the file', (file) => {
    const { rows } = results.get(file)!;
    const reported = rows.map((r) => r.row).sort((a, b) => a - b);
    const dataRows = Object.keys(EXPECTED[file] as Expected)
      .map(Number)
      .filter((n) => !HEADINGS[file].includes(n))
      .sort((a, b) => a - b);
    // Headings may be listed (unmatched) or left out; every row with a figure must be listed.
    expect(reported.filter((n) => !HEADINGS[file].includes(n))).toEqual(dataRows);
    for (const r of rows) if (HEADINGS[file].includes(r.row)) expect(r.indicator).toBeNull();
  });

  it.each(FILES)('%s: wrong matches are exactly the known list', (file) => {
    expect(results.get(file)!.score.wrong).toEqual(KNOWN_WRONG[file]);
  });

  it.each(FILES)('%s: missed rows are exactly the known list', (file) => {
    expect(results.get(file)!.score.missed).toEqual(KNOWN_MISSED[file]);
  });

  it('scores a wrong match as wrong and an empty answer as missed (the scorer itself)', () => {
    const s = score({ '3': 'schools_primary', '4': 'students_primary', '5': null, '6': null }, [
      { row: 3, label: '小学', unit: '所', indicator: 'schools_junior', how: 'name' },
      { row: 4, label: '小学在校生', unit: '人', indicator: null, how: 'none' },
      { row: 5, label: '教职工', unit: '人', indicator: 'teachers_total', how: 'name' },
    ]);
    expect(s.right).toBe(0);
    expect(s.wrong).toEqual([
      { row: 3, label: '小学', got: 'schools_junior', expected: 'schools_primary' },
      { row: 5, label: '教职工', got: 'teachers_total', expected: null },
    ]);
    expect(s.missed).toEqual([{ row: 4, label: '小学在校生', expected: 'students_primary' }]);
    expect(s.leftOut).toBe(1);
  });
});
