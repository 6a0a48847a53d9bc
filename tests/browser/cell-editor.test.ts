import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { cellEl, cleanup, focusCell, focusedKey, freshDbName, mountApp, visibleCell, type Mounted } from './helpers.ts';

afterEach(cleanup);

// The grid's own text editor (src/ui/cell-editor.ts, in place of AG Grid's editing modules): real keys,
// real clicks. Figures are the report's; typed ones are made up.

const editor = () => document.querySelector<HTMLInputElement>('[data-testid="cell-editor"]');
const editingKey = (m: Mounted) => m.app.grid()!.editingKey();

describe("the grid's text editor", () => {
  it('opens over the cell, named for screen readers, with the typed key; F2 and a double click open it on the figure with the caret at the end', async () => {
    const m = await mountApp({ dbName: freshDbName('editor-open') });
    const cell = await visibleCell(m, 'students_total', '2019');
    await userEvent.click(cell);
    await userEvent.keyboard('7');
    expect(editingKey(m)).toBe('students_total@2019');
    expect(document.activeElement).toBe(editor());
    expect(editor()!.value).toBe('7');
    expect(editor()!.getAttribute('aria-label')).toBe('各级各类学校在校生数 · 2019年');
    // laid over the cell
    const a = editor()!.getBoundingClientRect();
    const b = cellEl(m, 'students_total', '2019').getBoundingClientRect();
    expect([a.left, a.top, a.width, a.height].map(Math.round)).toEqual([b.left, b.top, b.width, b.height].map(Math.round));
    await userEvent.keyboard('{Escape}');
    expect(editor()).toBeNull();
    expect(focusedKey(m)).toBe('students_total@2019');
    expect(document.activeElement).toBe(cellEl(m, 'students_total', '2019'));

    await userEvent.keyboard('{F2}');
    expect(editor()!.value).toBe('541261');
    expect([editor()!.selectionStart, editor()!.selectionEnd]).toEqual([6, 6]);
    await userEvent.keyboard('{Escape}');
    await userEvent.dblClick(cellEl(m, 'students_total', '2019'));
    expect(editingKey(m)).toBe('students_total@2019');
    expect(editor()!.value).toBe('541261');
    await userEvent.keyboard('{Backspace}0{Enter}');
    expect(m.app.session.value('students_total@2019').raw).toBe('541260');
    expect(editor()).toBeNull();
  });

  it('Tab keeps the text and moves right without editing the next cell; Shift+Enter keeps it and moves up; a click elsewhere keeps it', async () => {
    const m = await mountApp({ dbName: freshDbName('editor-keys') });
    await userEvent.click(await visibleCell(m, 'schools_university', '2018'));
    await userEvent.keyboard('8{Tab}');
    expect(m.app.session.value('schools_university@2018').raw).toBe('8');
    expect(focusedKey(m)).toBe('schools_university@2019');
    expect(editor()).toBeNull();
    await userEvent.keyboard('9{Shift>}{Enter}{/Shift}');
    expect(m.app.session.value('schools_university@2019').raw).toBe('9');
    // the row above
    expect(focusedKey(m)).toBe('students_total@2019');
    // typing, then a click on another figure: the typed text is kept, the clicked figure has the focus
    await userEvent.keyboard('93');
    await userEvent.click(await visibleCell(m, 'schools_total', '2018'));
    expect(m.app.session.value('students_total@2019').raw).toBe('93');
    expect(editor()).toBeNull();
    expect(focusedKey(m)).toBe('schools_total@2018');
    // one edit, one undo step
    await userEvent.keyboard('{Control>}z{/Control}');
    expect(m.app.session.value('students_total@2019').raw).toBe('541261');
  });

  it('an input method (key "Process") opens an empty editor for the composed text; an unchanged text is no edit', async () => {
    const m = await mountApp({ dbName: freshDbName('editor-ime') });
    await focusCell(m, 'students_total', '2019');
    // what Chromium sends when an input method starts composing on the focused cell
    document.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Process', bubbles: true, cancelable: true }));
    expect(editingKey(m)).toBe('students_total@2019');
    expect(editor()!.value).toBe('');
    expect(document.activeElement).toBe(editor());
    // the input method's text lands in the editor
    await userEvent.keyboard('５４.１万');
    await userEvent.keyboard('{Enter}');
    expect(m.app.session.value('students_total@2019').raw).toBe('５４.１万');
    expect(m.app.session.value('students_total@2019').n).toBe(541000);
    // F2 and Enter without a change: nothing recorded
    await focusCell(m, 'students_total', '2019');
    const steps = m.app.session.changesOf('students_total@2019').length;
    await userEvent.keyboard('{F2}{Enter}');
    expect(m.app.session.changesOf('students_total@2019').length).toBe(steps);
  });

  it('follows its cell when the grid scrolls; scrolled out of sight it stays open, clipped away, and the typing goes on', async () => {
    const m = await mountApp({ dbName: freshDbName('editor-scroll') });
    await userEvent.click(await visibleCell(m, 'schools_total', '2019'));
    await userEvent.keyboard('12');
    const api = m.app.grid()!.api;
    const top = editor()!.getBoundingClientRect().top;
    // a few rows down: the editor moves up with its cell
    api.ensureIndexVisible(api.getRowNode('schools_university')!.rowIndex!, 'top');
    await expect.poll(() => editor()!.getBoundingClientRect().top).toBeLessThan(top);
    expect(Math.round(editor()!.getBoundingClientRect().top)).toBe(Math.round(cellEl(m, 'schools_total', '2019').getBoundingClientRect().top));
    // to the last row: the edited cell is out of sight; its editor stays open, hidden, never over the header or the toolbar
    api.ensureIndexVisible(api.getDisplayedRowCount() - 1, 'bottom');
    await expect.poll(() => editor()!.hasAttribute('data-out-of-sight')).toBe(true);
    expect(editingKey(m)).toBe('schools_total@2019');
    expect(document.activeElement).toBe(editor());
    // scrolled back: shown again, below the column header
    api.ensureIndexVisible(0, 'top');
    await expect.poll(() => editor()!.hasAttribute('data-out-of-sight')).toBe(false);
    expect(editor()!.getBoundingClientRect().top).toBeGreaterThanOrEqual(m.target.querySelector<HTMLElement>('.ag-header')!.getBoundingClientRect().bottom - 1);
    // back in sight, the typing goes on and is kept
    await userEvent.keyboard('3{Enter}');
    expect(m.app.session.value('schools_total@2019').raw).toBe('123');
  });
});
