import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { utf16WithoutBom } from '../../../src/core/import/decode.ts';
import { decodeText, detectDelimiter, readCsv, unneutralise } from '../../../src/core/import/index.ts';
import { IMPORT_LIMITS } from '../../../src/core/import/limits.ts';
import { encodeGb18030 } from '../../fixtures/import/gb18030.ts';
import { utf16le, utf8, utf8bom } from './helpers.ts';

const TEXT = '指标,2019年,2020年\r\n各级各类学校(幼儿园)数,934,946\r\n其中：小学数,154,150\r\n';
const ROWS = [
  ['指标', '2019年', '2020年'],
  ['各级各类学校(幼儿园)数', '934', '946'],
  ['其中：小学数', '154', '150'],
];

describe('CSV encodings are detected, not asked', () => {
  const cases: [string, Uint8Array, string][] = [
    ['UTF-8 without BOM', utf8(TEXT), 'utf-8'],
    ['UTF-8 with BOM', utf8bom(TEXT), 'utf-8-bom'],
    ['GB18030 (Excel on Chinese Windows)', encodeGb18030(TEXT), 'gb18030'],
    ['UTF-16 LE with BOM (Excel "Unicode text")', utf16le(TEXT), 'utf-16le'],
  ];
  it.each(cases)('%s', (_name, bytes, encoding) => {
    const r = readCsv(bytes, 'f.csv');
    expect(r.issues).toEqual([]);
    expect(r.encoding).toBe(encoding);
    expect(r.sheets[0].rows).toEqual(ROWS);
  });

  it('GB18030 bytes are not valid UTF-8, so they cannot be misread as UTF-8', () => {
    expect(decodeText(encodeGb18030('学校数'))?.encoding).toBe('gb18030');
    expect(decodeText(utf8('学校数'))?.encoding).toBe('utf-8');
  });

  it('bytes that are neither UTF-8 nor GB18030 are reported, not garbled', () => {
    // 0x80 and 0xFF are not lead bytes in GB18030 and not valid in UTF-8.
    const r = readCsv(new Uint8Array([0x61, 0x2c, 0x80, 0xff, 0x0a]), 'x.csv');
    expect(r.sheets).toEqual([]);
    expect(r.issues.map((i) => [i.code, i.severity])).toEqual([['binary-file', 'error']]);
    expect(r.issues[0].message.zh).toContain('x.csv');
  });
});

describe('CSV delimiters', () => {
  it.each([
    [',', 'a,b,c\n1,2,3\n'],
    ['\t', 'a\tb\tc\n1\t2\t3\n'],
    [';', 'a;b;c\n1;2;3\n'],
    // Semicolon files often hold decimal commas in quotes: the delimiter is still the semicolon.
    [';', 'a;b;c\n"1,5";2;3\n"4,5";5;6\n'],
    // Thousands separators inside quotes do not count.
    [',', '指标,2019\n"在校生","541,261"\n"学校",934\n'],
    [',', 'only one column\nand another\n'],
  ])('detects %j', (d, text) => {
    expect(detectDelimiter(text)).toBe(d);
  });

  it('tab- and semicolon-separated files read into the same table', () => {
    for (const d of ['\t', ';']) {
      const r = readCsv(utf8(TEXT.replace(/,/g, d)), 'f.csv');
      expect(r.delimiter).toBe(d);
      expect(r.sheets[0].rows).toEqual(ROWS);
    }
  });
});

describe('CSV parsing', () => {
  it('is quote-aware: commas and line breaks inside quotes stay in the cell', () => {
    const r = readCsv(utf8('指标,2019年\n"各级各类学校在校生数","541,261"\n"名称\n换行",1\n'), 'f.csv');
    expect(r.sheets[0].rows).toEqual([
      ['指标', '2019年'],
      ['各级各类学校在校生数', '541,261'],
      ['名称\n换行', '1'],
    ]);
  });

  it('removes the one apostrophe our CSV export puts before formula-like cells', () => {
    expect(unneutralise("'=SUM(A1)")).toBe('=SUM(A1)');
    expect(unneutralise("''x")).toBe("'x");
    expect(unneutralise('-5')).toBe('-5');
    const r = readCsv(utf8("指标,2020年\n'-说明,'+1\n"), 'f.csv');
    expect(r.sheets[0].rows[1]).toEqual(['-说明', '+1']);
  });

  it('keeps empty rows in place so row numbers match the file, and drops trailing blank lines', () => {
    const r = readCsv(utf8('标题\n\n指标,2020年\n学校数,1\n\n\n'), 'f.csv');
    expect(r.sheets[0].rows.length).toBe(4);
    expect(r.sheets[0].rows[3]).toEqual(['学校数', '1']);
  });

  it('an unclosed quote is an error naming the row', () => {
    const r = readCsv(utf8('指标,2020年\n学校数,1\n"在校生,2\n'), 'q.csv');
    const e = r.issues.find((i) => i.code === 'csv-unclosed-quote');
    expect(e?.severity).toBe('error');
    expect(e?.row).toBe(3);
    expect(e?.message.zh).toContain('q.csv 第 3 行');
  });

  it.each([
    ['zero bytes', new Uint8Array(0)],
    ['only whitespace', utf8(' \r\n\r\n\t')],
    ['only a BOM', new Uint8Array([0xef, 0xbb, 0xbf])],
  ])('an empty file (%s) is an error', (_n, bytes) => {
    const r = readCsv(bytes, 'e.csv');
    expect(r.issues.map((i) => i.code)).toEqual(['empty-file']);
    expect(r.sheets).toEqual([]);
  });

  it('enforces the row and cell limits', () => {
    const limits = { ...IMPORT_LIMITS, maxFileBytes: 1e9, maxCells: 10, maxRows: 3, maxUnzippedBytes: 1e9 };
    expect(readCsv(utf8('a\nb\nc\nd\n'), 'f.csv', limits).issues.map((i) => i.code)).toEqual(['too-large']);
    expect(readCsv(utf8('a,b,c,d\n1,2,3,4\n5,6,7,8\n'), 'f.csv', limits).issues.map((i) => i.code)).toEqual(['too-many-cells']);
  });
});

describe('UTF-16 without a BOM', () => {
  const encode = (s: string, be: boolean) => {
    const out = new Uint8Array(s.length * 2);
    for (let i = 0; i < s.length; i++) {
      out[i * 2 + (be ? 1 : 0)] = s.charCodeAt(i) & 0xff;
      out[i * 2 + (be ? 0 : 1)] = s.charCodeAt(i) >> 8;
    }
    return out;
  };
  const cell = fc.stringMatching(/^[\u4e00-\u9fa5a-z0-9 .%]{1,12}$/);
  const table = fc.array(fc.tuple(cell, fc.integer({ min: 0, max: 1e7 })), { minLength: 1, maxLength: 20 }).map((rows) => ['指标,2020年', ...rows.map(([l, n]) => `${l},${n}`)].join('\r\n') + '\r\n');

  it('property: a table saved as UTF-16 LE or BE without a BOM reads back as the same text', () => {
    fc.assert(
      fc.property(table, fc.boolean(), (text, be) => {
        expect(decodeText(encode(text, be))).toEqual({ text, encoding: be ? 'utf-16be' : 'utf-16le' });
      }),
    );
  });

  it('UTF-8, GB18030 and binary with NULs are not taken for it', () => {
    expect(utf16WithoutBom(utf8('指标,2020年\n学校数,950\n'))).toBeNull();
    expect(utf16WithoutBom(new Uint8Array([1, 0, 2, 0, 3, 0, 4, 0]))).toBeNull(); // control characters, not text
    expect(utf16WithoutBom(new Uint8Array([0x41, 0, 0, 0x42, 0x43, 0]))).toBeNull(); // zeros on both sides
    expect(utf16WithoutBom(new Uint8Array([0x41, 0, 0x42]))).toBeNull(); // odd length
  });
});
