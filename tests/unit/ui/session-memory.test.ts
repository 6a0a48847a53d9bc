import { describe, expect, it } from 'vitest';
import { baselineWorkbook } from '../../../src/app.ts';
import { CATALOG } from '../../../src/core/data/catalog.ts';
import type { MappingDecision } from '../../../src/core/import/memory.ts';
import { loadRuleFile } from '../../../src/core/rules/load.ts';
import { workbookFromJson, workbookSchemaIssues, workbookToJson } from '../../../src/core/io/workbook-json.ts';
import { MemoryBackend } from '../../../src/storage/memory-store.ts';
import { isStoredMeta } from '../../../src/storage/store.ts';
import { Session } from '../../../src/ui/session.svelte.ts';

const RULES = loadRuleFile({ version: 't', rules: [] }, CATALOG);

async function open(backend: MemoryBackend) {
  const store = await backend.factory()('default');
  return Session.open({ catalog: CATALOG, rules: RULES, baseline: () => baselineWorkbook(), store });
}

const CELL = { key: 'schools_total@2020', after: { raw: '9', state: 'value' as const, n: 9, lo: 9, hi: 9 } };
const DECISIONS: MappingDecision[] = [
  { label: '全县小学', unit: '所', indicator: 'schools_primary', how: 'user' },
  { label: '备注', unit: null, indicator: null, how: 'left-out' },
];

describe('Session: an import remembers its decisions with the workbook', () => {
  it('import, undo and redo: the memory follows, and every step is stored', async () => {
    const backend = new MemoryBackend();
    const s = await open(backend);
    expect(s.workbook.importMemory.size).toBe(0);
    s.importCells([CELL], [], undefined, DECISIONS);
    expect(s.workbook.importMemory.toJSON()).toEqual(DECISIONS);
    await s.settled();
    expect((await open(backend)).workbook.importMemory.toJSON()).toEqual(DECISIONS);

    s.undo();
    expect(s.workbook.importMemory.size).toBe(0);
    await s.settled();
    expect((await open(backend)).workbook.importMemory.size).toBe(0);

    s.redo();
    await s.settled();
    expect((await open(backend)).workbook.importMemory.get('全县小学', '所')?.indicator).toBe('schools_primary');
  });

  it('a later decision for the same name and unit replaces the earlier one; others stay', async () => {
    const s = await open(new MemoryBackend());
    s.importCells([CELL], [], undefined, DECISIONS);
    s.importCells([{ ...CELL, key: 'schools_total@2021' }], [], undefined, [{ label: '全县小学', unit: '所', indicator: 'schools_junior', how: 'user' }]);
    expect(s.workbook.importMemory.get('全县小学', '所')?.indicator).toBe('schools_junior');
    expect(s.workbook.importMemory.get('备注', null)?.how).toBe('left-out');
    s.undo();
    expect(s.workbook.importMemory.get('全县小学', '所')?.indicator).toBe('schools_primary');
  });

  it("opening a workbook brings its memory (an exported workbook opened again); undo restores this one's", async () => {
    const s = await open(new MemoryBackend());
    const other = await baselineWorkbook();
    for (const d of DECISIONS) other.importMemory.set(d);
    s.replaceWith(other);
    expect(s.workbook.importMemory.toJSON()).toEqual(DECISIONS);
    s.undo();
    expect(s.workbook.importMemory.size).toBe(0);
  });

  // a new year reloads the other tab's workbook whole; figures of a year it has come row by row
  it.each([
    ['adding a year', CELL],
    ['into a year the workbook has', { ...CELL, key: 'schools_total@2019' }],
  ])('another tab sees the decisions of an import made in this one (%s)', async (_, cell) => {
    const backend = new MemoryBackend();
    const s = await open(backend);
    const other = await open(backend);
    s.importCells([cell], [], undefined, DECISIONS);
    await s.settled();
    await expect.poll(() => other.workbook.get('schools_total', cell.key.slice(-4)).raw).toBe('9');
    expect(other.workbook.importMemory.toJSON()).toEqual(DECISIONS);
  });

  it('the exported workbook JSON holds the memory (valid against the schema) and reads back with it', async () => {
    const s = await open(new MemoryBackend());
    s.importCells([CELL], [], undefined, DECISIONS);
    const json = JSON.parse(JSON.stringify(workbookToJson(s.workbook)));
    expect(workbookSchemaIssues(json)).toEqual([]);
    expect(json.importMemory).toEqual(DECISIONS);
    expect(workbookFromJson(json, CATALOG).importMemory.toJSON()).toEqual(DECISIONS);
  });

  it.each([
    [DECISIONS, true],
    [[{ label: 'x', unit: null, indicator: null, how: 'remembered' }], false],
    [[{ label: 'x', unit: 3, indicator: null, how: 'user' }], false],
    [[{ label: 'x', unit: null, indicator: null, how: 'user', context: 1 }], false],
    ['no', false],
  ])('a stored meta record with importMemory %j is accepted: %s', (importMemory, ok) => {
    const meta = { workbook: 'w', formatVersion: 1, catalogVersion: '', periods: [], customIndicators: [], prefs: { lang: 'zh' }, revision: 0, log: [] };
    expect(isStoredMeta(meta)).toBe(true);
    expect(isStoredMeta({ ...meta, importMemory })).toBe(ok);
  });
});
