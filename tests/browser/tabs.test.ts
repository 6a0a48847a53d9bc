import { afterEach, describe, expect, it } from 'vitest';
import { locators, page, userEvent } from 'vitest/browser';
import type { AppHandle } from '../../src/app.ts';
import type { Locator } from 'vitest/browser';
import { cleanup, freshDbName, mountApp } from './helpers.ts';

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

describe('two tabs', () => {
  it('smoke', async () => {
    const dbName = freshDbName('tabs2');
    const a = await mountApp({ dbName });
    const b = await openTab(dbName);
    a.app.session.setCells([{ key: 'schools_total@2019', raw: '936' }]);
    await expect.poll(() => b.app.session.value('schools_total@2019').raw).toBe('936');
    const cell = b.doc.querySelector<HTMLElement>('.ag-row[row-id="schools_total"] [col-id="p:2019"]')!;
    void cell;
    const frame = page.frameLocator(page.elementLocator(b.frame));
    await frame.getByCss('.ag-row[row-id="schools_total"] [col-id="p:2019"]').click();
    await userEvent.keyboard('937{Enter}');
    console.log('b value', b.app.session.value('schools_total@2019').raw);
    await expect.poll(() => a.app.session.value('schools_total@2019').raw).toBe('937');
  });
});
