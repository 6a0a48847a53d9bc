/**
 * The command-line tools as a pipe: every byte of stdout and stderr reaches the reader, and the exit
 * code is the same as when the output goes to a file. (Exiting with process.exit() right after a
 * large write cut a piped report at 64 KiB.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { piped as pipedIn, ROOT, toFiles as toFilesIn, TSX } from './pipe-helpers.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SAMPLES = join(ROOT, 'data/samples');
let dir: string;
const piped = (cli: string, args: string[]) => pipedIn(dir, cli, args);
const toFiles = (cli: string, args: string[]) => toFilesIn(dir, cli, args);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-pipe-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// every file under data/samples/, the field corpus in its subfolder included
const samples = (readdirSync(SAMPLES, { recursive: true }) as string[]).filter((f) => statSync(join(SAMPLES, f)).isFile()).sort();

describe('validate --json through a pipe, for every file in data/samples/', { timeout: 240_000 }, () => {
  it('has the files the README lists (the directory is really read)', () => {
    expect(samples.filter((f) => /\.(csv|xlsx)$/.test(f)).length).toBeGreaterThanOrEqual(4);
  });

  it.each(samples)('%s: the whole stdout is one JSON value, the same bytes and exit code as to a file', (name) => {
    const args = [join(SAMPLES, name), '--json'];
    const p = piped('src/cli/validate.ts', args);
    const f = toFiles('src/cli/validate.ts', args);
    expect(p.code).toBe(f.code);
    expect(p.out).toBe(f.out);
    expect(p.err).toBe(f.err);
    const json = JSON.parse(p.out);
    // exit 0 ⇔ valid, 1 ⇔ errors in the figures, 2 ⇔ the file could not be used (then `error` says why)
    if (p.code === 2) {
      expect(json.valid).toBe(false);
      expect(json.error.issues.length).toBeGreaterThan(0);
      expect(json.error.issues[0].en).toMatch(new RegExp(name.replace(/\./g, '\\.')));
      expect(p.err).toContain(name);
    } else {
      expect(json.valid).toBe(p.code === 0);
      expect(json.counts.error === 0).toBe(p.code === 0);
    }
  });

});

describe('stderr through a pipe', { timeout: 120_000 }, () => {
  /** 3,000 names no indicator matches: one warning each, far more than 64 KiB of stderr. */
  const ROWS = 3000;
  beforeAll(() => {
    const lines = ['指标,单位,2020年', ...Array.from({ length: ROWS }, (_, i) => `没有这个指标${i},所,${i}`)];
    writeFileSync(join(dir, 'many-warnings.csv'), lines.join('\n'));
  });

  it.each([
    ['validate', 'src/cli/validate.ts', ['many-warnings.csv', '--json']],
    ['export', 'src/cli/export.ts', ['many-warnings.csv', '--format', 'json', '--out', 'out.json']],
  ])('%s: every warning line arrives, the last one included', (_name, cli, args) => {
    const p = piped(cli, args);
    expect(p.err.length).toBeGreaterThan(64 * 1024);
    const warned = p.err.split('\n').filter((l) => l.startsWith('警告 / warning:')).length;
    expect(warned).toBe(ROWS);
    expect(p.err).toContain(`没有这个指标${ROWS - 1}`);
    expect(p.code).toBe(toFiles(cli, args).code);
    if (cli.includes('validate')) JSON.parse(p.out);
    else expect(p.out).toMatch(/^out\.json: /);
  });

  it('validate --json: a report far larger than 64 KiB arrives whole on stdout', () => {
    const p = piped('src/cli/validate.ts', ['many-warnings.csv', '--json']);
    expect(p.out.length).toBeGreaterThan(64 * 1024);
    const json = JSON.parse(p.out);
    // one import row per data row of the file, the last one included
    expect(json.import.rows).toHaveLength(ROWS);
    expect(json.import.rows.at(-1).label).toBe(`没有这个指标${ROWS - 1}`);
  });
});

describe('a reader that stops early (`| head`)', { timeout: 120_000 }, () => {
  it.each(samples.filter((f) => /\.(csv|xlsx)$/.test(f)))('%s: no EPIPE error or stack trace, the exit code of the whole run', (name) => {
    const script = '"$TSX" "$CLI" "$@" 2> "$ERR" | head -c 100 > /dev/null; echo "${PIPESTATUS[0]}"';
    const err = join(dir, 'head-err.txt');
    const r = spawnSync('bash', ['-c', script, 'head', join(SAMPLES, name), '--json'], { cwd: dir, encoding: 'utf8', env: { ...process.env, TSX, CLI: join(ROOT, 'src/cli/validate.ts'), ERR: err }, timeout: 90_000 });
    const stderr = readFileSync(err, 'utf8');
    expect(stderr).not.toMatch(/EPIPE|Unhandled|\n\s+at /);
    expect(Number(r.stdout.trim())).toBe(toFiles('src/cli/validate.ts', [join(SAMPLES, name), '--json']).code);
  });
});
