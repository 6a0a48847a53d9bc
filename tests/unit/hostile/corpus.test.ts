/**
 * The hostile corpus (tests/hostile/corpus.ts, written at test time) through the import core and the
 * CLI: each file is refused with a message that names the problem (exit 2), or read (exit 0/1) with
 * the warnings it deserves; the workbook is unchanged and no built-in prototype gains a key.
 * Time and memory per file are measured by `npm run bench -- --hostile`, not here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readAndPreview } from '../../../src/core/import/index.ts';
import { workbookValues } from '../../../src/core/import/workbook-values.ts';
import { hostileCorpus, type HostileFile } from '../../hostile/corpus.ts';
import { baselineWorkbook } from '../import/helpers.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const CORPUS = hostileCorpus();
let dir: string;

/** Own keys of the built-in prototypes a polluting file would touch. */
function prototypeKeys(): Record<string, string[]> {
  const keys = (o: object) => Reflect.ownKeys(o).map(String).sort();
  return {
    Object: keys(Object.prototype),
    Array: keys(Array.prototype),
    Function: keys(Function.prototype),
    String: keys(String.prototype),
    Map: keys(Map.prototype),
  };
}

const baselineHash = () => createHash('sha256').update(readFileSync(join(ROOT, 'data/baseline-2019.json'))).digest('hex');

/** `npm run validate -- FILE --json` as a child process; stdout and stderr in full. */
function validate(file: string, args: string[] = []): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((done, fail) => {
    const child = spawn(TSX, [join(ROOT, 'src/cli/validate.ts'), file, '--json', ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', fail);
    child.on('close', (code) => done({ code, out: Buffer.concat(out).toString('utf8'), err: Buffer.concat(err).toString('utf8') }));
  });
}

let protoBefore: Record<string, string[]>;
let hashBefore: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hostile-'));
  protoBefore = prototypeKeys();
  hashBefore = baselineHash();
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the hostile corpus', () => {
  it('holds at least 40 files with distinct names, each saying what it tries', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(CORPUS.map((f) => f.name)).size).toBe(CORPUS.length);
    for (const f of CORPUS) expect(f.what.length).toBeGreaterThan(3);
    // both outcomes are covered, and refused files always name their problem
    expect(CORPUS.filter((f) => f.expect.accepted).length).toBeGreaterThan(5);
    expect(CORPUS.filter((f) => !f.expect.accepted).every((f) => f.expect.problem)).toBe(true);
  });
});

describe.each(CORPUS.map((f) => [f.name, f] as [string, HostileFile]))('%s', { timeout: 120_000 }, (name, f) => {
  let bytes: Uint8Array;
  beforeAll(async () => {
    bytes = await f.make();
    writeFileSync(join(dir, name), bytes);
  }, 120_000);
  afterAll(() => rmSync(join(dir, name), { force: true }));

  it(`import core: ${f.expect.accepted ? 'read' : 'refused'}, the message names the problem, the workbook and the prototypes unchanged`, async () => {
    const wb = baselineWorkbook();
    const before = JSON.stringify(workbookValues(wb));
    const { read, preview } = await readAndPreview(bytes, name, wb, f.args?.includes('--period') ? { period: f.args[f.args.indexOf('--period') + 1] } : {});
    const messages = [...read.errors, ...read.warnings].map((i) => i.message.en);
    if (f.expect.accepted) {
      expect(read.errors.map((e) => e.message.en)).toEqual([]);
      if (f.expect.cells !== undefined) expect(read.cells.length).toBe(f.expect.cells);
    } else {
      expect(read.errors.length).toBeGreaterThan(0);
      expect(read.cells).toEqual([]);
      expect(preview.changes).toEqual([]);
    }
    if (f.expect.problem) expect(messages.some((m) => f.expect.problem!.test(m)), messages.slice(0, 3).join('\n')).toBe(true);
    // every message names the file
    for (const i of [...read.errors, ...read.warnings].slice(0, 100)) expect(i.message.en.startsWith(name)).toBe(true);
    expect(JSON.stringify(workbookValues(wb))).toBe(before);
    expect(prototypeKeys()).toEqual(protoBefore);
  });

  it(`CLI: exit ${f.expect.accepted ? '0 or 1' : '2'}, the message names the problem, stdout is one JSON value`, async () => {
    const r = await validate(name, f.args);
    const json = JSON.parse(r.out);
    if (f.expect.accepted) {
      expect([0, 1], r.err.slice(0, 500)).toContain(r.code);
      expect(json.valid).toBe(r.code === 0);
    } else {
      expect(r.code, r.err.slice(0, 500)).toBe(2);
      expect(json.valid).toBe(false);
      expect(r.err).toContain(name);
      expect(JSON.stringify(json.error.issues)).toContain(name);
    }
    if (f.expect.problem) expect(r.err).toMatch(f.expect.problem);
    expect(r.err).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/); // never a stack trace
  });
});

describe('after the whole corpus', () => {
  it('the built-in prototypes have no new keys and the bundled baseline file is unchanged', () => {
    expect(prototypeKeys()).toEqual(protoBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(baselineHash()).toBe(hashBefore);
  });
});
