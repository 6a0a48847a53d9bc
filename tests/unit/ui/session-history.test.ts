import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { baselineWorkbook } from '../../../src/app.ts';
import { CATALOG } from '../../../src/core/data/catalog.ts';
import { loadRuleFile } from '../../../src/core/rules/load.ts';
import { parseValue } from '../../../src/core/parse/value.ts';
import { HISTORY_LIMIT } from '../../../src/core/model/history.ts';
import type { ChangeRecord } from '../../../src/core/model/annotations.ts';
import { MemoryBackend } from '../../../src/storage/memory-store.ts';
import { loadLocaliser, Session, type ImportOrigin } from '../../../src/ui/session.svelte.ts';

// Every change of a figure is recorded through the session's own edit paths (issue 18). Figures are made up.

const RULES = loadRuleFile(
  {
    version: 't',
    rules: [{ id: 'senior_high_balance', kind: 'balance', severity: 'error', total: 'schools_senior_high', parts: ['schools_senior_high_complete', 'schools_senior_high_senior', 'schools_senior_high_12year'] }],
  },
  CATALOG,
);

// the suggestions come from error localisation, which the session loads on demand: loaded first here
beforeAll(() => loadLocaliser());

async function open(backend: MemoryBackend) {
  const store = await backend.factory()('default');
  return Session.open({ catalog: CATALOG, rules: RULES, baseline: () => baselineWorkbook(), store });
}

const value = (key: string, raw: string) => {
  const ind = CATALOG.indicators.find((i) => i.id === key.slice(0, key.indexOf('@')))!;
  const unit = CATALOG.units.find((u) => u.id === ind.unit)!;
  return parseValue(raw, ind, unit);
};

const ORIGIN = (keys: string[]): ImportOrigin => ({
  file: '县表.xlsx',
  size: 4096,
  places: new Map(keys.map((k, i) => [k, { sheet: '表1', row: 12 + i }])),
  mapping: [
    { label: '学校总数', indicator: 'schools_total' },
    { label: '备注', indicator: null },
  ],
});

const strip = (r: ChangeRecord | undefined) => r && { before: r.before, after: r.after, how: r.how, file: r.file, sheet: r.sheet, row: r.row };

describe('each edit path records how the figure changed', () => {
  const K = 'schools_total@2019';
  type Case = { name: string; act: (s: Session) => unknown; want: Partial<ChangeRecord> };
  const CASES: Case[] = [
    { name: 'typed', act: (s) => s.setCells([{ key: K, raw: '1234' }]), want: { after: '1234', how: 'typed' } },
    { name: 'typed empty is a clear', act: (s) => s.setCells([{ key: K, raw: ' ' }]), want: { after: '', how: 'cleared' } },
    { name: 'pasted', act: (s) => s.setCells([{ key: K, raw: '1 243' }], 'pasted'), want: { after: '1 243', how: 'pasted' } },
    { name: 'filled', act: (s) => s.setCells([{ key: K, raw: '7' }], 'filled'), want: { after: '7', how: 'filled' } },
    { name: 'cleared (Delete)', act: (s) => s.clearCells([K]), want: { after: '', how: 'cleared' } },
    { name: 'imported from a file row', act: (s) => s.importCells([{ key: K, after: value(K, '1243') }], [], undefined, [], ORIGIN([K])), want: { after: '1243', how: 'imported', file: '县表.xlsx', sheet: '表1', row: 12 } },
    { name: 'a whole workbook opened in its place', act: async (s) => { s.setCells([{ key: K, raw: '5' }]); s.replaceWith(await baselineWorkbook(), 'baseline-2019.json'); }, want: { before: '5', how: 'imported', file: 'baseline-2019.json' } },
    { name: "reset to the report's figures: a reset, not an import", act: async (s) => { s.setCells([{ key: K, raw: '5' }]); s.resetTo(await baselineWorkbook(), 'data/baseline-2019.json'); }, want: { before: '5', how: 'reset', file: undefined } },
  ];
  it.each(CASES)('$name', async ({ act, want }) => {
    const s = await open(new MemoryBackend());
    const before = s.value(K).raw;
    await act(s);
    const last = s.changesOf(K).at(-1);
    expect(strip(last)).toMatchObject({ before, ...want });
    expect(last?.after).toBe(s.value(K).raw);
    expect(Date.parse(last!.time)).not.toBeNaN();
  });

  it("a reset is logged in the import log as a reset of the report's figures (kept on undo, stored), an import as an import", async () => {
    const backend = new MemoryBackend();
    const s = await open(backend);
    s.importCells([{ key: K, after: value(K, '1243') }], [], undefined, [], ORIGIN([K]));
    s.setCells([
      { key: K, raw: '5' },
      { key: 'schools_university@2018', raw: '3' },
    ]);
    s.resetTo(await baselineWorkbook(), 'data/baseline-2019.json');
    expect(s.value(K).raw).toBe(s.changesOf(K).at(-1)!.after);
    const [imp, reset] = s.workbook.importLog;
    expect(imp.kind).toBeUndefined();
    expect(imp.file).toBe('县表.xlsx');
    // K back to the report's figure, the typed 2018 figure cleared: two changed, none new
    expect(reset).toEqual({ time: expect.any(String), kind: 'reset', file: 'data/baseline-2019.json', size: 0, cellsNew: 0, cellsChanged: 2, mapping: [] });
    expect(s.changesOf('schools_university@2018').at(-1)).toMatchObject({ before: '3', after: '', how: 'reset' });
    // one undo step; the log keeps the entry (an audit log), as for an import
    s.undo();
    expect(s.value(K).raw).toBe('5');
    expect(s.workbook.importLog.map((e) => e.kind ?? 'import')).toEqual(['import', 'reset']);
    await s.settled();
    const again = await open(backend);
    expect(again.workbook.importLog).toEqual(s.workbook.importLog);
    expect(again.changesOf(K).map((r) => r.how)).toEqual(['imported', 'typed', 'reset', 'undo']);
    // the workbook file carries both (its schema knows a reset) and reads back the same
    const { workbookFromJson, workbookToJson } = await import('../../../src/core/io/workbook-json.ts');
    const back = workbookFromJson(JSON.parse(JSON.stringify(workbookToJson(s.workbook))), CATALOG, 'export.json');
    expect(back.importLog).toEqual(s.workbook.importLog);
    expect(back.history.get(K)?.map((r) => r.how)).toEqual(['imported', 'typed', 'reset', 'undo']);
  });

  it('undo and redo are recorded as such, the history is not rolled back', async () => {
    const s = await open(new MemoryBackend());
    const base = s.value(K).raw;
    s.setCells([{ key: K, raw: '99' }]);
    s.undo();
    s.redo();
    expect(s.changesOf(K).map((r) => [r.before, r.after, r.how])).toEqual([
      [base, '99', 'typed'],
      ['99', base, 'undo'],
      [base, '99', 'redo'],
    ]);
  });

  it('an accepted suggestion is recorded, and its earlier text is what the tooltip lists', async () => {
    const s = await open(new MemoryBackend());
    const k = 'schools_senior_high@2019';
    s.setCells([{ key: k, raw: '71' }]);
    const loc = s.suspects.find((l) => l.sets.some((set) => set.cells.some((c) => c.cell === k && c.raw !== undefined)));
    expect(loc).toBeDefined();
    const i = loc!.sets.findIndex((set) => set.cells.some((c) => c.cell === k && c.raw !== undefined));
    expect(s.acceptSuggestion(loc!.id, i)).toBe(true);
    expect(strip(s.changesOf(k).at(-1))).toMatchObject({ before: '71', after: s.value(k).raw, how: 'suggestion' });
    expect(s.earlierTexts(k)).toEqual(['71']);
    expect(s.valueMeta(k)?.history).toBeUndefined();
  });

  it('removing a year records its figures as cleared; undo brings them back, recorded', async () => {
    const s = await open(new MemoryBackend());
    const raw = s.value(K).raw;
    s.removePeriod('2019');
    expect(strip(s.changesOf(K).at(-1))).toMatchObject({ before: raw, after: '', how: 'cleared' });
    s.undo();
    expect(strip(s.changesOf(K).at(-1))).toMatchObject({ before: '', after: raw, how: 'undo' });
  });

  it('an import appends to the import log (new and changed counted), stored with the workbook; undo keeps the entry', async () => {
    const backend = new MemoryBackend();
    const s = await open(backend);
    const changes = [
      { key: 'schools_total@2019', after: value('schools_total@2019', '1243') },
      { key: 'schools_total@2021', after: value('schools_total@2021', '1250') },
      { key: 'students_total@2021', after: value('students_total@2021', '90000') },
    ];
    s.importCells(changes, [], undefined, [], { ...ORIGIN(changes.map((c) => c.key)), unit: 'city' });
    expect(s.workbook.importLog).toHaveLength(1);
    expect(s.workbook.importLog[0]).toMatchObject({ file: '县表.xlsx', size: 4096, cellsNew: 2, cellsChanged: 1, unit: 'city', mapping: ORIGIN([]).mapping });
    await s.settled();
    const again = await open(backend);
    expect(again.workbook.importLog).toEqual(s.workbook.importLog);
    expect(strip(again.changesOf('students_total@2021').at(-1))).toMatchObject({ before: '', after: '90000', how: 'imported', row: 14 });
    s.undo();
    expect(s.workbook.importLog).toHaveLength(1);
  });
});

describe('the history is bounded', () => {
  it(`keeps the last ${HISTORY_LIMIT} changes of a figure and counts the dropped ones`, async () => {
    const backend = new MemoryBackend();
    const s = await open(backend);
    const K = 'schools_total@2019';
    for (let i = 1; i <= HISTORY_LIMIT + 12; i++) s.setCells([{ key: K, raw: String(i) }]);
    const list = s.changesOf(K);
    expect(list).toHaveLength(HISTORY_LIMIT);
    expect(list[0].dropped).toBe(12);
    expect(list[0].before).toBe('12');
    expect(list.at(-1)!.after).toBe(String(HISTORY_LIMIT + 12));
    expect(list.slice(1).every((r) => r.dropped === undefined)).toBe(true);
    await s.settled();
    expect((await open(backend)).changesOf(K)).toEqual(list);
  });
});

// --- the property: any sequence of edits, pastes, fills, clears, imports, undos and redos ------------

const KEYS = ['schools_total@2019', 'schools_total@2018', 'schools_senior_high@2019', 'students_total@2019', 'schools_total@2021', 'students_total@2021'];
const rawArb = fc.oneof(fc.constantFrom('', '1 234', '1243', '约9500', '1.6万', 'abc', '—', '0'), fc.integer({ min: 0, max: 99999 }).map(String));
const editArb = fc.record({ key: fc.constantFrom(...KEYS.slice(0, 4)), raw: rawArb });
type Op =
  | { t: 'edit'; how: 'typed' | 'pasted' | 'filled'; edits: { key: string; raw: string }[] }
  | { t: 'clear'; keys: string[] }
  | { t: 'import'; cells: { key: string; raw: string }[] }
  | { t: 'undo' }
  | { t: 'redo' }
  | { t: 'accept' };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ t: fc.constant('edit' as const), how: fc.constantFrom('typed' as const, 'pasted' as const, 'filled' as const), edits: fc.array(editArb, { minLength: 1, maxLength: 3 }) }),
  fc.record({ t: fc.constant('clear' as const), keys: fc.uniqueArray(fc.constantFrom(...KEYS.slice(0, 4)), { minLength: 1, maxLength: 2 }) }),
  fc.record({ t: fc.constant('import' as const), cells: fc.uniqueArray(fc.record({ key: fc.constantFrom(...KEYS), raw: rawArb.filter((r) => r !== '') }), { selector: (c) => c.key, minLength: 1, maxLength: 4 }) }),
  fc.constant({ t: 'undo' as const }),
  fc.constant({ t: 'redo' as const }),
  fc.constant({ t: 'accept' as const }),
);

function run(s: Session, op: Op): void {
  switch (op.t) {
    case 'edit':
      s.setCells(op.edits, op.how);
      return;
    case 'clear':
      s.clearCells(op.keys);
      return;
    case 'import': {
      const changes = op.cells.map((c) => ({ key: c.key, after: value(c.key, c.raw) })).filter((c) => c.after.raw !== s.value(c.key).raw);
      s.importCells(changes, [], undefined, [], ORIGIN(changes.map((c) => c.key)));
      return;
    }
    case 'undo':
      s.undo();
      return;
    case 'redo':
      s.redo();
      return;
    case 'accept': {
      const loc = s.suspects.find((l) => l.sets.some((set) => set.cells.every((c) => c.raw !== undefined)));
      if (loc) s.acceptSuggestion(loc.id, loc.sets.findIndex((set) => set.cells.every((c) => c.raw !== undefined)));
      return;
    }
  }
}

/** The figure's text replayed from its first known text through every recorded change. */
function replay(start: string, list: readonly ChangeRecord[]): string {
  let raw = start;
  for (const r of list) {
    expect(r.before).toBe(raw);
    raw = r.after;
  }
  return raw;
}

describe('property: the stored history of every figure replays to its current text', () => {
  it('for any sequence of edits, pastes, fills, clears, imports, accepted suggestions, undos and redos — and after a store round trip', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 25 }), async (ops) => {
        const backend = new MemoryBackend();
        const s = await open(backend);
        const start = new Map(KEYS.map((k) => [k, s.value(k).raw]));
        for (const op of ops) run(s, op);
        for (const k of KEYS) {
          const list = s.changesOf(k);
          // every change of the text is recorded, in order, each starting where the last one ended
          expect(replay(start.get(k)!, list)).toBe(s.value(k).raw);
        }
        await s.settled();
        const again = await open(backend);
        for (const k of KEYS) {
          expect(again.changesOf(k)).toEqual(s.changesOf(k));
          expect(again.value(k).raw).toBe(s.value(k).raw);
        }
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});

describe('a workbook file exported and imported again brings its notes, flags and histories', () => {
  it('through the import pipeline and importCells; stored, so they survive a reload', async () => {
    const { readFigures } = await import('../../../src/core/import/index.ts');
    const { previewImport } = await import('../../../src/core/import/preview.ts');
    const { workbookToJson } = await import('../../../src/core/io/workbook-json.ts');
    const { placesOf, mappingOf } = await import('../../../src/core/model/history.ts');
    const a = await open(new MemoryBackend());
    const K = 'schools_total@2019';
    a.setCells([{ key: K, raw: '1243' }]);
    a.workbook.notes.set(K, { text: '新校区投入使用', time: '2026-11-30T10:02:00.000Z' });
    a.workbook.notes.set('schools_total@2018', { text: '空格上的说明', time: 't' });
    a.workbook.followUp.set(K, { time: 't', reason: '请县局核实' });
    const bytes = new TextEncoder().encode(JSON.stringify(workbookToJson(a.workbook)));

    const backend = new MemoryBackend();
    const b = await open(backend);
    const read = await readFigures(bytes, '导出.json', CATALOG);
    expect(read.errors).toEqual([]);
    const preview = previewImport(b.workbook, read.cells, '导出.json');
    b.importCells(preview.changes, [], preview.meta, [], { file: '导出.json', size: bytes.length, places: placesOf(preview.cells), mapping: mappingOf(read.mapping), annotations: read.annotations });
    expect(b.workbook.notes.get(K)?.text).toBe('新校区投入使用');
    expect(b.workbook.notes.get('schools_total@2018')?.text).toBe('空格上的说明');
    // the other copy's history of the figure, then this import on top; the last change ends at the figure
    expect(b.changesOf(K).map((r) => [r.how, r.after])).toEqual([
      ['typed', '1243'],
      ['imported', '1243'],
    ]);
    // the notes and the flag are part of the import's undo step
    b.undo();
    expect([b.workbook.notes.size, b.workbook.followUp.size]).toEqual([0, 0]);
    b.redo();
    expect(b.workbook.notes.get(K)?.text).toBe('新校区投入使用');
    expect(b.workbook.followUp.get(K)?.reason).toBe('请县局核实');
    await b.settled();
    const again = await open(backend);
    expect(again.workbook.notes.get(K)?.text).toBe('新校区投入使用');
    expect(again.workbook.notes.get('schools_total@2018')?.text).toBe('空格上的说明');
    expect(again.workbook.followUp.get(K)?.reason).toBe('请县局核实');
    expect(again.changesOf(K).slice(-3).map((r) => r.how)).toEqual(['imported', 'undo', 'redo']);
    expect(again.changesOf(K).at(-3)).toMatchObject({ how: 'imported', file: '导出.json', after: '1243' });
  });
});

describe('another tab\'s notes, flags and histories reach this session', () => {
  it('a note written by another tab appears on the figure, with a marks event to redraw it', async () => {
    const backend = new MemoryBackend();
    const s = await open(backend);
    const events: string[][] = [];
    s.on((e) => {
      if (e.type === 'marks') events.push(e.keys);
    });
    const other = await backend.factory()('default');
    const rev = (await other.load())!.meta.revision;
    await other.write({ cells: [], notes: [{ key: 'schools_total@2019', note: { text: '另一页签的说明', time: 't' } }], followUp: [{ key: 'schools_total@2019', followUp: { time: 't' } }] }, rev);
    await expect.poll(() => s.workbook.notes.get('schools_total@2019')?.text).toBe('另一页签的说明');
    expect(s.workbook.followUp.has('schools_total@2019')).toBe(true);
    expect(events).toContainEqual(['schools_total@2019']);
    // and its deletion
    await other.write({ cells: [], notes: [{ key: 'schools_total@2019', note: null }] }, rev + 1);
    await expect.poll(() => s.workbook.notes.has('schools_total@2019')).toBe(false);
  });

  it("another tab's typed figure comes with its history", async () => {
    const backend = new MemoryBackend();
    const s = await open(backend);
    const t = await open(backend);
    t.setCells([{ key: 'schools_total@2019', raw: '1243' }]);
    await t.settled();
    await expect.poll(() => s.value('schools_total@2019').raw).toBe('1243');
    expect(s.changesOf('schools_total@2019')).toEqual(t.changesOf('schools_total@2019'));
  });
});
