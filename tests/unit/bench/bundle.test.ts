import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSizes, INITIAL_BUDGET_KB, INITIAL_CEILING_KB, type BuildSizes } from '../../../bench/bundle.ts';

/**
 * The production build (the same as `npm run bench -- --bundle`): the first load stays within its budget,
 * and what is not needed for the first screen stays out of it.
 */
describe('the production bundle', () => {
  let b: BuildSizes;
  beforeAll(async () => {
    b = await buildSizes(mkdtempSync(join(tmpdir(), 'bundle-test-')));
  }, 180_000);
  afterAll(() => {
    if (b) rmSync(b.dir, { recursive: true, force: true });
  });

  // the goal is 300 kB (INITIAL_BUDGET_KB, reported by the bench); the ceiling is what it is now plus a little, so growth is caught
  it(`first load (entry chunk, its static imports and CSS) ≤ ${INITIAL_CEILING_KB} kB gzip -9, within the ${INITIAL_BUDGET_KB} kB goal`, () => {
    expect(INITIAL_CEILING_KB).toBeLessThanOrEqual(INITIAL_BUDGET_KB);
    expect(b.initial.size).toBeGreaterThan(0);
    expect(b.initialKb, [...b.initial].join(', ')).toBeLessThanOrEqual(INITIAL_CEILING_KB);
    expect(b.totalKb).toBeGreaterThan(b.initialKb);
  });

  it.each([
    'src/ui/PrintView.svelte',
    'src/ui/ImportDialog.svelte',
    'src/ui/Intro.svelte',
    'src/ui/FindBar.svelte',
    'src/ui/export-action.ts',
    'src/core/io/xlsx.ts',
    'src/core/data/baseline.ts',
    'src/storage/memory-store.ts',
    'src/ui/i18n.en.ts',
    'src/core/locate/localise.ts',
  ])('%s loads on demand: a chunk of its own, not part of the first load', (src) => {
    const chunk = b.manifest[src];
    expect(chunk?.isDynamicEntry, `${src} is imported dynamically`).toBe(true);
    expect(b.initial.has(chunk.file), `${chunk.file} is fetched on the first load`).toBe(false);
  });

  it("the first load carries no AG Grid editing module (the grid's text editor is cell-editor.ts)", () => {
    const js = [...b.initial].filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(b.dir, f), 'utf8')).join('\n');
    // a module's definition names itself; AG Grid's core also names modules in its messages, so the definition is looked for
    for (const name of ['EditCore', 'TextEditor']) expect(js).not.toMatch(new RegExp(`moduleName:\\s*["'\`]${name}["'\`]`));
    // while the modules the grid registers are there
    expect(js).toMatch(/moduleName:\s*["'`]ClientSideRowModel["'`]/);
  });

  it('the first load carries no schema validator for the data files (the build checks the bundled ones)', () => {
    const js = [...b.initial].filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(b.dir, f), 'utf8')).join('\n');
    // the compiled validators embed their schemas: these titles are in the catalog, rules and workbook schemas
    const titles = ['catalog', 'rules', 'workbook'].map((n) => (JSON.parse(readFileSync(new URL(`../../../schemas/${n}.schema.json`, import.meta.url), 'utf8')) as { title: string }).title);
    expect(titles.every((t) => t.length > 5)).toBe(true);
    for (const t of titles) expect(js, t).not.toContain(t);
    // while the per-value checks are there (they run on every figure)
    expect(js).toContain('must be >= 0');
  });
});
