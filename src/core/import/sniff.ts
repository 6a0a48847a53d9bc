import { utf16WithoutBom } from './decode.ts';
import { issue, type ImportIssue } from './issues.ts';
import type { FileKind } from './table.ts';

/** What the bytes of a file are, judged by content. */
export type ContentKind = 'empty' | 'zip' | 'ole' | 'pdf' | 'text' | 'binary';

/** Judges a file's content from its first bytes (magic numbers) and, for text, the absence of control bytes. */
export function sniffContent(bytes: Uint8Array): ContentKind {
  if (bytes.length === 0) return 'empty';
  const b = bytes;
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && (b[2] === 0x03 || b[2] === 0x05) && (b[3] === 0x04 || b[3] === 0x06)) return 'zip';
  if (b.length >= 4 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0) return 'ole';
  if (b.length >= 4 && b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46) return 'pdf';
  // UTF-16 text is full of NULs: text, not binary (with a BOM, or judged by where the NULs fall).
  if (b.length >= 2 && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff))) return 'text';
  if (utf16WithoutBom(b)) return 'text';
  const n = Math.min(b.length, 64 * 1024);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i];
    if (c === 0) return 'binary';
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) control++;
  }
  return control > n / 100 ? 'binary' : 'text';
}

/** Whether the whitespace-trimmed text content looks like JSON (an object or array). */
function looksLikeJson(bytes: Uint8Array): boolean {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  return bytes[i] === 0x7b || bytes[i] === 0x5b;
}

export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
}

const SPREADSHEET_EXT = new Set(['xlsx', 'xlsm', 'xls']);
const TEXT_EXT = new Set(['csv', 'tsv', 'txt']);

const NAMES: Record<string, { zh: string; en: string }> = {
  zip: { zh: 'Excel 工作簿（XLSX）', en: 'an Excel workbook (XLSX)' },
  ole: { zh: '旧版 Excel 工作簿（XLS）', en: 'an old-format Excel workbook (XLS)' },
  pdf: { zh: 'PDF 文档', en: 'a PDF document' },
  text: { zh: '文本（CSV）', en: 'text (CSV)' },
  json: { zh: 'JSON 文本', en: 'JSON text' },
  binary: { zh: '二进制数据（不是表格）', en: 'binary data (not a table)' },
};

/**
 * Decides which reader a file goes to, by content first and extension second. A mismatch between
 * the two is an error telling the user what the file really is: reading it anyway could show
 * a plausible but wrong table (e.g. a renamed workbook read as text).
 */
export function chooseReader(bytes: Uint8Array, file: string): { kind: FileKind | 'xls' | null; issues: ImportIssue[] } {
  const content = sniffContent(bytes);
  const ext = extensionOf(file);
  const fail = (code: ImportIssue['code'], zh: string, en: string, params?: Record<string, string>) => ({
    kind: null,
    issues: [issue(code, 'error', file, {}, zh, en, params)],
  });
  if (content === 'empty') return fail('empty-file', '文件是空的（0 字节）', 'the file is empty (0 bytes)');
  const actual = content === 'text' && looksLikeJson(bytes) ? 'json' : content;
  const expected = SPREADSHEET_EXT.has(ext) ? (ext === 'xls' ? 'ole' : 'zip') : ext === 'json' ? 'json' : TEXT_EXT.has(ext) ? 'text' : null;
  if (expected === 'zip' && actual === 'ole') {
    // A password-protected .xlsx is stored in an OLE container, so it looks like an old .xls.
    return fail(
      'unsupported-format',
      '这是设置了打开密码的工作簿，或旧版 XLS 改了扩展名。请在 Excel 中取消密码（或另存为 .xlsx）后再导入',
      'this is a password-protected workbook, or an old XLS renamed. Remove the password in Excel (or save as .xlsx) and import again',
      { extension: ext, content: actual },
    );
  }
  if (expected !== null && expected !== actual && !(expected === 'text' && actual === 'json') && !(expected === 'ole' && actual === 'zip')) {
    const what = NAMES[actual];
    const want = NAMES[expected];
    return fail(
      'wrong-extension',
      `扩展名是 .${ext}，应为${want.zh}，但内容是${what.zh}。请确认选对了文件，或用正确的扩展名另存`,
      `the extension is .${ext}, which means ${want.en}, but the content is ${what.en}. Check the file, or save it again with the right extension`,
      { extension: ext, content: actual },
    );
  }
  switch (actual) {
    case 'zip':
      return { kind: 'xlsx', issues: [] };
    case 'ole':
      return { kind: 'xls', issues: [] };
    case 'json':
      return { kind: 'json', issues: [] };
    case 'text':
      return { kind: 'csv', issues: [] };
    default:
      return fail(
        content === 'pdf' ? 'unsupported-format' : 'binary-file',
        `内容是${NAMES[actual].zh}，无法导入。请导入 CSV、XLSX 或本系统导出的 JSON 文件`,
        `the content is ${NAMES[actual].en} and cannot be imported. Import a CSV, XLSX or this product's JSON export`,
        { content: actual },
      );
  }
}
