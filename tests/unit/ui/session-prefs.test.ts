import { describe, expect, it } from 'vitest';
import { baselineWorkbook } from '../../../src/app.ts';
import { CATALOG } from '../../../src/core/data/catalog.ts';
import { MemoryBackend } from '../../../src/storage/memory-store.ts';
import { emptyMeta, isStoredMeta } from '../../../src/storage/store.ts';
import { Session } from '../../../src/ui/session.svelte.ts';

const RULES = { version: 't', rules: [] };

async function open(backend: MemoryBackend, defaultLocked?: string[]) {
  const store = await backend.factory()('default');
  return Session.open({ catalog: CATALOG, rules: RULES, baseline: () => baselineWorkbook(), store, defaultLocked });
}

describe('locked years (a preference stored with the workbook)', () => {
  it('start from the default, are stored when changed, and survive a language switch and a reopen', async () => {
    const backend = new MemoryBackend();
    const a = await open(backend, ['2019']);
    expect(a.locked).toEqual(['2019']);
    a.setLocked('2018', true);
    a.setLocked('2019', false);
    await a.setLang('en');
    await a.settled();
    await a.close();
    const b = await open(backend, ['2019']);
    expect(b.locked).toEqual(['2018']);
    expect(b.lang).toBe('en');
    expect(b.isLocked('2019')).toBe(false);
  });

  it('the first start stores the default, so a later default does not change the user’s workbook', async () => {
    const backend = new MemoryBackend();
    const a = await open(backend, ['2019']);
    await a.close();
    const b = await open(backend, []);
    expect(b.locked).toEqual(['2019']);
  });

  it.each([
    [{ lang: 'zh' }, true], // stored before locks existed: the app's default applies
    [{ lang: 'zh', locked: [] }, true],
    [{ lang: 'zh', locked: ['2019', '2020'] }, true],
    [{ lang: 'zh', locked: '2019' }, false],
    [{ lang: 'zh', locked: [2019] }, false],
  ])('a meta record with prefs %j is accepted: %s', (prefs, ok) => {
    expect(isStoredMeta({ ...emptyMeta('default', '1'), prefs })).toBe(ok);
  });
});

describe('changed since import', () => {
  const K = 'schools_total@2019';
  it.each<[string, (s: Session) => unknown, boolean]>([
    ['nothing done', () => undefined, false],
    ['an edit', (s) => s.setCells([{ key: K, raw: '940' }]), true],
    ['an edit and back to the same text', (s) => (s.setCells([{ key: K, raw: '940' }]), s.setCells([{ key: K, raw: '934' }])), false],
    ['an edit undone', (s) => (s.setCells([{ key: K, raw: '940' }]), s.undo()), false],
    ['an edit, undone and redone', (s) => (s.setCells([{ key: K, raw: '940' }]), s.undo(), s.redo()), true],
    ['a clear', (s) => s.clearCells([K]), true],
    ['an edit, then an import of another cell', (s) => (s.setCells([{ key: K, raw: '940' }]), s.importCells([{ key: 'students_total@2019', after: { raw: '1', state: 'value', n: 1, lo: 1, hi: 1 } }])), false],
    ['an import of the cell, then an edit', (s) => (s.importCells([{ key: K, after: { raw: '9', state: 'value', n: 9, lo: 9, hi: 9 } }]), s.setCells([{ key: K, raw: '10' }])), true],
  ])('%s → %s', async (_, act, changed) => {
    const s = await open(new MemoryBackend());
    act(s);
    expect(s.changedSinceImport(K)).toBe(changed);
    await s.settled();
  });
});
