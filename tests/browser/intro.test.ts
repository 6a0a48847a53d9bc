import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { cleanup, freshDbName, mountApp, testId } from './helpers.ts';

const FLAG = 'edu-stats:intro-done';
beforeEach(() => localStorage.removeItem(FLAG));
afterEach(async () => {
  await cleanup();
  localStorage.removeItem(FLAG);
});

const intro = (root: HTMLElement) => root.querySelector('[data-testid="intro"]');

describe('the first screen explains itself', () => {
  it('names the figures and their source, offers the next steps, and goes away for good once one is used', async () => {
    const dbName = freshDbName('intro');
    const a = await mountApp({ dbName });
    // it loads after the first paint, while it is still to be shown
    await expect.poll(() => intro(a.target)?.textContent).toContain('阳江市教育事业统计');
    expect(intro(a.target)?.textContent).toContain('2019年工作总结');
    await userEvent.click(testId(a, 'intro-add-year'));
    expect(a.app.session.periods).toEqual(['2018', '2019', '2020']);
    await expect.poll(() => intro(a.target)).toBeNull();
    await a.app.session.settled();
    await a.unmount();
    expect(localStorage.getItem(FLAG)).toBe('1');
    const b = await mountApp({ dbName });
    expect(intro(b.target)).toBeNull();
  });

  it('an edit anywhere also means the user has started; English says the same', async () => {
    const a = await mountApp({ dbName: freshDbName('intro-edit') });
    await userEvent.click(testId(a, 'lang'));
    await expect.poll(() => intro(a.target)?.textContent).toContain("Yangjiang education bureau's 2019 work summary");
    a.app.session.setCells([{ key: 'students_total@2019', raw: '541262' }]);
    await expect.poll(() => intro(a.target)).toBeNull();
  });
});
