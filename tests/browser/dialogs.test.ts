import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { cleanup, freshDbName, mountApp, testId, visibleCell } from './helpers.ts';

afterEach(cleanup);

const openDialog = () => document.querySelector<HTMLDialogElement>('dialog[open]');

describe('dialogs are real modals', () => {
  it.each([
    ['export-csv', 'ask'],
    ['export-xlsx', 'ask'],
    ['export', 'ask'],
    ['reset', 'reset'],
    ['remove-year', 'removePeriod'],
  ])('%s: focus moves in and stays in, nothing behind is edited, Escape closes, focus returns to the opener', async (opener, kind) => {
    const m = await mountApp({ dbName: freshDbName('modal') });
    // an error, so the export asks first
    m.app.session.setCells([{ key: 'schools_total@2019', raw: '940' }]);
    const button = testId(m, opener);
    button.focus();
    await userEvent.keyboard('{Enter}');
    await expect.poll(openDialog).not.toBeNull();
    expect(m.app.view.dialog?.kind).toBe(kind);
    const dialog = openDialog()!;
    expect(dialog.matches(':modal')).toBe(true);
    expect(dialog.contains(document.activeElement)).toBe(true);
    // Tab and Shift+Tab never leave the dialog for the page behind it
    for (let i = 0; i < 6; i++) {
      await userEvent.keyboard(i % 2 ? '{Shift>}{Tab}{/Shift}' : '{Tab}{Tab}');
      expect(m.target.contains(document.activeElement) && !dialog.contains(document.activeElement)).toBe(false);
    }
    // a click on the grid behind it does not reach it: the page behind is inert
    const cell = m.target.querySelector<HTMLElement>('.ag-row[row-id="students_total"] [col-id="p:2019"]')!;
    await userEvent.click(cell, { force: true }).catch(() => undefined);
    await userEvent.keyboard('5');
    expect(m.app.session.value('students_total@2019').raw).toBe('541261');
    await userEvent.keyboard('{Escape}');
    await expect.poll(openDialog).toBeNull();
    expect(m.app.view.dialog).toBeNull();
    await expect.poll(() => document.activeElement).toBe(button);
    // nothing happened: no reset, no year removed
    expect(m.app.session.periods).toEqual(['2018', '2019']);
    expect(m.app.session.value('schools_total@2019').raw).toBe('940');
  });

  it('the locked-year question gives the focus back to the cell', async () => {
    const m = await mountApp({ dbName: freshDbName('modal-lock'), defaultLocked: ['2019'] });
    const cell = await visibleCell(m, 'schools_total', '2019');
    await userEvent.click(cell);
    await userEvent.keyboard('{F2}');
    await expect.poll(openDialog).not.toBeNull();
    expect(openDialog()!.contains(document.activeElement)).toBe(true);
    await userEvent.keyboard('{Escape}');
    await expect.poll(() => document.activeElement?.closest('.ag-row')?.getAttribute('row-id')).toBe('schools_total');
    expect(m.app.grid()!.editingKey()).toBeNull();
  });

  it('an export with errors asks in the app’s dialog, never the browser’s confirm()', async () => {
    const m = await mountApp({ dbName: freshDbName('modal-export') });
    let nativeAsked = false;
    const orig = window.confirm;
    window.confirm = () => ((nativeAsked = true), false);
    try {
      m.app.session.setCells([{ key: 'schools_total@2019', raw: '940' }]);
      await userEvent.click(testId(m, 'export-csv'));
      await expect.poll(openDialog).not.toBeNull();
      expect(openDialog()!.textContent).toContain('1 个错误');
      await userEvent.click(openDialog()!.querySelector<HTMLElement>('[data-testid="cancel"]')!);
      await expect.poll(openDialog).toBeNull();
      expect(nativeAsked).toBe(false);
    } finally {
      window.confirm = orig;
    }
  });
});
