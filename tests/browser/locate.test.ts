import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { cellEl, cleanup, focusCell, freshDbName, mountApp, testId, visibleCell } from './helpers.ts';

afterEach(cleanup);

const suspectText = (m: { target: HTMLElement }) => m.target.querySelector('[data-testid="suspects"]')?.textContent ?? '';

describe('figures likely wrong (error localisation) in the grid', () => {
  it('a typed slip is marked with its suggestion; Accept sets it in one undo step and keeps the old text; it survives a reload', async () => {
    const db = freshDbName('locate');
    const m = await mountApp({ dbName: db });
    // 普通高中 17 is a part of the school total and the total of its own three parts: 71 breaks both.
    await userEvent.click(await visibleCell(m, 'schools_senior_high', '2019'));
    await userEvent.keyboard('71{Enter}');
    await expect.poll(() => Number(testId(m, 'count-error').textContent)).toBe(2);
    // the suggestion comes with error localisation, loaded on demand (the first time a rule fails)
    await expect.poll(async () => (await visibleCell(m, 'schools_senior_high', '2019')).classList.contains('mark-suspect')).toBe(true);
    // the other cells of the failing rules are errors, not suspects
    expect(cellEl(m, 'schools_senior_high_complete', '2019').classList.contains('mark-error')).toBe(true);
    expect(cellEl(m, 'schools_senior_high_complete', '2019').classList.contains('mark-suspect')).toBe(false);
    expect(m.target.querySelector('[data-status]')?.getAttribute('data-status')).toBe('unique');
    expect(suspectText(m)).toContain('普通高中数 应为 17：是否把 17 输成了 71（相邻两位数字颠倒）？');

    await userEvent.click(testId(m, 'accept-suggestion'));
    await expect.poll(() => m.app.session.value('schools_senior_high@2019').raw).toBe('17');
    expect(Number(testId(m, 'count-error').textContent)).toBe(0);
    expect(m.target.querySelector('[data-testid="suspects"]')).toBeNull();
    expect(m.app.session.earlierTexts('schools_senior_high@2019')).toEqual(['71']);
    await focusCell(m, 'schools_senior_high', '2019');
    await expect.poll(() => testId(m, 'cell-status').textContent).toContain('曾为：71');

    // one undo step brings the slip back, with its mark
    await userEvent.keyboard('{Control>}z{/Control}');
    await expect.poll(() => m.app.session.value('schools_senior_high@2019').raw).toBe('71');
    await expect.poll(async () => (await visibleCell(m, 'schools_senior_high', '2019')).classList.contains('mark-suspect')).toBe(true);

    // the key: Alt+Enter on the suspect cell accepts
    await focusCell(m, 'schools_senior_high', '2019');
    await userEvent.keyboard('{Alt>}{Enter}{/Alt}');
    await expect.poll(() => m.app.session.value('schools_senior_high@2019').raw).toBe('17');
    await m.app.session.settled();
    await m.unmount();

    const again = await mountApp({ dbName: db });
    expect(again.app.session.value('schools_senior_high@2019').raw).toBe('17');
    expect(again.app.session.earlierTexts('schools_senior_high@2019')).toEqual(['71']);
    expect(Number(testId(again, 'count-error').textContent)).toBe(0);
  });

  it('when several cells are equally likely it says so and lists them; Dismiss hides the marks but the findings stay', async () => {
    const m = await mountApp({ dbName: freshDbName('locate-amb') });
    // 完全中学 6 → 9: the senior-high balance fails; 普通高中 itself cannot change (the school total holds)
    await userEvent.click(await visibleCell(m, 'schools_senior_high_complete', '2019'));
    await userEvent.keyboard('9{Enter}');
    await expect.poll(() => m.target.querySelector('[data-status]')?.getAttribute('data-status')).toBe('ambiguous');
    expect(m.target.querySelectorAll('[data-testid="accept-suggestion"]').length).toBe(3);
    expect(suspectText(m)).toContain('无法确定');
    for (const id of ['schools_senior_high_complete', 'schools_senior_high_senior', 'schools_senior_high_12year']) {
      expect((await visibleCell(m, id, '2019')).classList.contains('mark-suspect'), id).toBe(true);
    }
    expect((await visibleCell(m, 'schools_senior_high', '2019')).classList.contains('mark-suspect')).toBe(false);

    await userEvent.click(testId(m, 'dismiss-suspects'));
    expect(m.target.querySelector('[data-testid="suspects"]')).toBeNull();
    expect((await visibleCell(m, 'schools_senior_high_complete', '2019')).classList.contains('mark-suspect')).toBe(false);
    expect(Number(testId(m, 'count-error').textContent)).toBe(1);
    expect(m.target.querySelector('[data-finding="senior_high_balance|2019"]')).not.toBeNull();
  });
});
