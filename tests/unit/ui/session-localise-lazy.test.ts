import { describe, expect, it } from 'vitest';
import { baselineWorkbook } from '../../../src/app.ts';
import { CATALOG } from '../../../src/core/data/catalog.ts';
import { loadRuleFile } from '../../../src/core/rules/load.ts';
import { MemoryBackend } from '../../../src/storage/memory-store.ts';
import { loadLocaliser, Session, type SessionEvent } from '../../../src/ui/session.svelte.ts';

// Error localisation is not part of the first load: the session fetches it the first time a failing error
// rule appears and shows the suggestions when it arrives. This file must not load it before the test does
// (each test file has its own module instances). Figures are made up.

const RULES = loadRuleFile(
  {
    version: 't',
    rules: [{ id: 'senior_high_balance', kind: 'balance', severity: 'error', total: 'schools_senior_high', parts: ['schools_senior_high_complete', 'schools_senior_high_senior', 'schools_senior_high_12year'] }],
  },
  CATALOG,
);

describe('error localisation loaded on demand', () => {
  it('a failing error rule gets its suggestions once the localiser has arrived, with the marks redrawn; later edits localise at once', async () => {
    const store = await new MemoryBackend().factory()('default');
    const s = await Session.open({ catalog: CATALOG, rules: RULES, baseline: () => baselineWorkbook(), store });
    const events: SessionEvent[] = [];
    s.on((e) => events.push(e));
    const parts = ['schools_senior_high_complete', 'schools_senior_high_senior', 'schools_senior_high_12year'].map((id) => s.value(`${id}@2019`).raw);
    expect(parts.every((r) => r !== '')).toBe(true);
    // the total one too high: a typing slip the localiser points at
    const total = s.value('schools_senior_high@2019').raw;
    s.setCells([{ key: 'schools_senior_high@2019', raw: String(Number(total) + 10) }]);
    expect(s.counts.error).toBe(1);
    // not there yet: the module is being fetched
    expect(s.suspects).toEqual([]);
    expect(s.suspectOf('schools_senior_high@2019')).toBeUndefined();
    await loadLocaliser();
    await Promise.resolve();
    expect(s.suspects.length).toBe(1);
    // it explains the failing finding
    expect(s.suspects[0].findings).toEqual(s.findings.filter((f) => f.severity === 'error' && f.outcome === 'failed').map((f) => f.id));
    const cells = s.suspects[0].sets.flatMap((set) => set.cells.map((c) => c.cell));
    expect(cells).toContain('schools_senior_high@2019');
    expect(s.suspectOf('schools_senior_high@2019')).toBeDefined();
    const marks = events.filter((e) => e.type === 'marks').flatMap((e) => (e.type === 'marks' ? e.keys : []));
    expect(marks).toContain('schools_senior_high@2019');
    // fixed: no suggestions; broken again: localised in the same edit (the module is here now)
    s.setCells([{ key: 'schools_senior_high@2019', raw: total }]);
    expect(s.suspects).toEqual([]);
    s.setCells([{ key: 'schools_senior_high_senior@2019', raw: String(Number(parts[1]) + 3) }]);
    expect(s.suspects.length).toBe(1);
    await s.close();
  });
});
