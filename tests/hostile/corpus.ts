/**
 * Our own hostile corpus: files written at test time (never checked in) that try to crash, hang,
 * mislead or pollute the import — empty, binary, renamed, truncated and bombed workbooks, files at
 * and just over every import limit, formula/HTML/prototype-shaped names, odd encodings, huge cells,
 * too many years, deeply nested JSON. Every figure in them is made up.
 *
 * Pure web platform code (TextEncoder, CompressionStream, SheetJS), so the same generator feeds the
 * unit test (CLI and import core), the benchmark and the browser test. Each file is made on demand
 * (`make()`), so a run holds one large file at a time. Sizes come from IMPORT_LIMITS: if a limit
 * changes, the files at and over it move with it.
 *
 * `expect`: the exit code of `npm run validate` (0 or 1 both mean "read": 1 = the figures have rule
 * errors), and a pattern the message must match (the English text of an import error, or of a
 * warning when the file is read). `accepted` files must be read without any error.
 */
import * as XLSX from '@e965/xlsx';
import { CATALOG } from '../../src/core/data/catalog.ts';
import { IMPORT_LIMITS } from '../../src/core/import/limits.ts';
import { crc32 } from '../../src/core/import/zip-check.ts';

export interface HostileExpect {
  /** true: read without errors (exit 0 or 1); false: refused (exit 2). */
  accepted: boolean;
  /** What the message (error, or for accepted files a warning) must say, in English; none for a clean file. */
  problem?: RegExp;
  /** Accepted files: how many figures the import reads. */
  cells?: number;
}

export interface HostileFile {
  name: string;
  /** One line: what the file tries. */
  what: string;
  make(): Promise<Uint8Array>;
  expect: HostileExpect;
  /** Options the CLI gets (e.g. --period for a label + value table). */
  args?: string[];
  /** One of the worst few (large or slow): the browser test imports these through the dialog. */
  worst?: boolean;
}

const L = IMPORT_LIMITS;
const enc = new TextEncoder();
const utf8 = (s: string) => enc.encode(s);
const bytesOf = (...xs: number[]) => new Uint8Array(xs);

function utf16(s: string, bigEndian: boolean, bom: boolean): Uint8Array {
  const body = (bom ? '\uFEFF' : '') + s;
  const out = new Uint8Array(body.length * 2);
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    out[i * 2 + (bigEndian ? 1 : 0)] = c & 0xff;
    out[i * 2 + (bigEndian ? 0 : 1)] = c >> 8;
  }
  return out;
}

/** A pseudo-random byte stream (fixed seed: the same corpus on every run). */
function noise(n: number, seed = 42): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

async function deflateRaw(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

interface ZipPart {
  name: string;
  data: Uint8Array;
  /** The size the directory states (default: the real one) — a zip bomb can lie. */
  statedSize?: number;
}

/** A deflated zip of `parts`, written by hand so that sizes can lie. */
export async function zip(parts: ZipPart[]): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  const dir: Uint8Array[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = utf8(p.name);
    const packed = await deflateRaw(p.data);
    const crc = crc32(p.data);
    const size = p.statedSize ?? p.data.length;
    const lfh = new Uint8Array(30 + name.length);
    const v = new DataView(lfh.buffer);
    v.setUint32(0, 0x04034b50, true);
    v.setUint16(4, 20, true);
    v.setUint16(6, 0x0800, true);
    v.setUint16(8, 8, true);
    v.setUint32(14, crc, true);
    v.setUint32(18, packed.length, true);
    v.setUint32(22, size, true);
    v.setUint16(26, name.length, true);
    lfh.set(name, 30);
    const cdh = new Uint8Array(46 + name.length);
    const w = new DataView(cdh.buffer);
    w.setUint32(0, 0x02014b50, true);
    w.setUint16(4, 20, true);
    w.setUint16(6, 20, true);
    w.setUint16(8, 0x0800, true);
    w.setUint16(10, 8, true);
    w.setUint32(16, crc, true);
    w.setUint32(20, packed.length, true);
    w.setUint32(24, size, true);
    w.setUint16(28, name.length, true);
    w.setUint32(42, offset, true);
    cdh.set(name, 46);
    chunks.push(lfh, packed);
    dir.push(cdh);
    offset += lfh.length + packed.length;
  }
  const dirSize = dir.reduce((n, d) => n + d.length, 0);
  const eocd = new Uint8Array(22);
  const e = new DataView(eocd.buffer);
  e.setUint32(0, 0x06054b50, true);
  e.setUint16(8, parts.length, true);
  e.setUint16(10, parts.length, true);
  e.setUint32(12, dirSize, true);
  e.setUint32(16, offset, true);
  return concat([...chunks, ...dir, eocd]);
}

function concat(xs: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(xs.reduce((n, x) => n + x.length, 0));
  let o = 0;
  for (const x of xs) {
    out.set(x, o);
    o += x.length;
  }
  return out;
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The parts of a one-sheet workbook around `sheetXml` (and shared strings when given). */
function workbookParts(sheetXml: Uint8Array, sharedStrings?: { data: Uint8Array; statedSize?: number }): ZipPart[] {
  const parts: ZipPart[] = [
    {
      name: '[Content_Types].xml',
      data: utf8(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
          '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
          '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
      ),
    },
    {
      name: '_rels/.rels',
      data: utf8(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
    },
    {
      name: 'xl/workbook.xml',
      data: utf8(`<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${NS}" xmlns:r="${REL}"><sheets><sheet name="表1" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: utf8(
        `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
          (sharedStrings ? `<Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>` : '') +
          '</Relationships>',
      ),
    },
    { name: 'xl/worksheets/sheet1.xml', data: sheetXml },
  ];
  if (sharedStrings) parts.push({ name: 'xl/sharedStrings.xml', data: sharedStrings.data, statedSize: sharedStrings.statedSize });
  return parts;
}

const SMALL_SHEET = utf8(
  `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${NS}"><sheetData>` +
    '<row r="1"><c r="A1" t="inlineStr"><is><t>指标</t></is></c><c r="B1" t="inlineStr"><is><t>2020年</t></is></c></row>' +
    '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2"><v>950</v></c></row></sheetData></worksheet>',
);

/** Shared strings of `bytes` bytes: one string of "A"s (deflates about 1000:1). */
function hugeSharedStrings(bytes: number): Uint8Array {
  const head = utf8(`<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${NS}" count="1" uniqueCount="1"><si><t>`);
  const tail = utf8('</t></si></sst>');
  const out = new Uint8Array(bytes).fill(0x41);
  out.set(head, 0);
  out.set(tail, bytes - tail.length);
  return out;
}

/** A sheet part of about `bytes` bytes: a header, then rows of five numeric cells. */
function sheetOfSize(bytes: number): Uint8Array {
  const parts = [`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${NS}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>指标</t></is></c><c r="B1" t="inlineStr"><is><t>2020年</t></is></c></row>`];
  let size = parts[0].length + 40;
  for (let r = 2; size < bytes; r++) {
    const row = `<row r="${r}"><c r="A${r}"><v>${r}</v></c><c r="B${r}"><v>1</v></c><c r="C${r}"><v>2</v></c><c r="D${r}"><v>3</v></c><c r="E${r}"><v>4</v></c></row>`;
    if (size + row.length > bytes) break;
    parts.push(row);
    size += row.length;
  }
  parts.push('</sheetData></worksheet>');
  return utf8(parts.join(''));
}

/** An XLSX written by SheetJS from rows (a well-formed workbook). */
function xlsx(rows: (string | number)[][]): Uint8Array {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), '表1');
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}

const HEAD = '指标,单位,2020年';
/** A small valid table (made-up 2020 figures) other files build on. */
const SMALL_CSV = `${HEAD}\n学校数,所,950\n小学数,所,420\n`;
const workbookJson = (periods: string[], values: unknown[]) =>
  JSON.stringify({ format: 'edu-stats-workbook', formatVersion: 1, catalogVersion: 'any', periods, values });

/** A CSV of exactly `bytes` bytes: a header and rows of unknown names padded to length. */
function csvOfSize(bytes: number): Uint8Array {
  const head = `${HEAD}\n`;
  const row = (i: number, pad: number) => `虚构指标${i}${'x'.repeat(pad)},所,${i}\n`;
  const parts: string[] = [head];
  let size = utf8(head).length;
  let i = 0;
  const unit = utf8(row(0, 2000)).length; // ~2 kB rows: a few thousand names, not a million
  while (size + unit * 2 < bytes) {
    parts.push(row(i, 2000));
    size += utf8(row(i, 2000)).length;
    i++;
  }
  const last = row(i, 0);
  const pad = bytes - size - utf8(last).length;
  parts.push(row(i, pad));
  const out = utf8(parts.join(''));
  if (out.length !== bytes) throw new Error(`csvOfSize: ${out.length} ≠ ${bytes}`);
  return out;
}

/** A wide CSV with `n` year columns from 1901 on (one row of values). */
function yearsCsv(n: number): string {
  const years = Array.from({ length: n }, (_, i) => `${1901 + i}年`);
  return `指标,单位,${years.join(',')}\n学校数,所,${years.map((_, i) => 900 + i).join(',')}\n`;
}

/** A workbook JSON with `n` years (2,566 years is what the hostile run sent). */
function yearsJson(n: number): string {
  const periods = Array.from({ length: n }, (_, i) => String(1000 + i));
  return workbookJson(
    periods,
    periods.map((p, i) => ({ indicator: 'schools_total', period: p, raw: String(900 + (i % 90)), state: 'value', value: 900 + (i % 90) })),
  );
}

/** `cols` columns × `rows` rows of small numbers: names, a 2020 column, then note columns. */
function gridCsv(rows: number, cols: number): string {
  const lines = [`指标,2020年${Array.from({ length: cols - 2 }, (_, i) => `,备注${i}`).join('')}`];
  const rest = ',1'.repeat(cols - 1);
  for (let r = 1; r < rows; r++) lines.push(`虚构${r}${rest}`);
  return lines.join('\n') + '\n';
}

const PROBLEM = {
  empty: /empty|no content/,
  binary: /binary|not a text|cannot be read as|content is/,
  extension: /extension/,
  size: new RegExp(`above the import limit of ${(L.maxFileBytes / 1048576).toFixed(1)} MB`),
  rows: new RegExp(`more than ${L.maxRows} rows`),
  cells: new RegExp(`above the (import )?limit of ${L.maxCells}|at most ${L.maxRows} rows and ${L.maxCells} cells`),
  columns: new RegExp(`more than ${L.maxColumns} columns`),
  part: new RegExp(`above the import limit of ${Math.round(L.maxPartBytes / 1048576)} MB per part`),
  unzipped: new RegExp(`above the import limit of ${Math.round(L.maxUnzippedBytes / 1048576)} MB`),
  chars: new RegExp(`more than ${L.maxCellChars.toLocaleString('en')} characters`),
  periods: new RegExp(`above the import limit of ${L.maxPeriods}`),
  damaged: /damaged/,
  truncated: /incomplete|truncated/,
  unmatched: /matches no indicator/,
  json: /not valid JSON|not a workbook|schema|must|unknown/i,
};

/** The corpus: at least 40 files. */
export function hostileCorpus(): HostileFile[] {
  const txt = (s: string) => async () => utf8(s);
  const bin = (b: () => Uint8Array) => async () => b();
  const files: HostileFile[] = [
    // empty and not a table at all
    { name: 'empty.csv', what: '0 bytes', make: bin(() => new Uint8Array(0)), expect: { accepted: false, problem: PROBLEM.empty } },
    { name: 'empty.xlsx', what: '0 bytes named .xlsx', make: bin(() => new Uint8Array(0)), expect: { accepted: false, problem: PROBLEM.empty } },
    { name: 'empty.json', what: '0 bytes named .json', make: bin(() => new Uint8Array(0)), expect: { accepted: false, problem: PROBLEM.empty } },
    { name: 'blank.csv', what: 'spaces and newlines only', make: txt('  \r\n\n\t \n'), expect: { accepted: false, problem: PROBLEM.empty } },
    { name: 'bom-only.csv', what: 'a UTF-8 BOM and nothing else', make: bin(() => bytesOf(0xef, 0xbb, 0xbf)), expect: { accepted: false, problem: PROBLEM.empty } },
    { name: 'noise.csv', what: '64 kB of random bytes named .csv', make: bin(() => noise(65536)), expect: { accepted: false, problem: PROBLEM.binary } },
    { name: 'noise.xlsx', what: '64 kB of random bytes named .xlsx', make: bin(() => noise(65536, 7)), expect: { accepted: false, problem: /content is|extension/ } },
    { name: 'pdf-renamed.csv', what: 'a PDF header named .csv', make: txt('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n'), expect: { accepted: false, problem: /PDF/ } },
    { name: 'png-renamed.xlsx', what: 'a PNG named .xlsx', make: bin(() => concat([bytesOf(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), noise(2000, 3)])), expect: { accepted: false, problem: /extension|content is/ } },
    { name: 'xlsx-renamed.csv', what: 'a real workbook named .csv', make: async () => xlsx([['指标', '2020年'], ['学校数', 950]]), expect: { accepted: false, problem: PROBLEM.extension } },
    { name: 'csv-renamed.xlsx', what: 'a CSV named .xlsx', make: txt(SMALL_CSV), expect: { accepted: false, problem: PROBLEM.extension } },
    { name: 'ole-renamed.xlsx', what: 'an OLE (old XLS / password) header named .xlsx', make: bin(() => concat([bytesOf(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1), noise(4000, 5)])), expect: { accepted: false, problem: /password|old XLS/ } },
    // broken and bombed workbooks
    {
      name: 'truncated.xlsx',
      what: 'a workbook cut in half',
      make: async () => {
        const b = xlsx([['指标', '2020年'], ['学校数', 950], ['小学数', 420]]);
        return b.slice(0, Math.floor(b.length / 2));
      },
      expect: { accepted: false, problem: PROBLEM.truncated },
    },
    { name: 'zip-not-workbook.xlsx', what: 'a zip holding a text file', make: async () => zip([{ name: 'readme.txt', data: utf8('hello') }]), expect: { accepted: false, problem: /not an Excel workbook/ } },
    {
      name: 'bomb-shared-strings.xlsx',
      what: 'shared strings that inflate to 190 MB (the size the hostile run used)',
      make: async () => zip(workbookParts(SMALL_SHEET, { data: new Uint8Array(0), statedSize: 190 * 1048576 })),
      expect: { accepted: false, problem: PROBLEM.part },
      worst: true,
    },
    {
      name: 'bomb-part-over.xlsx',
      what: `shared strings of the part limit + 1 byte (${L.maxPartBytes + 1} bytes, truly inflating)`,
      make: async () => zip(workbookParts(SMALL_SHEET, { data: hugeSharedStrings(L.maxPartBytes + 1) })),
      expect: { accepted: false, problem: PROBLEM.part },
    },
    {
      name: 'bomb-part-at-limit.xlsx',
      what: `shared strings of exactly the part limit (${L.maxPartBytes} bytes): one string far over the cell limit`,
      make: async () => zip(workbookParts(SMALL_SHEET, { data: hugeSharedStrings(L.maxPartBytes) })),
      expect: { accepted: false, problem: PROBLEM.chars },
      worst: true,
    },
    {
      name: 'sheet-at-part-limit.xlsx',
      what: 'a sheet part just under the part limit, full of numeric cells (more rows than the limit)',
      make: async () => zip(workbookParts(sheetOfSize(L.maxPartBytes - 1024))),
      expect: { accepted: false, problem: /above the import limit/ },
    },
    {
      name: 'bomb-lying-size.xlsx',
      what: 'a part that states 1 kB but inflates to 64 MB',
      make: async () => zip(workbookParts(SMALL_SHEET, { data: hugeSharedStrings(64 * 1048576), statedSize: 1024 })),
      expect: { accepted: false, problem: PROBLEM.damaged },
    },
    {
      name: 'bomb-total.xlsx',
      what: `parts each under the part limit whose total passes ${L.maxUnzippedBytes} bytes`,
      make: async () => {
        const parts = workbookParts(SMALL_SHEET);
        const n = Math.floor(L.maxUnzippedBytes / L.maxPartBytes) + 1;
        for (let i = 0; i < n; i++) parts.push({ name: `xl/media/pad${i}.bin`, data: new Uint8Array(0), statedSize: L.maxPartBytes });
        return zip(parts);
      },
      expect: { accepted: false, problem: PROBLEM.unzipped },
    },
    {
      name: 'damaged-sheet.xlsx',
      what: 'a complete zip whose sheet XML is garbage',
      make: async () => zip(workbookParts(utf8('<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>指标</t></is></c></row><row r="2"><c r="A2" t="'))),
      expect: { accepted: false, problem: PROBLEM.damaged },
    },
    // the limits: at (accepted) and just over (refused)
    { name: 'size-at-limit.csv', what: `exactly ${L.maxFileBytes} bytes`, make: async () => csvOfSize(L.maxFileBytes), expect: { accepted: true, problem: PROBLEM.unmatched }, worst: true },
    { name: 'size-over.csv', what: `${L.maxFileBytes + 1} bytes`, make: async () => csvOfSize(L.maxFileBytes + 1), expect: { accepted: false, problem: PROBLEM.size } },
    {
      name: 'size-over.json',
      what: `a workbook JSON of ${L.maxFileBytes + 1} bytes (the JSON route has the same limit)`,
      make: async () => {
        const head = workbookJson(['2020'], [{ indicator: 'schools_total', period: '2020', raw: '950', state: 'value', value: 950 }]).replace(/}$/, ',"padding":"');
        return utf8(`${head}${'x'.repeat(L.maxFileBytes + 1 - head.length - 2)}"}`);
      },
      expect: { accepted: false, problem: PROBLEM.size },
    },
    { name: 'rows-at-limit.csv', what: `${L.maxRows} rows`, make: txt(gridCsv(L.maxRows, 2)), expect: { accepted: true, problem: PROBLEM.unmatched }, worst: true },
    { name: 'rows-over.csv', what: `${L.maxRows + 1} rows`, make: txt(gridCsv(L.maxRows + 1, 2)), expect: { accepted: false, problem: PROBLEM.rows } },
    { name: 'cells-at-limit.csv', what: `${L.maxCells} cells`, make: txt(gridCsv(L.maxCells / L.maxColumns, L.maxColumns)), expect: { accepted: true, problem: PROBLEM.unmatched }, worst: true },
    { name: 'cells-over.csv', what: `${L.maxCells + L.maxColumns / 2} cells`, make: txt(gridCsv(L.maxCells / (L.maxColumns / 2) + 1, L.maxColumns / 2)), expect: { accepted: false, problem: PROBLEM.cells } },
    {
      name: 'columns-over.xlsx',
      what: `a cell in column ${L.maxColumns + 1}`,
      make: async () => {
        const row: (string | number)[] = ['学校数', 950];
        row[L.maxColumns] = 'x';
        return xlsx([['指标', '2020年'], row.map((c) => c ?? '')]);
      },
      expect: { accepted: false, problem: PROBLEM.columns },
    },
    {
      name: 'cell-chars-at-limit.csv',
      what: `a name of ${L.maxCellChars} characters`,
      make: txt(`${HEAD}\n${'长'.repeat(L.maxCellChars)},所,1\n学校数,所,950\n`),
      expect: { accepted: true, problem: /characters long/ },
    },
    {
      name: 'cell-chars-over.csv',
      what: `a name of ${L.maxCellChars + 1} characters`,
      make: txt(`${HEAD}\n${'长'.repeat(L.maxCellChars + 1)},所,1\n`),
      expect: { accepted: false, problem: PROBLEM.chars },
    },
    {
      name: 'huge-name.csv',
      what: 'one 19 MB name (froze the page 16 s)',
      make: async () => utf8(`${HEAD}\n"${'名'.repeat(Math.floor((19 * 1048576) / 3))}",所,1\n`),
      expect: { accepted: false, problem: PROBLEM.chars },
      worst: true,
    },
    {
      name: 'huge-value.xlsx',
      what: `a value cell of ${L.maxCellChars + 10} characters in a workbook`,
      make: async () =>
        zip(
          workbookParts(
            utf8(
              `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${NS}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>指标</t></is></c><c r="B1" t="inlineStr"><is><t>2020年</t></is></c></row>` +
                `<row r="2"><c r="A2" t="inlineStr"><is><t>学校数</t></is></c><c r="B2" t="inlineStr"><is><t>${'9'.repeat(L.maxCellChars + 10)}</t></is></c></row></sheetData></worksheet>`,
            ),
          ),
        ),
      expect: { accepted: false, problem: PROBLEM.chars },
    },
    { name: 'years-at-limit.csv', what: `${L.maxPeriods} year columns`, make: txt(yearsCsv(L.maxPeriods)), expect: { accepted: true, cells: L.maxPeriods } },
    { name: 'years-over.csv', what: `${L.maxPeriods + 1} year columns`, make: txt(yearsCsv(L.maxPeriods + 1)), expect: { accepted: false, problem: PROBLEM.periods } },
    { name: 'years-over.json', what: `a workbook JSON with ${L.maxPeriods + 1} years`, make: txt(yearsJson(L.maxPeriods + 1)), expect: { accepted: false, problem: PROBLEM.periods } },
    { name: 'years-2566.json', what: 'a workbook JSON with 2,566 years (stalled the page 3 s)', make: txt(yearsJson(2566)), expect: { accepted: false, problem: PROBLEM.periods }, worst: true },
    // names that try to run, render or pollute
    {
      name: 'formula-labels.csv',
      what: 'names that are spreadsheet formulas (=, +, -, @, full-width space before =)',
      make: txt(`${HEAD}\n"=HYPERLINK(""http://example.invalid"",""点击"")",所,1\n+1+1,所,2\n-2+3,所,3\n@SUM(A1:A9),所,4\n\u3000=HYPERLINK(""x""),所,5\n\t=1+1,所,6\n`),
      expect: { accepted: true, problem: PROBLEM.unmatched },
    },
    {
      name: 'html-labels.csv',
      what: 'names that are HTML and script',
      make: txt(`${HEAD}\n<script>window.__hostile=1</script>,所,1\n"<img src=x onerror=""window.__hostile=2"">",所,2\n<b>学校数</b>,所,3\n`),
      expect: { accepted: true, problem: PROBLEM.unmatched },
    },
    {
      name: 'proto-labels.csv',
      what: 'names shaped like prototype keys',
      make: txt(`${HEAD}\n__proto__,所,1\nconstructor,所,2\nprototype,所,3\ntoString,所,4\nhasOwnProperty,所,5\n__defineGetter__,所,6\n`),
      expect: { accepted: true, problem: PROBLEM.unmatched },
    },
    {
      name: 'proto-ids.json',
      what: 'a workbook JSON whose values name indicators __proto__, constructor, prototype',
      make: txt(
        workbookJson(
          ['2020'],
          ['__proto__', 'constructor', 'prototype'].map((id, i) => ({ indicator: id, period: '2020', raw: String(i + 1), state: 'value', value: i + 1 })),
        ),
      ),
      expect: { accepted: false, problem: /indicator/ },
    },
    {
      name: 'proto-custom-ids.json',
      what: 'a workbook JSON defining new indicators with the valid ids constructor and prototype (plain data, imported)',
      make: async () => {
        const section = CATALOG.sections[0].id;
        const unit = CATALOG.units[0].id;
        const ind = (id: string, order: number) => ({ id, label: { zh: `虚构指标${id}`, en: `made-up ${id}` }, section, parent: null, order, unit, kind: 'count', decimals: 0, aliases: [], custom: true });
        const doc = JSON.parse(workbookJson(['2020'], [1, 2].map((n, i) => ({ indicator: ['constructor', 'prototype'][i], period: '2020', raw: String(n), state: 'value', value: n }))));
        doc.catalogVersion = CATALOG.version;
        doc.customIndicators = [ind('constructor', 99001), ind('prototype', 99002)];
        return utf8(JSON.stringify(doc));
      },
      expect: { accepted: true, cells: 2 },
    },
    {
      name: 'proto-periods.json',
      what: 'a workbook JSON whose periods are __proto__ and constructor',
      make: txt(workbookJson(['__proto__', 'constructor'], [{ indicator: 'schools_total', period: '__proto__', raw: '1', state: 'value', value: 1 }])),
      expect: { accepted: false, problem: /period|must/i },
    },
    {
      name: 'proto-keys.json',
      what: 'a workbook JSON carrying "__proto__" and "constructor" keys',
      make: txt(
        '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"format":"edu-stats-workbook","formatVersion":1,"catalogVersion":"x","periods":["2020"],' +
          '"values":[{"indicator":"schools_total","period":"2020","raw":"950","state":"value","value":950,"__proto__":{"polluted":"yes"}}]}',
      ),
      expect: { accepted: false, problem: PROBLEM.json },
    },
    // odd encodings (all readable)
    { name: 'utf16le-bom.csv', what: 'UTF-16 LE with a BOM', make: async () => utf16(SMALL_CSV, false, true), expect: { accepted: true, cells: 2 } },
    { name: 'utf16be-bom.csv', what: 'UTF-16 BE with a BOM', make: async () => utf16(SMALL_CSV, true, true), expect: { accepted: true, cells: 2 } },
    { name: 'utf16le-nobom.csv', what: 'UTF-16 LE without a BOM', make: async () => utf16(SMALL_CSV, false, false), expect: { accepted: true, cells: 2 } },
    { name: 'utf16be-nobom.csv', what: 'UTF-16 BE without a BOM', make: async () => utf16(SMALL_CSV, true, false), expect: { accepted: true, cells: 2 } },
    {
      name: 'gb18030.csv',
      what: 'GB18030 text (what Excel on Chinese Windows saves)',
      // 指标,单位,2020年 / 学校数,所,950 in GB18030
      make: bin(() =>
        concat([
          bytesOf(0xd6, 0xb8, 0xb1, 0xea, 0x2c, 0xb5, 0xa5, 0xce, 0xbb, 0x2c),
          utf8('2020'),
          bytesOf(0xc4, 0xea, 0x0a, 0xd1, 0xa7, 0xd0, 0xa3, 0xca, 0xfd, 0x2c, 0xcb, 0xf9, 0x2c),
          utf8('950\n'),
        ]),
      ),
      expect: { accepted: true, cells: 1 },
    },
    {
      name: 'big5.csv',
      what: 'Big5 text (read as GB18030: names do not match and are listed, never guessed)',
      // 指標,單位,2020年 / 學校數,所,950 in Big5
      make: bin(() =>
        concat([
          bytesOf(0xab, 0xfc, 0xbc, 0xd0, 0x2c, 0xb3, 0xe6, 0xa6, 0xec, 0x2c),
          utf8('2020'),
          bytesOf(0xa6, 0x7e, 0x0a, 0xbe, 0xc7, 0xae, 0xd5, 0xbc, 0xc6, 0x2c, 0xa9, 0xd2, 0x2c),
          utf8('950\n'),
        ]),
      ),
      expect: { accepted: false, problem: /no header row/ },
    },
    {
      name: 'control-chars.csv',
      what: 'names with right-to-left overrides and zero-width characters',
      make: txt(`${HEAD}\n学\u202e校数,所,950\n\u200b小学数\u200b,所,420\n`),
      expect: { accepted: true, problem: PROBLEM.unmatched },
    },
    // values that must not be read as something else
    { name: 'nines.csv', what: '400 nines (was read as ∞)', make: txt(`${HEAD}\n学校数,所,${'9'.repeat(400)}\n`), expect: { accepted: true, problem: /too large: out of range/, cells: 1 } },
    { name: 'quoted-newline.csv', what: 'a quoted "1⏎8" (was read as 18)', make: txt(`${HEAD}\n学校数,所,"1\n8"\n`), expect: { accepted: true, problem: /line break/, cells: 1 } },
    { name: 'unclosed-quote.csv', what: 'a quote never closed', make: txt(`${HEAD}\n"学校数,所,950\n小学数,所,420\n`), expect: { accepted: false, problem: /quote/ } },
    // JSON that is not what it claims
    { name: 'not-workbook.json', what: 'a JSON array', make: txt('[1,2,3]'), expect: { accepted: false, problem: /not a workbook/ } },
    { name: 'bad.json', what: 'broken JSON', make: txt('{"format":"edu-stats-workbook",'), expect: { accepted: false, problem: /not valid JSON/ } },
    { name: 'nul.json', what: 'JSON with NUL bytes', make: bin(() => concat([utf8('{"format":'), bytesOf(0, 0, 0), utf8('}')])), expect: { accepted: false, problem: /binary|NUL/ } },
    { name: 'deep.json', what: '100,000 nested arrays', make: txt('['.repeat(100000) + ']'.repeat(100000)), expect: { accepted: false, problem: /not a workbook|not valid JSON/ } },
    {
      name: 'deep-field.json',
      what: 'a workbook JSON with 10,000 nested objects in a field',
      make: txt(workbookJson(['2020'], []).replace(/}$/, `,"extra":${'{"a":'.repeat(10000)}1${'}'.repeat(10000)}}`)),
      expect: { accepted: false, problem: PROBLEM.json },
    },
    {
      name: 'values-over.json',
      what: `a workbook JSON with ${L.maxCells + 1} values`,
      make: async () => utf8(`{"format":"edu-stats-workbook","formatVersion":1,"catalogVersion":"x","periods":["2020"],"values":[${'0,'.repeat(L.maxCells)}0]}`),
      expect: { accepted: false, problem: new RegExp(`above the import limit of ${L.maxCells}`) },
    },
    { name: 'header-only.csv', what: 'a header and no figures', make: txt(`${HEAD}\n`), expect: { accepted: false, problem: /no figures|no (name|label)|no table|header/i } },
  ];
  return files;
}
