import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bundledDataCheck, bundledDataProblems } from '../../../scripts/bundled-data.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
type Json = Record<string, unknown[]>;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A copy of data/ in a temporary root, with `edit` applied to one file. */
function rootWith(file: 'catalog.json' | 'rules.json', edit: (json: Json) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'bundled-'));
  dirs.push(dir);
  cpSync(join(ROOT, 'data'), join(dir, 'data'), { recursive: true });
  const json = JSON.parse(readFileSync(join(dir, 'data', file), 'utf8')) as Json;
  edit(json);
  writeFileSync(join(dir, 'data', file), JSON.stringify(json));
  return dir;
}

describe('the build checks the bundled data files (the app does not ship their schema validators)', () => {
  it('the files as they are pass', () => {
    expect(bundledDataProblems(ROOT)).toEqual([]);
  });

  it.each([
    ['catalog: an unknown value kind', 'catalog.json', (j: Json): void => void ((j.indicators[0] as { kind: string }).kind = 'weight'), /data\/catalog\.json at \/indicators\/0\/kind/],
    ['catalog: a field the schema does not know', 'catalog.json', (j: Json): void => void ((j.indicators[3] as { colour?: string }).colour = 'red'), /data\/catalog\.json at \/indicators\/3: /],
    ['rules: a field the schema does not know', 'rules.json', (j: Json): void => void ((j.rules[0] as { weight?: number }).weight = 2), /data\/rules\.json at \/rules\/0 \(rule "[^"]+"\).*weight/],
    ['rules: an indicator the catalog lacks', 'rules.json', (j: Json): void => void ((j.rules[0] as { total: string }).total = 'no_such_indicator'), /no_such_indicator/],
  ] as const)('%s: named with file and place', (_n, file, edit, expected) => {
    const problems = bundledDataProblems(rootWith(file, edit));
    expect(problems.join('\n')).toMatch(expected);
  });

  it('the Vite plugin stops the build with those problems', () => {
    const root = rootWith('catalog.json', (j) => ((j.indicators[0] as { kind: string }).kind = 'weight'));
    const plugin = bundledDataCheck(root);
    const watched: string[] = [];
    const ctx = {
      addWatchFile: (f: string) => watched.push(f),
      error: (m: string) => {
        throw new Error(m);
      },
    };
    const start = plugin.buildStart as unknown as (this: typeof ctx) => void;
    expect(() => start.call(ctx)).toThrow(/bundled data files.*\n.*\/indicators\/0\/kind/);
    expect(watched.map((f) => f.slice(root.length))).toEqual(['/data/catalog.json', '/data/rules.json']);
    const fine = bundledDataCheck(ROOT).buildStart as unknown as (this: typeof ctx) => void;
    expect(() => fine.call(ctx)).not.toThrow();
  });
});
