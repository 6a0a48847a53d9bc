import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { cellEl, cleanup, freshDbName, mountApp, testId, visibleCell } from './helpers.ts';

afterEach(cleanup);

const text = (el: HTMLElement) => el.textContent?.trim() ?? '';

describe('numbers shown by preference: as typed, or with thousands separators (the text stays as typed)', () => {
  it('千分位 groups plain numbers in the grid, keeps 万 and rates as typed, edits the raw text, and survives a reload', async () => {
    const dbName = freshDbName('number-display');
    let m = await mountApp({ dbName });
    // 2019 holds the report's 541261 as typed; a figure typed with separators stays so
    await userEvent.click(await visibleCell(m, 'students_total', '2018'));
    await userEvent.keyboard('552,310{Enter}');
    await userEvent.click(await visibleCell(m, 'students_primary', '2018'));
    await userEvent.keyboard('{F2}{Control>}a{/Control}25.1万{Enter}');
    expect(text(cellEl(m, 'students_total', '2019'))).toBe('541261');
    expect(text(cellEl(m, 'students_total', '2018'))).toBe('552,310');

    await userEvent.click(testId(m, 'grouped-toggle'));
    await expect.poll(() => text(cellEl(m, 'students_total', '2019'))).toBe('541,261');
    expect(text(cellEl(m, 'students_total', '2018'))).toBe('552,310');
    expect(text(cellEl(m, 'students_primary', '2018'))).toBe('25.1万');
    expect(text(cellEl(m, 'schools_total', '2019'))).toBe('934');
    expect(text(cellEl(m, 'enrolment_rate_disabled', '2019'))).toBe('99.45%');
    // the stored text is as typed; the editor opens on it
    expect(m.app.session.value('students_total@2019').raw).toBe('541261');
    await userEvent.click(await visibleCell(m, 'students_total', '2019'));
    await userEvent.keyboard('{F2}');
    await expect.poll(() => document.querySelector<HTMLInputElement>('[data-testid="cell-editor"]')?.value).toBe('541261');
    await userEvent.keyboard('{Escape}');

    // the preference is stored with the workbook
    await m.app.session.settled();
    await m.unmount();
    m = await mountApp({ dbName });
    await expect.poll(() => text(cellEl(m, 'students_total', '2019'))).toBe('541,261');
    expect((testId(m, 'grouped-toggle') as HTMLInputElement).checked).toBe(true);
    await userEvent.click(testId(m, 'grouped-toggle'));
    await expect.poll(() => text(cellEl(m, 'students_total', '2019'))).toBe('541261');
  });
});
