import Papa from 'papaparse';
import { decodeText } from './decode.ts';
import { issue, type ImportIssue } from './issues.ts';
import { IMPORT_LIMITS, type ImportLimits } from './limits.ts';
import type { ReadResult } from './table.ts';

const DELIMITERS = [',', '\t', ';'] as const;
type Delimiter = (typeof DELIMITERS)[number];

/**
 * Our own CSV export prefixes a cell that would start a formula with one apostrophe (formula-injection
 * guard, as Excel itself reads a leading ' as "text"); reading it back removes exactly one.
 */
export function unneutralise(cell: string): string {
  return cell.startsWith("'") ? cell.slice(1) : cell;
}

/**
 * Picks the delimiter that splits the first lines into the most consistent number of fields (>1),
 * counting only delimiters outside quotes. Comma wins ties: it is what "CSV" promises.
 */
export function detectDelimiter(text: string): Delimiter {
  const lines: string[] = [];
  let start = 0;
  let inQuotes = false;
  for (let i = 0; i < text.length && lines.length < 30; i++) {
    const ch = text[i];
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === '\n' || ch === '\r')) {
      const line = text.slice(start, i);
      if (line.trim() !== '') lines.push(line);
      if (ch === '\r' && text[i + 1] === '\n') i++;
      start = i + 1;
    }
  }
  if (lines.length < 30 && start < text.length && text.slice(start).trim() !== '') lines.push(text.slice(start));
  let best: Delimiter = ',';
  let bestScore = 0;
  for (const d of DELIMITERS) {
    const counts = lines.map((l) => countOutsideQuotes(l, d));
    const withAny = counts.filter((c) => c > 0);
    if (withAny.length === 0) continue;
    // The most common count among lines that have the delimiter, weighted by how many lines agree.
    const freq = new Map<number, number>();
    for (const c of withAny) freq.set(c, (freq.get(c) ?? 0) + 1);
    let modeCount = 0;
    for (const f of freq.values()) modeCount = Math.max(modeCount, f);
    const score = modeCount * 1000 + withAny.length;
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

function countOutsideQuotes(line: string, d: string): number {
  let n = 0;
  let q = false;
  for (const ch of line) {
    if (ch === '"') q = !q;
    else if (!q && ch === d) n++;
  }
  return n;
}

/** Reads a CSV (or TSV) file into one table; never throws on bad input. */
export function readCsv(bytes: Uint8Array, file: string, limits: ImportLimits = IMPORT_LIMITS): ReadResult {
  const issues: ImportIssue[] = [];
  const out: ReadResult = { file, kind: 'csv', sheets: [], issues };
  const decoded = decodeText(bytes);
  if (!decoded) {
    issues.push(
      issue(
        'binary-file',
        'error',
        file,
        {},
        '无法按 UTF-8 或 GB18030（GBK）读取，可能不是文本文件。请在 Excel 中另存为“CSV UTF-8”后再导入',
        'cannot be read as UTF-8 or GB18030 (GBK) text; it may not be a text file. Save it from Excel as "CSV UTF-8" and import again',
      ),
    );
    return out;
  }
  out.encoding = decoded.encoding;
  const text = decoded.text;
  if (text.trim() === '') {
    issues.push(issue('empty-file', 'error', file, {}, '文件里没有任何内容', 'the file has no content'));
    return out;
  }
  const delimiter = detectDelimiter(text);
  out.delimiter = delimiter;
  const parsed = Papa.parse<string[]>(text, { delimiter, header: false, skipEmptyLines: false, preview: limits.maxRows + 2 });
  const rows = parsed.data;
  // A file ending in a newline gives one empty trailing record; keep row numbers, drop trailing blanks.
  while (rows.length > 0 && rows[rows.length - 1].every((c) => c.trim() === '')) rows.pop();
  if (rows.length > limits.maxRows) {
    issues.push(
      issue('too-large', 'error', file, {}, `超过 ${limits.maxRows} 行，超出导入上限`, `more than ${limits.maxRows} rows, above the import limit`, {
        maxRows: limits.maxRows,
      }),
    );
    return out;
  }
  let cells = 0;
  for (const r of rows) cells += r.length;
  if (cells > limits.maxCells) {
    issues.push(
      issue('too-many-cells', 'error', file, {}, `共 ${cells} 个单元格，超过上限 ${limits.maxCells}`, `${cells} cells, above the limit of ${limits.maxCells}`, {
        cells,
        maxCells: limits.maxCells,
      }),
    );
    return out;
  }
  for (const e of parsed.errors) {
    // An unclosed quote swallows the rest of the file into one cell: the table cannot be trusted.
    if (e.code === 'MissingQuotes' || e.code === 'InvalidQuotes') {
      const row = typeof e.row === 'number' ? e.row + 1 : undefined;
      issues.push(
        issue(
          'csv-unclosed-quote',
          'error',
          file,
          { row },
          '引号没有配对（某个以 " 开始的单元格没有结束的 "），其后的内容无法正确分列',
          'a quote is not closed (a cell starting with " has no closing "); what follows cannot be split into cells',
        ),
      );
    }
  }
  // (in place: the rows are papaparse's fresh arrays, and copying 200,000 of them cost more than reading)
  for (const r of rows) for (let i = 0; i < r.length; i++) if (r[i].startsWith("'")) r[i] = unneutralise(r[i]);
  out.sheets.push({ name: file, rows, merges: [] });
  return out;
}
