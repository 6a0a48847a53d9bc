import { afterEach, describe, expect, it } from 'vitest';
import { locators, page, userEvent } from 'vitest/browser';
import type { AppHandle } from '../../src/app.ts';
import type { Locator } from 'vitest/browser';
import { openIdbStore } from '../../src/storage/idb-store.ts';
import { cleanup, freshDbName, mountApp, testId, visibleCell } from './helpers.ts';

declare module 'vitest/browser' {
  interface LocatorSelectors {
    getByCss(css: string): Locator;
  }
}
locators.extend({
  getByCss(css: string) {
    return `css=${css}`;
  },
});

const frames: HTMLIFrameElement[] = [];
afterEach(async () => {
  for (const f of frames.splice(0)) {
    await (f.contentWindow as unknown as { __app?: AppHandle }).__app?.destroy();
    f.remove();
  }
  await cleanup();
});

/** Opens the app in a same-origin iframe (another realm, like another tab) on database `dbName`. */
async function openTab(dbName: string): Promise<{ frame: HTMLIFrameElement; app: AppHandle; doc: Document }> {
  const frame = document.createElement('iframe');
  frame.name = dbName;
  frame.style.width = '1200px';
  frame.style.height = '700px';
  frame.srcdoc = `<!doctype html><html><body style="margin:0"><div id="app" style="height:680px"></div><script type="module" src="/tests/browser/tab/entry.ts"></script></body></html>`;
  document.body.append(frame);
  frames.push(frame);
  const w = () => frame.contentWindow as unknown as { __app?: AppHandle } | null;
  await expect.poll(() => w()?.__app, { timeout: 20_000 }).toBeTruthy();
  const doc = frame.contentDocument!;
  await expect.poll(() => doc.querySelector('.ag-row[row-id="schools_total"] [col-id="p:2019"]')).toBeTruthy();
  return { frame, app: w()!.__app!, doc };
}

const K = 'schools_total@2019';
const LABEL = '各级各类学校(幼儿园)数';
const CELL = '.ag-row[row-id="schools_total"] [col-id="p:2019"]';

/** Reads the stored text of a cell through a third connection (what a reload would show). */
async function storedRaw(dbName: string, key: string): Promise<string> {
  const [indicator, period] = key.split('@');
  const store = await openIdbStore(dbName, 'default');
  const snap = await store.load();
  store.close();
  return snap?.rows.find((r) => r.indicator === indicator)?.cells[period]?.raw ?? '';
}

describe('two tabs on one workbook (the second a separate page in an iframe)', () => {
  it('a figure typed in the other tab appears in this tab\'s grid, with a message naming the cell', async () => {
    const dbName = freshDbName('tabs-remote');
    const a = await mountApp({ dbName });
    const b = await openTab(dbName);
    expect(b.app.session.index.byId.get('schools_total')?.label.zh).toBe(LABEL);
    await page.frameLocator(page.elementLocator(b.frame)).getByCss(CELL).click();
    await userEvent.keyboard('940{Enter}');
    await expect.poll(() => a.target.querySelector(CELL)?.textContent).toBe('940');
    const notice = testId(a, 'remote-notice').textContent!;
    expect(notice).toContain('已载入另一个标签页的修改');
    expect(notice).toContain(`${LABEL} 2019年`);
    // the tab that typed shows no such message
    expect(b.doc.querySelector('[data-testid="remote-notice"]')).toBeNull();
  });

  it.each([
    ['mine', '950'],
    ['theirs', '940'],
  ] as const)(
    'a figure typed here while the other tab changed it is not written over: both values shown, the user takes %s',
    async (choice, result) => {
      const dbName = freshDbName('tabs-conflict');
      const a = await mountApp({ dbName });
      const b = await openTab(dbName);
      // this tab's user starts typing over 934 ...
      await userEvent.click(await visibleCell(a, 'schools_total', '2019'));
      await userEvent.keyboard('95');
      expect(a.app.grid()!.editingKey()).toBe(K);
      // ... while the other tab's user saves 940
      b.app.session.setCells([{ key: K, raw: '940' }]);
      await expect.poll(() => a.app.session.value(K).raw).toBe('940');
      await userEvent.keyboard('0{Enter}');
      await a.app.session.settled();
      // not overwritten: the other tab and the database keep 940 until the user chooses
      expect(await storedRaw(dbName, K)).toBe('940');
      expect(b.app.session.value(K).raw).toBe('940');
      const box = testId(a, 'conflict').textContent!;
      expect(box).toContain(`${LABEL} 2019年：本页的值 950，另一个标签页的值 940`);
      await userEvent.click(testId(a, choice === 'mine' ? 'conflict-mine' : 'conflict-theirs'));
      await a.app.session.settled();
      expect(a.target.querySelector('[data-testid="conflict"]')).toBeNull();
      await expect.poll(() => a.target.querySelector(CELL)?.textContent).toBe(result);
      expect(await storedRaw(dbName, K)).toBe(result);
      await expect.poll(() => b.app.session.value(K).raw).toBe(result);
      if (choice === 'mine') await expect.poll(() => b.doc.querySelector('[data-testid="remote-notice"]')?.textContent ?? '').toContain(LABEL);
    },
  );

  it('both tabs save the same figure at once, before either hears of the other: the later write is a conflict, never an overwrite', async () => {
    const dbName = freshDbName('tabs-race');
    const a = await mountApp({ dbName });
    const b = await openTab(dbName);
    a.app.session.setCells([{ key: K, raw: '950' }]);
    b.app.session.setCells([{ key: K, raw: '960' }]);
    await Promise.all([a.app.session.settled(), b.app.session.settled()]);
    const stored = await storedRaw(dbName, K);
    const [first, second] = stored === '950' ? [a, b] : [b, a];
    expect(['950', '960']).toContain(stored);
    expect(first.app.session.conflicts).toEqual([]);
    expect(second.app.session.conflicts.map((c) => [c.key, c.theirs])).toEqual([[K, stored]]);
    const doc = 'doc' in second ? second.doc : second.target;
    await expect.poll(() => doc.querySelector('[data-testid="conflict"]')?.textContent ?? '').toContain(`另一个标签页的值 ${stored}`);
  });

  it('Ctrl+Z does not undo over a newer edit made in the other tab: refused, naming the cell', async () => {
    const dbName = freshDbName('tabs-undo');
    const a = await mountApp({ dbName });
    const b = await openTab(dbName);
    await userEvent.click(await visibleCell(a, 'schools_total', '2019'));
    await userEvent.keyboard('950{Enter}');
    await expect.poll(() => b.app.session.value(K).raw).toBe('950');
    await page.frameLocator(page.elementLocator(b.frame)).getByCss(CELL).click();
    await userEvent.keyboard('960{Enter}');
    await expect.poll(() => a.app.session.value(K).raw).toBe('960');
    await userEvent.click(await visibleCell(a, 'students_total', '2019'));
    await userEvent.keyboard('{Control>}z{/Control}');
    await expect.poll(() => a.target.querySelector('[data-testid="undo-refused"]')?.textContent ?? '').toContain(`${LABEL} 2019年`);
    expect(testId(a, 'undo-refused').textContent).toContain('无法撤销');
    expect(a.app.session.value(K).raw).toBe('960');
    await a.app.session.settled();
    expect(await storedRaw(dbName, K)).toBe('960');
    expect(b.app.session.value(K).raw).toBe('960');
  });
});
