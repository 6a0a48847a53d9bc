import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { cleanup, freshDbName, mountApp, testId, visibleCell } from './helpers.ts';

afterEach(cleanup);

const lines = (el: HTMLElement) => [...el.querySelectorAll('.line')].map((l) => l.textContent!.replace(/\s+/g, ' ').trim());

describe('the status bar under the focused cell', () => {
  it('shows three lines and says how many more; the button shows them all; messages carry signs and one number style', async () => {
    const m = await mountApp({ dbName: freshDbName('status-more') });
    // 普通高中 17 → 71 breaks the school total and the senior-high balance: the cell line, the suggestion, two errors
    await userEvent.click(await visibleCell(m, 'schools_senior_high', '2019'));
    await userEvent.keyboard('71{Enter}{ArrowUp}');
    const bar = testId(m, 'cell-status');
    // the suggestion comes with error localisation, loaded on demand: wait for its line (the fourth)
    await expect.poll(() => m.target.querySelector('[data-testid="status-more"]')).toBeTruthy();
    expect(lines(bar).length).toBe(3);
    const more = testId(m, 'status-more');
    expect(more.textContent).toContain('还有 1 行');
    expect(more.getAttribute('aria-expanded')).toBe('false');
    expect(lines(bar)[0]).toContain('71 = 71 所');
    await userEvent.click(more);
    await expect.poll(() => lines(bar).length).toBe(4);
    expect(testId(m, 'status-more').getAttribute('aria-expanded')).toBe('true');
    const errors = lines(bar).filter((l) => l.startsWith('✖'));
    expect(errors).toHaveLength(2);
    // a difference has its sign: the total 934 is now 54 short of its parts (988), the senior-high 17 is 54 over its parts
    expect(errors.join('\n')).toMatch(/相差 −54/);
    expect(errors.join('\n')).toMatch(/相差 \+54/);
    // one number style: no figure of four digits or more without separators (years aside)
    expect(lines(bar).join('\n').replace(/\d{4}年/g, '')).not.toMatch(/\d{4,}/);
    // another cell (2018, no messages): one line, no button
    await userEvent.click(await visibleCell(m, 'schools_senior_high', '2018'));
    await expect.poll(() => lines(bar).length).toBe(1);
    await expect.poll(() => m.target.querySelector('[data-testid="status-more"]')).toBeNull();
  });

  it('alternative fixes are labelled 改法 n, as in the issues panel', async () => {
    const m = await mountApp({ dbName: freshDbName('status-sets') });
    // 完全中学 6 → 9: three equally small fixes, one cell each
    await userEvent.click(await visibleCell(m, 'schools_senior_high_complete', '2019'));
    await userEvent.keyboard('9{Enter}');
    await expect.poll(() => m.target.querySelector('[data-status]')?.getAttribute('data-status')).toBe('ambiguous');
    const loc = m.app.session.suspects[0];
    expect(loc.sets.length).toBeGreaterThan(1);
    for (const id of ['schools_senior_high_complete', 'schools_senior_high_senior', 'schools_senior_high_12year']) {
      const key = `${id}@2019`;
      const set = loc.sets.findIndex((s) => s.cells.some((c) => c.cell === key));
      await userEvent.click(await visibleCell(m, id, '2019'));
      const bar = testId(m, 'cell-status');
      await expect.poll(() => lines(bar).filter((l) => l.startsWith('?')).join('\n')).toContain(`改法 ${set + 1}：`);
      // every suggestion line says which fix it belongs to
      for (const l of lines(bar).filter((x) => x.startsWith('?'))) expect(l).toMatch(/^\? 改法 \d+：/);
    }
    await userEvent.click(testId(m, 'lang'));
    await expect.poll(() => lines(testId(m, 'cell-status')).filter((l) => l.startsWith('?')).join('\n')).toMatch(/^\? option \d+: /);
  });
});
