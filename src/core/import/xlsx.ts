import { issue, type ImportIssue } from './issues.ts';
import { IMPORT_LIMITS, type ImportLimits } from './limits.ts';
import type { MergeRange, ReadResult, SheetTable } from './table.ts';
import { checkZip, storedZip, unzip } from './zip-check.ts';

type XLSXModule = typeof import('@e965/xlsx');

let xlsxModule: Promise<XLSXModule> | null = null;

/** SheetJS, loaded on first use so it stays out of the initial bundle. */
function loadXlsx(): Promise<XLSXModule> {
  xlsxModule ??= import('@e965/xlsx');
  return xlsxModule;
}

/**
 * Reads every sheet of an XLSX (or legacy XLS) workbook into text tables; never throws on bad input.
 * Cell text is what Excel shows (the formatted text: "98.23%", "541,261"), since that is what the user
 * typed and what the value parser reads. Formulas are not evaluated: their cached result is read.
 */
export async function readXlsx(bytes: Uint8Array, file: string, limits: ImportLimits = IMPORT_LIMITS): Promise<ReadResult> {
  const issues: ImportIssue[] = [];
  const out: ReadResult = { file, kind: 'xlsx', sheets: [], issues };
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  let input = bytes;
  if (isZip) {
    const z = checkZip(bytes);
    if (!z.ok) {
      issues.push(
        z.reason === 'truncated'
          ? issue(
              'xlsx-truncated',
              'error',
              file,
              {},
              '工作簿不完整（文件被截断，可能下载或复制未完成）。请重新获取完整文件',
              'the workbook is incomplete (the file is truncated, perhaps an unfinished download or copy). Get the complete file again',
            )
          : issue('xlsx-corrupt', 'error', file, {}, '工作簿已损坏，无法读取', 'the workbook is damaged and cannot be read'),
      );
      return out;
    }
    // The zip's stated sizes are checked before anything is inflated; inflating stops at the stated size (unzip).
    const mb = (n: number) => `${Math.round(n / 1048576)} MB`;
    // a size just over a limit is given in bytes, so that it does not read "48 MB, above 48 MB"
    const size = (n: number, limit: number) => (mb(n) === mb(limit) ? `${n} bytes` : mb(n));
    const bigPart = z.entries.find((e) => e.size > limits.maxPartBytes);
    if (bigPart) {
      issues.push(
        issue(
          'too-large',
          'error',
          file,
          {},
          `工作簿中的部件 ${bigPart.name} 解压后为 ${size(bigPart.size, limits.maxPartBytes).replace('bytes', '字节')}，超过每个部件 ${mb(limits.maxPartBytes)} 的导入上限（可能是“压缩炸弹”或损坏的文件）`,
          `the workbook's part ${bigPart.name} is ${size(bigPart.size, limits.maxPartBytes)} once unzipped, above the import limit of ${mb(limits.maxPartBytes)} per part (a zip bomb or a damaged file?)`,
          { part: bigPart.name, unzippedBytes: bigPart.size, maxPartBytes: limits.maxPartBytes },
        ),
      );
      return out;
    }
    if (z.unzippedBytes > limits.maxUnzippedBytes) {
      issues.push(
        issue(
          'too-large',
          'error',
          file,
          {},
          `解压后共 ${size(z.unzippedBytes, limits.maxUnzippedBytes).replace('bytes', '字节')}，超过导入上限 ${mb(limits.maxUnzippedBytes)}`,
          `${size(z.unzippedBytes, limits.maxUnzippedBytes)} once unzipped, above the import limit of ${mb(limits.maxUnzippedBytes)}`,
          { unzippedBytes: z.unzippedBytes, maxUnzippedBytes: limits.maxUnzippedBytes },
        ),
      );
      return out;
    }
    if (!z.names.some((n) => n.startsWith('xl/'))) {
      issues.push(
        issue('unsupported-format', 'error', file, {}, '这是一个压缩包，但不是 Excel 工作簿', 'this is a zip archive but not an Excel workbook'),
      );
      return out;
    }
    const files = await unzip(bytes, z.entries);
    if (!files.ok) {
      const part = files.part ? `（${files.part}）` : '';
      issues.push(
        files.reason === 'truncated'
          ? issue('xlsx-truncated', 'error', file, {}, `工作簿不完整${part}（文件被截断）。请重新获取完整文件`, `the workbook is incomplete${part ? ` (${files.part})` : ''}: the file is truncated. Get the complete file again`)
          : issue('xlsx-corrupt', 'error', file, {}, `工作簿已损坏${part}，无法读取`, `the workbook is damaged${part ? ` (${files.part})` : ''} and cannot be read`, files.part ? { part: files.part } : undefined),
      );
      return out;
    }
    const broken = brokenSheetPart(files.files);
    if (broken) {
      issues.push(
        issue('xlsx-corrupt', 'error', file, {}, `工作簿已损坏：工作表 ${broken} 的内容不完整，无法读取`, `the workbook is damaged: its sheet ${broken} is incomplete and cannot be read`, { part: broken }),
      );
      return out;
    }
    input = storedZip(files.files);
  }
  let XLSX: XLSXModule;
  try {
    XLSX = await loadXlsx();
  } catch {
    throw new Error('the spreadsheet library could not be loaded');
  }
  let wb: import('@e965/xlsx').WorkBook;
  try {
    wb = XLSX.read(input, {
      type: 'array',
      dense: true,
      cellFormula: false,
      cellHTML: false,
      cellNF: true,
      cellStyles: false,
      cellDates: false,
      bookVBA: false,
      sheetRows: limits.maxRows + 1,
    });
  } catch (e) {
    issues.push(
      issue('xlsx-corrupt', 'error', file, {}, '工作簿已损坏或格式不受支持，无法读取', 'the workbook is damaged or in an unsupported format and cannot be read', {
        detail: String((e as Error)?.message ?? e).slice(0, 200),
      }),
    );
    return out;
  }
  if (!wb.SheetNames?.length) {
    issues.push(issue('xlsx-no-sheets', 'error', file, {}, '工作簿中没有工作表', 'the workbook has no sheets'));
    return out;
  }
  let totalCells = 0;
  for (const name of wb.SheetNames) {
    const ws = wb.Sheets[name];
    if (!ws) continue;
    const table = sheetToTable(name, ws as DenseSheet, limits.maxColumns);
    if (table === null) {
      issues.push(
        issue('too-many-cells', 'error', file, { sheet: name }, `超过 ${limits.maxColumns} 列，超出导入上限`, `more than ${limits.maxColumns} columns, above the import limit`, {
          maxColumns: limits.maxColumns,
        }),
      );
      out.sheets = [];
      return out;
    }
    let cells = 0;
    for (const r of table.rows) cells += r.length;
    totalCells += cells;
    if (table.rows.length > limits.maxRows || totalCells > limits.maxCells) {
      issues.push(
        issue(
          'too-many-cells',
          'error',
          file,
          { sheet: name },
          `超过导入上限（最多 ${limits.maxRows} 行、${limits.maxCells} 个单元格）`,
          `above the import limit (at most ${limits.maxRows} rows and ${limits.maxCells} cells)`,
          { maxRows: limits.maxRows, maxCells: limits.maxCells },
        ),
      );
      out.sheets = [];
      return out;
    }
    out.sheets.push(table);
  }
  return out;
}

/**
 * A sheet part whose XML does not end with its closing tag: the sheet was cut or damaged, and SheetJS
 * would read it as an empty sheet ("the file holds no table" would then be the wrong message).
 */
function brokenSheetPart(files: Map<string, Uint8Array>): string | null {
  const latin1 = new TextDecoder('latin1');
  for (const [name, data] of files) {
    if (!/^xl\/worksheets\/[^/]+\.xml$/.test(name)) continue;
    const tail = latin1.decode(data.subarray(Math.max(0, data.length - 64)));
    if (!/<\/(?:\w+:)?worksheet>\s*$/.test(tail)) return name;
  }
  return null;
}

interface DenseCell {
  v?: unknown;
  w?: string;
  /** The number format (read with cellNF). */
  z?: string;
  t?: string;
}
interface DenseSheet {
  '!data'?: (DenseCell[] | undefined)[];
  '!merges'?: { s: { r: number; c: number }; e: { r: number; c: number } }[];
}

/**
 * Copies a dense SheetJS sheet into text rows from A1, trimming trailing empty cells and rows; null
 * when a cell past `maxColumns` holds anything. Rows are walked by their keys, not their length: a
 * single cell at column XFD makes a row 16384 long, and 100,000 such rows must not mean 1.6e9 steps.
 */
function sheetToTable(name: string, ws: DenseSheet, maxColumns: number): SheetTable | null {
  const data = ws['!data'] ?? [];
  const rows: string[][] = [];
  let width = 0;
  for (let r = 0; r < data.length; r++) {
    const src = data[r];
    const row: string[] = [];
    if (src) {
      for (const k of Object.keys(src)) {
        const c = Number(k);
        const cell = src[c];
        if (!Number.isInteger(c) || !cell) continue;
        const text = cellText(cell);
        if (text === '') continue;
        if (c >= maxColumns) return null;
        while (row.length < c) row.push('');
        row[c] = text;
      }
    }
    width = Math.max(width, row.length);
    rows.push(row);
  }
  while (rows.length && rows[rows.length - 1].length === 0) rows.pop();
  // Merges are clipped to the table, so filling them costs at most its own size.
  const merges: MergeRange[] = (ws['!merges'] ?? [])
    .filter((m) => m && m.s && m.e && m.s.r <= m.e.r && m.s.c <= m.e.c && m.s.r < rows.length && m.s.c < width)
    .map((m) => ({ r0: m.s.r, c0: m.s.c, r1: Math.min(m.e.r, rows.length - 1), c1: Math.min(m.e.c, width - 1) }));
  return { name, rows, merges };
}

/**
 * The number format our own XLSX export gives counts and money ("#,##0;-#,##0", "#,##0.00;-#,##0.00":
 * shown as "12,345" like "#,##0"). A cell with it is read ungrouped ("12345"), so the product's own
 * export imports back to the text that was entered; any other format is read as Excel shows it.
 */
const OWN_GROUPED_FORMAT = /^#,##0(\.0+)?;-#,##0\1$/;

function cellText(cell: DenseCell): string {
  if (cell.t === 'z') return '';
  if (cell.t === 'n' && typeof cell.w === 'string' && typeof cell.z === 'string' && OWN_GROUPED_FORMAT.test(cell.z)) return cell.w.trim().replace(/,/g, '');
  if (typeof cell.w === 'string') return cell.w.trim();
  if (cell.v === undefined || cell.v === null) return '';
  return String(cell.v).trim();
}
