import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { BASELINE_LOCKED } from '../../src/app.ts';
import { cleanup, focusedKey, freshDbName, mountApp, visibleCell } from './helpers.ts';

afterEach(cleanup);

const dialogOpen = () => document.querySelector('dialog[open]');
const button = (testid: string) => document.querySelector<HTMLElement>(`dialog[open] [data-testid="${testid}"]`)!;

describe('keys as in Excel/WPS', () => {
  it('Tab at the last year column goes on in the next row with the editor closed, never into a past year; Shift+Tab comes back', async () => {
    const m = await mountApp({ dbName: freshDbName('tabwrap') });
    m.app.session.addNextPeriod();
    await expect.poll(() => m.target.querySelector('.ag-header-cell[col-id="p:2020"]')).not.toBeNull();
    await userEvent.click(await visibleCell(m, 'schools_total', '2020'));
    // typing then Tab in the last year column: the figure is committed, focus goes to the next row's
    // 2020 (where the typing started), no editor is open
    await userEvent.keyboard('936{Tab}');
    expect(m.app.session.value('schools_total@2020').raw).toBe('936');
    expect(focusedKey(m)).toBe('students_total@2020');
    expect(m.app.grid()!.editingKey()).toBeNull();
    // the next keystrokes are a new edit of that cell, not of a past year's open editor
    await userEvent.keyboard('552310{Tab}');
    expect(m.app.session.value('students_total@2020').raw).toBe('552310');
    expect(m.app.session.value('students_total@2018').raw).toBe('');
    expect(focusedKey(m)).toBe('schools_university@2020');
    // Shift+Tab moves left within the row; at the first year it goes to the previous row's last year
    await userEvent.keyboard('{Shift>}{Tab}{Tab}{Tab}{/Shift}');
    expect(focusedKey(m)).toBe('students_total@2020');
    // a run of Tabs across the years from 2018: the next row starts at 2018 again (Excel's way)
    await userEvent.click(await visibleCell(m, 'schools_university', '2018'));
    await userEvent.keyboard('{Tab}{Tab}');
    expect(focusedKey(m)).toBe('schools_university@2020');
    await userEvent.keyboard('{Tab}');
    expect(focusedKey(m)).toBe('students_university@2018');
  });

  it('a wrap into a locked year goes to the first year not locked instead', async () => {
    const m = await mountApp({ dbName: freshDbName('tabwrap-locked'), defaultLocked: ['2018'] });
    await userEvent.click(await visibleCell(m, 'schools_total', '2018'));
    await userEvent.keyboard('{Tab}');
    expect(focusedKey(m)).toBe('schools_total@2019');
    await userEvent.keyboard('{Tab}');
    expect(focusedKey(m)).toBe('students_total@2019');
  });

  it('the baseline year is locked by default: typing asks first; No keeps the figure, Yes edits with the typed key', async () => {
    expect(BASELINE_LOCKED).toEqual(['2019']);
    const m = await mountApp({ dbName: freshDbName('locked'), defaultLocked: undefined });
    expect(m.app.session.isLocked('2019')).toBe(true);
    const header = m.target.querySelector<HTMLElement>('[data-testid="lock-2019"]')!;
    expect(header.getAttribute('aria-pressed')).toBe('true');
    await userEvent.click(await visibleCell(m, 'schools_total', '2019'));
    await userEvent.keyboard('9');
    expect(dialogOpen()?.textContent).toContain('2019年已锁定');
    // nothing behind the modal dialog takes keys: typing goes nowhere near the grid
    await userEvent.keyboard('99');
    expect(m.app.session.value('schools_total@2019').raw).toBe('934');
    await userEvent.keyboard('{Escape}');
    await expect.poll(dialogOpen).toBeNull();
    expect(m.app.session.value('schools_total@2019').raw).toBe('934');
    // focus is back on the cell: the next key asks again
    await expect.poll(() => document.activeElement?.getAttribute('col-id')).toBe('p:2019');
    await userEvent.keyboard('9');
    await expect.poll(dialogOpen).not.toBeNull();
    await userEvent.click(button('confirm'));
    await expect.poll(() => m.app.grid()!.editingKey()).toBe('schools_total@2019');
    await userEvent.keyboard('35{Enter}');
    expect(m.app.session.value('schools_total@2019').raw).toBe('935');
    // the next locked cell asks again (one yes is for one edit)
    await userEvent.keyboard('{Delete}');
    await expect.poll(dialogOpen).not.toBeNull();
    await userEvent.click(button('cancel'));
    expect(m.app.session.value('students_total@2019').raw).toBe('541261');
    // 2018 is not locked: typing edits without asking
    await userEvent.click(await visibleCell(m, 'schools_total', '2018'));
    await userEvent.keyboard('1{Escape}');
    expect(dialogOpen()).toBeNull();
  });

  it('a year is unlocked from its header; the lock is stored with the workbook', async () => {
    const dbName = freshDbName('lockpref');
    const a = await mountApp({ dbName, defaultLocked: ['2019'] });
    await userEvent.click(a.target.querySelector<HTMLElement>('[data-testid="lock-2019"]')!);
    expect(a.app.session.isLocked('2019')).toBe(false);
    await userEvent.click(a.target.querySelector<HTMLElement>('[data-testid="lock-2018"]')!);
    await expect.poll(() => a.target.querySelector('[data-testid="lock-2018"]')?.getAttribute('aria-pressed')).toBe('true');
    // by keyboard: ArrowUp from the first row reaches the header cell, Enter toggles its lock
    await userEvent.click(await visibleCell(a, 'schools_total', '2019'));
    await userEvent.keyboard('{Control>}{Home}{/Control}{Control>}{ArrowRight}{/Control}{ArrowUp}{ArrowUp}');
    await expect.poll(() => document.activeElement?.getAttribute('col-id')).toBe('p:2019');
    expect(document.activeElement?.classList.contains('ag-header-cell')).toBe(true);
    await userEvent.keyboard('{Enter}');
    expect(a.app.session.isLocked('2019')).toBe(true);
    await userEvent.keyboard('{Enter}');
    expect(a.app.session.isLocked('2019')).toBe(false);
    await a.app.session.settled();
    await a.unmount();
    // reopened with the same default: the stored choice wins
    const b = await mountApp({ dbName, defaultLocked: ['2019'] });
    expect(b.app.session.locked).toEqual(['2018']);
    await userEvent.click(await visibleCell(b, 'schools_total', '2019'));
    await userEvent.keyboard('5{Enter}');
    expect(b.app.session.value('schools_total@2019').raw).toBe('5');
    // switching the language keeps the locks
    await b.app.session.setLang('en');
    await b.app.session.settled();
    await b.unmount();
    const c = await mountApp({ dbName, defaultLocked: ['2019'] });
    expect(c.app.session.locked).toEqual(['2018']);
  });

  it('a paste into a locked year asks first', async () => {
    const m = await mountApp({ dbName: freshDbName('lockpaste'), defaultLocked: ['2019'] });
    await userEvent.click(await visibleCell(m, 'schools_total', '2019'));
    const dt = new DataTransfer();
    dt.setData('text/plain', '940');
    document.activeElement!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    await expect.poll(dialogOpen).not.toBeNull();
    expect(m.app.session.value('schools_total@2019').raw).toBe('934');
    await userEvent.click(button('confirm'));
    expect(m.app.session.value('schools_total@2019').raw).toBe('940');
  });

  it('F2 edits, Escape cancels, Ctrl+Home/End go to the first/last figure, Ctrl+arrows to the section edges', async () => {
    const m = await mountApp({ dbName: freshDbName('ctrlkeys') });
    const api = m.app.grid()!.api;
    const ids: (string | null)[] = [];
    api.forEachNode((n) => ids.push(n.data?.kind === 'indicator' ? n.data.id : null));
    // the first section's rows: from the first indicator to the row before the next section header
    const firstSectionEnd = ids.indexOf(null, 1) - 1;
    const lastId = ids.filter(Boolean).at(-1)!;
    await userEvent.click(await visibleCell(m, 'students_total', '2019'));
    await userEvent.keyboard('{F2}7{Escape}');
    expect(m.app.session.value('students_total@2019').raw).toBe('541261');
    await userEvent.keyboard('{Control>}{End}{/Control}');
    expect(focusedKey(m)).toBe(`${lastId}@2019`);
    await userEvent.keyboard('{Control>}{Home}{/Control}');
    expect(focusedKey(m)).toBe(`${ids[1]}@2018`);
    await userEvent.keyboard('{Control>}{ArrowRight}{/Control}');
    expect(focusedKey(m)).toBe(`${ids[1]}@2019`);
    await userEvent.keyboard('{Control>}{ArrowDown}{/Control}');
    expect(focusedKey(m)).toBe(`${ids[firstSectionEnd]}@2019`);
    // at the section's edge: over the next section's header to its first row
    await userEvent.keyboard('{Control>}{ArrowDown}{/Control}');
    expect(focusedKey(m)).toBe(`${ids[firstSectionEnd + 2]}@2019`);
    await userEvent.keyboard('{Control>}{ArrowUp}{/Control}');
    expect(focusedKey(m)).toBe(`${ids[firstSectionEnd]}@2019`);
    await userEvent.keyboard('{Control>}{ArrowUp}{/Control}{Control>}{ArrowLeft}{/Control}');
    expect(focusedKey(m)).toBe(`${ids[1]}@2018`);
  });
});
