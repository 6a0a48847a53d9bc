import { describe, expect, it } from 'vitest';
import { baselineWorkbook } from '../../../src/app.ts';
import { CATALOG } from '../../../src/core/data/catalog.ts';
import { MemoryBackend, type MemoryStore } from '../../../src/storage/memory-store.ts';
import { Session } from '../../../src/ui/session.svelte.ts';

/**
 * Two tabs on one store, the second one deaf until `hear()`: its write is made before it hears of the
 * first's (the race BroadcastChannel cannot rule out). The store's per-cell check must turn the
 * second write of a figure the first changed into a conflict, never a silent overwrite.
 */
async function twoTabs() {
  const backend = new MemoryBackend();
  const open = async () => {
    const store = (await backend.factory()('default')) as MemoryStore;
    const s = await Session.open({ catalog: CATALOG, rules: { version: 't', rules: [] }, baseline: () => baselineWorkbook(), store });
    return { s, store };
  };
  const a = await open();
  const b = await open();
  const held: number[] = [];
  const notify = b.store.notify.bind(b.store);
  b.store.notify = (rev) => void held.push(rev);
  const stored = async (key: string) => {
    const [indicator, period] = key.split('@');
    return (await a.store.load())!.rows.find((r) => r.indicator === indicator)?.cells[period]?.raw ?? '';
  };
  return {
    a: a.s,
    b: b.s,
    stored,
    async hear() {
      b.store.notify = notify;
      for (const r of held.splice(0)) notify(r);
      await new Promise((r) => setTimeout(r, 0));
      await b.s.settled();
    },
  };
}

const K = 'schools_total@2019';

describe('the same figure changed in two tabs', () => {
  it('the later write does not overwrite: both values are offered, and the store keeps the earlier one until the user chooses', async () => {
    const { a, b, stored } = await twoTabs();
    a.setCells([{ key: K, raw: '940' }]);
    await a.settled();
    b.setCells([{ key: K, raw: '950' }]);
    await b.settled();
    expect(await stored(K)).toBe('940');
    expect(b.conflicts.map((c) => [c.key, c.mine, c.theirs])).toEqual([[K, '950', '940']]);
    expect(b.value(K).raw).toBe('950');
    expect(a.conflicts).toEqual([]);
  });

  it.each([
    ['mine', '950', '950'],
    ['theirs', '940', '940'],
  ] as const)('choosing %s: this tab shows %s and the store holds %s', async (choice, shown, inStore) => {
    const { a, b, stored, hear } = await twoTabs();
    a.setCells([{ key: K, raw: '940' }]);
    await a.settled();
    b.setCells([{ key: K, raw: '950' }]);
    await b.settled();
    await hear();
    b.resolveConflict(K, choice);
    await b.settled();
    expect(b.conflicts).toEqual([]);
    expect(b.value(K).raw).toBe(shown);
    expect(await stored(K)).toBe(inStore);
    await a.settled();
    await expect.poll(() => a.value(K).raw).toBe(inStore);
  });

  it('other cells of the same row, and the same text typed in both, are no conflict', async () => {
    const { a, b, stored } = await twoTabs();
    a.setCells([{ key: K, raw: '940' }]);
    await a.settled();
    b.setCells([
      { key: 'schools_total@2018', raw: '900' },
      { key: K, raw: '940' },
    ]);
    await b.settled();
    expect(b.conflicts).toEqual([]);
    expect([await stored('schools_total@2018'), await stored(K)]).toEqual(['900', '940']);
  });

  it('an edit begun before another tab changed the figure (the editor was open) is a conflict too', async () => {
    const { a, b, stored, hear } = await twoTabs();
    a.setCells([{ key: K, raw: '940' }]);
    await a.settled();
    await hear();
    expect(b.value(K).raw).toBe('940');
    // b's user began typing while the cell still showed 934
    b.setCells([{ key: K, raw: '950', base: '934' }]);
    await b.settled();
    expect(b.conflicts.map((c) => [c.mine, c.theirs])).toEqual([['950', '940']]);
    expect(await stored(K)).toBe('940');
  });
});

describe('undo never overwrites a newer edit from another tab', () => {
  it('refused with the cells named when this tab already shows the other edit; nothing changes', async () => {
    const { a, b, stored, hear } = await twoTabs();
    b.setCells([{ key: K, raw: '950' }]);
    await b.settled();
    a.setCells([{ key: K, raw: '960' }]);
    await a.settled();
    await hear();
    expect(b.value(K).raw).toBe('960');
    b.undo();
    expect(b.refused).toEqual({ dir: 'undo', keys: [K] });
    expect(b.value(K).raw).toBe('960');
    expect(b.canUndo).toBe(true);
    await b.settled();
    expect(await stored(K)).toBe('960');
    // a step whose cells nobody else touched still undoes
    const special = b.value('schools_special@2019').raw;
    b.setCells([{ key: 'schools_special@2019', raw: '1' }]);
    b.undo();
    expect(b.refused).toBeNull();
    expect(b.value('schools_special@2019').raw).toBe(special);
  });

  it('when this tab has not heard of the other edit yet, the store refuses the undo write and offers the choice', async () => {
    const { a, b, stored } = await twoTabs();
    b.setCells([{ key: K, raw: '950' }]);
    await b.settled();
    a.setCells([{ key: K, raw: '960' }]);
    await a.settled();
    b.undo();
    await b.settled();
    expect(await stored(K)).toBe('960');
    expect(b.conflicts.map((c) => [c.key, c.mine, c.theirs])).toEqual([[K, '934', '960']]);
  });

  it('redo is guarded the same way', async () => {
    const { a, b, hear } = await twoTabs();
    b.setCells([{ key: K, raw: '950' }]);
    b.undo();
    await b.settled();
    a.setCells([{ key: K, raw: '970' }]);
    await a.settled();
    await hear();
    b.redo();
    expect(b.refused).toEqual({ dir: 'redo', keys: [K] });
    expect(b.value(K).raw).toBe('970');
  });
});
