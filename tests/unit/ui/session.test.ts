import { describe, expect, it } from 'vitest';
import { baselineWorkbook } from '../../../src/app.ts';
import { CATALOG } from '../../../src/core/data/catalog.ts';
import { loadRuleFile } from '../../../src/core/rules/load.ts';
import { MemoryBackend } from '../../../src/storage/memory-store.ts';
import { Session } from '../../../src/ui/session.svelte.ts';

const RULES = loadRuleFile(
  {
    version: 't',
    rules: [{ id: 'senior_high_balance', kind: 'balance', severity: 'error', total: 'schools_senior_high', parts: ['schools_senior_high_complete', 'schools_senior_high_senior', 'schools_senior_high_12year'] }],
  },
  CATALOG,
);

async function open(backend = new MemoryBackend()) {
  const store = await backend.factory()('default');
  return Session.open({ catalog: CATALOG, rules: RULES, baseline: () => baselineWorkbook(), store });
}

/** Everything the user can see of a workbook: periods and every non-empty raw text. */
function state(s: Session) {
  return { periods: [...s.periods], values: Object.fromEntries([...s.workbook.values].map(([k, v]) => [k, v.raw])) };
}

type Action = (s: Session) => unknown;
const ACTIONS: [string, Action][] = [
  ['an edit', (s) => s.setCells([{ key: 'schools_senior_high@2019', raw: '18' }])],
  ['a paste of three cells', (s) => s.setCells([{ key: 'schools_total@2018', raw: '1' }, { key: 'schools_total@2019', raw: '2' }, { key: 'students_total@2019', raw: 'x' }])],
  ['a clear', (s) => s.clearCells(['schools_total@2019', 'students_total@2019'])],
  ['adding a year', (s) => s.addNextPeriod()],
  ['removing 2019', (s) => s.removePeriod('2019')],
  ['a reset after edits', async (s) => s.replaceWith(await baselineWorkbook())],
  ['an import adding 2021', (s) => s.importCells([{ key: 'schools_total@2021', after: { raw: '9', state: 'value', n: 9, lo: 9, hi: 9 } }])],
];

describe('Session history: each action is one step that undoes and redoes exactly', () => {
  it.each(ACTIONS)('%s', async (_, act) => {
    const s = await open();
    s.setCells([{ key: 'schools_special@2019', raw: '6' }]); // something to reset away
    const before = state(s);
    await act(s);
    const after = state(s);
    expect(after).not.toEqual(before);
    s.undo();
    expect(state(s)).toEqual(before);
    s.redo();
    expect(state(s)).toEqual(after);
    await s.settled();
  });

  it('findings follow undo and redo', async () => {
    const s = await open();
    expect(s.counts.error).toBe(0);
    s.setCells([{ key: 'schools_senior_high@2019', raw: '18' }]);
    expect(s.findings.filter((f) => f.outcome === 'failed').map((f) => f.id)).toEqual(['senior_high_balance|2019']);
    s.undo();
    expect(s.counts.error).toBe(0);
    s.removePeriod('2019');
    s.undo();
    s.setCells([{ key: 'schools_senior_high@2019', raw: '16' }]);
    expect(s.counts.error).toBe(1);
  });

  it('every action is stored: a second session on the same store sees the same workbook', async () => {
    const backend = new MemoryBackend();
    const s = await open(backend);
    for (const [, act] of ACTIONS) await act(s);
    s.undo();
    await s.settled();
    const t = await open(backend);
    expect(state(t)).toEqual(state(s));
  });

  it('an unchanged value is not an action', async () => {
    const s = await open();
    expect(s.setCells([{ key: 'schools_total@2019', raw: '934' }])).toEqual([]);
    expect(s.canUndo).toBe(false);
  });
});
