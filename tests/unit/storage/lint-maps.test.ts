import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The lint rule that keeps maps keyed by user data off Object.prototype (eslint.config.js). */
describe('lint: maps keyed by user data', () => {
  const eslint = new ESLint({ cwd: new URL('../../..', import.meta.url).pathname });
  const lint = async (code: string) => (await eslint.lintText(code, { filePath: 'src/storage/example.ts' }))[0].messages.filter((m) => m.ruleId === 'no-restricted-syntax').length;

  it.each([
    ['a Record map starting from {}', 'export function f(ids: string[]) { const m: Record<string, number> = {}; for (const id of ids) m[id] = 1; return m; }', 1],
    ['a row read with ?? {}', 'export function f(rows: Record<string, object>, id: string) { return rows[id] ?? {}; }', 1],
    ['a key tested with in', 'export function f(rows: object, id: string) { return id in rows; }', 1],
    ['a Map', 'export function f(ids: string[]) { const m = new Map<string, number>(); for (const id of ids) m.set(id, 1); return m; }', 0],
    ['a null-prototype object', 'export function f(ids: string[]) { const m = Object.create(null) as Record<string, number>; for (const id of ids) m[id] = 1; return m; }', 0],
    ['Object.hasOwn', 'export function f(rows: object, id: string) { return Object.hasOwn(rows, id); }', 0],
    ['a literal property test (type narrowing)', "export function f(x: { a: 1 } | { b: 2 }) { return 'a' in x; }", 0],
  ])('%s', async (_name, code, errors) => {
    expect(await lint(code)).toBe(errors);
  });
});
