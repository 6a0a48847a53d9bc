import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatTsv, parseTsv } from '../../../src/core/clipboard/tsv.ts';

const CASES: { name: string; text: string; rows: string[][] }[] = [
  { name: 'Excel block with CRLF and trailing line', text: '1\t2\r\n3\t4\r\n', rows: [['1', '2'], ['3', '4']] },
  { name: 'LF without trailing line', text: '1\t2\n3\t4', rows: [['1', '2'], ['3', '4']] },
  { name: 'old Mac CR', text: 'a\rb\r', rows: [['a'], ['b']] },
  { name: 'single cell', text: '541,261', rows: [['541,261']] },
  { name: 'single cell with Excel line end', text: '98.23%\r\n', rows: [['98.23%']] },
  { name: 'empty cells kept', text: '\t\t3\r\n', rows: [['', '', '3']] },
  { name: 'an empty row in the middle is kept', text: '1\r\n\r\n2\r\n', rows: [['1'], [''], ['2']] },
  { name: 'quoted cell with a line break', text: '"a\r\nb"\tc\r\n', rows: [['a\r\nb', 'c']] },
  { name: 'quoted cell with doubled quotes', text: '"say ""hi"""\t1', rows: [['say "hi"', '1']] },
  { name: 'quoted cell with a tab', text: '"x\ty"\tz', rows: [['x\ty', 'z']] },
  { name: 'quote inside an unquoted cell is literal', text: '1"2\t3', rows: [['1"2', '3']] },
  { name: 'unterminated quote is read literally', text: '"abc\tx', rows: [['"abc', 'x']] },
  { name: 'quote not followed by a separator is literal', text: '"a"b\tc', rows: [['"a"b', 'c']] },
  { name: 'Chinese text and full-width digits', text: '约９５００\t1:14.7\r\n', rows: [['约９５００', '1:14.7']] },
  { name: 'empty clipboard', text: '', rows: [] },
];

describe('parseTsv', () => {
  it.each(CASES)('$name', ({ text, rows }) => {
    expect(parseTsv(text)).toEqual(rows);
  });
});

describe('formatTsv', () => {
  it('writes CRLF rows and quotes what needs it', () => {
    expect(formatTsv([['1', 'a\tb'], ['say "x"', '']])).toBe('1\t"a\tb"\r\n"say ""x"""\t\r\n');
  });
  it('writes nothing for no rows', () => {
    expect(formatTsv([])).toBe('');
  });
  it('round-trips any rectangular block of cells', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', '1', '\t', '\n', '\r', '"', ' ', '万', ',') , maxLength: 6 });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.infiniteStream(cell), (h, w, s) => {
        const rows = Array.from({ length: h }, () => Array.from({ length: w }, () => s.next().value as string));
        // A block whose only cell is empty formats to "\r\n", which reads as one empty row: the same block.
        expect(parseTsv(formatTsv(rows))).toEqual(rows);
      }),
    );
  });
});
