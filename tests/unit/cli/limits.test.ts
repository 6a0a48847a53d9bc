/**
 * The CLI checks a file's size from fs.stat before reading it, for every route (CSV, XLSX, workbook
 * JSON), with the limit and the message of the import dialog (IMPORT_LIMITS, fileSizeIssue).
 * A sparse 1.5 GB file costs no disk; reading it would cost 1.5 GB of memory, so the peak memory of
 * the process (GNU time's maximum resident set) shows it was not read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileSizeIssue } from '../../../src/core/import/index.ts';
import { IMPORT_LIMITS } from '../../../src/core/import/limits.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const HUGE = 1.5 * 1024 ** 3;
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-limits-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(['huge.csv', 'huge.xlsx', 'huge.json'])('a sparse 1.5 GB %s', { timeout: 120_000 }, (name) => {
  it('is refused from its size before it is read (exit 2, the dialog\'s message, peak memory far below the file)', () => {
    const file = join(dir, name);
    writeFileSync(file, '');
    truncateSync(file, HUGE);
    const rss = join(dir, 'rss.txt');
    const r = spawnSync('/usr/bin/time', ['-f', '%M', '-o', rss, TSX, join(ROOT, 'src/cli/validate.ts'), name, '--json'], { cwd: dir, encoding: 'utf8', timeout: 110_000 });
    expect(r.status).toBe(2);
    const expected = fileSizeIssue(name, HUGE)!;
    expect(r.stderr).toContain(expected.message.zh);
    expect(r.stderr).toContain(expected.message.en);
    expect(JSON.parse(r.stdout).error.issues).toEqual([expected.message]);
    if (existsSync(rss)) {
      const kb = Number(readFileSync(rss, 'utf8').trim().split('\n').pop());
      expect(kb * 1024).toBeLessThan(HUGE / 3);
    }
    rmSync(file);
  });
});

describe('the JSON route has the import dialog\'s size limit', { timeout: 120_000 }, () => {
  it.each([
    ['at the limit: read (then judged as a workbook)', IMPORT_LIMITS.maxFileBytes, /json|format|schema|must/i],
    ['one byte over: refused for its size', IMPORT_LIMITS.maxFileBytes + 1, /above the import limit/],
  ])('%s', (_name, size, message) => {
    const text = `{"padding":"${'x'.repeat(size - 14)}"}`;
    expect(Buffer.byteLength(text)).toBe(size);
    writeFileSync(join(dir, 'big.json'), text);
    const r = spawnSync(TSX, [join(ROOT, 'src/cli/validate.ts'), 'big.json'], { cwd: dir, encoding: 'utf8', timeout: 110_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    if (size <= IMPORT_LIMITS.maxFileBytes) expect(r.stderr).not.toMatch(/above the import limit/);
  });
});
