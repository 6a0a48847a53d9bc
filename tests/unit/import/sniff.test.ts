import { describe, expect, it } from 'vitest';
import { chooseReader, readTables, sniffContent } from '../../../src/core/import/index.ts';
import { IMPORT_LIMITS } from '../../../src/core/import/limits.ts';
import { fixture, utf8 } from './helpers.ts';

describe('files are recognised by content, not only by extension', () => {
  it.each([
    ['empty', new Uint8Array(0)],
    ['zip', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2])],
    ['ole', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1])],
    ['pdf', utf8('%PDF-1.7\n')],
    ['text', utf8('指标,2020年\n')],
    ['text', new Uint8Array([0xff, 0xfe, 0x41, 0x00])],
    ['binary', new Uint8Array([0x41, 0x00, 0x42])],
    ['binary', new Uint8Array(Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 0x01 : 0x41)))],
  ])('%s', (kind, bytes) => {
    expect(sniffContent(bytes)).toBe(kind);
  });

  it.each([
    ['a.csv', utf8('a,b\n'), 'csv'],
    ['a.tsv', utf8('a\tb\n'), 'csv'],
    ['a.txt', utf8('a,b\n'), 'csv'],
    ['a', utf8('a,b\n'), 'csv'],
    ['a.json', utf8(' {"format":1}'), 'json'],
    ['a.csv', utf8('{"format":1}'), 'json'],
    ['a.xlsx', new Uint8Array([0x50, 0x4b, 0x03, 0x04]), 'xlsx'],
    ['a.XLSX', new Uint8Array([0x50, 0x4b, 0x03, 0x04]), 'xlsx'],
    ['a.xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]), 'xls'],
    ['noext', new Uint8Array([0x50, 0x4b, 0x03, 0x04]), 'xlsx'],
  ])('%s goes to the %s reader', (name, bytes, kind) => {
    expect(chooseReader(bytes, name)).toEqual({ kind, issues: [] });
  });

  it.each([
    ['workbook-named.csv', 'zip'],
    ['text-named.xlsx', 'text'],
    ['binary.csv', 'binary'],
  ])('%s: a mismatch between extension and content is an error saying what the file really is', async (name, content) => {
    const r = await readTables(fixture(name), name);
    expect(r.sheets).toEqual([]);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ code: 'wrong-extension', severity: 'error', file: name, params: { content } });
    expect(r.issues[0].message.zh.startsWith(name)).toBe(true);
  });

  it.each([
    ['a.pdf', utf8('%PDF-1.4 ...'), 'unsupported-format'],
    ['a.bin', new Uint8Array([1, 0, 2, 0]), 'binary-file'],
    ['empty.csv', new Uint8Array(0), 'empty-file'],
    ['a.json', utf8('指标,2020\n'), 'wrong-extension'],
    ['protected.xlsx', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'unsupported-format'],
  ])('%s is refused (%s)', async (name, bytes, code) => {
    const r = await readTables(bytes, name);
    expect(r.issues.map((i) => i.code)).toEqual([code]);
  });

  it('refuses a file above the size limit before reading it, and states the limit', async () => {
    const limits = { ...IMPORT_LIMITS, maxFileBytes: 10, maxCells: 1e6, maxRows: 1e5, maxUnzippedBytes: 1e9 };
    const r = await readTables(utf8('指标,2020年\n学校数,946\n'), 'big.csv', limits);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0].code).toBe('too-large');
    expect(r.issues[0].params).toMatchObject({ maxBytes: 10 });
  });

  it('the default limit is 20 MB', async () => {
    const r = await readTables(new Uint8Array(20 * 1024 * 1024 + 1), 'huge.csv');
    expect(r.issues.map((i) => i.code)).toEqual(['too-large']);
    expect(r.issues[0].message.zh).toContain('20.0 MB');
  });

  it('misuse (not a Uint8Array) throws', async () => {
    await expect(readTables('text' as unknown as Uint8Array, 'a.csv')).rejects.toThrow(TypeError);
  });
});
