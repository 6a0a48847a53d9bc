import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { CATALOG } from '../../src/core/data/catalog.ts';
import { workbookToJson } from '../../src/core/io/workbook-json.ts';
import { openIdbStore } from '../../src/storage/idb-store.ts';
import { workbookFromSnapshot } from '../../src/storage/convert.ts';
import { captureDownloads, cleanup, focusCell, focusedKey, freshDbName, importThroughDialog, mountApp, testId, visibleCell, type Mounted } from './helpers.ts';

afterEach(cleanup);

const KEY = 'students_vocational@2019';
const NOTE = '新校区投入使用，中职招生增加';
const editor = () => document.querySelector<HTMLDialogElement>('dialog[data-testid="note-editor"]');
const statusText = (m: Mounted, id: string) => m.target.querySelector(`.ag-row[row-id="${id}"] [col-id="status"]`)?.textContent ?? '';
/** The note editor's and menu's code load on first use: a loaded machine may take a few seconds. */
const LAZY = { timeout: 10_000 };
const marked = async (m: Mounted, cls: string) => (await visibleCell(m, 'students_vocational', '2019')).classList.contains(cls);

describe('notes on figures (Shift+F2)', () => {
  it('Shift+F2 opens the editor on the focused figure; Ctrl+Enter saves; the cell is marked, the tooltip and status say it; Esc cancels; undo/redo; it survives a reload', async () => {
    const db = freshDbName('notes');
    const m = await mountApp({ dbName: db });
    const s = m.app.session;
    const figure = s.value(KEY).raw;
    expect(figure).not.toBe('');
    await userEvent.click(await visibleCell(m, 'students_vocational', '2019'));
    await userEvent.keyboard('{Shift>}{F2}{/Shift}');
    await expect.poll(editor, LAZY).toBeTruthy();
    // a real modal, with the focus in its text box
    expect(editor()!.open).toBe(true);
    expect(editor()!.matches(':modal')).toBe(true);
    expect(document.activeElement).toBe(editor()!.querySelector('textarea'));
    expect(editor()!.textContent).toContain('中等职业技术学校在校生数(含技工学校) · 2019年');
    await userEvent.keyboard(NOTE);
    await userEvent.keyboard('{Control>}{Enter}{/Control}');
    await expect.poll(editor).toBeNull();
    expect(s.workbook.notes.get(KEY)?.text).toBe(NOTE);
    // the figure itself is unchanged, and the focus is back on its cell
    expect(s.value(KEY).raw).toBe(figure);
    expect(focusedKey(m)).toBe(KEY);
    await expect.poll(() => marked(m, 'mark-note')).toBe(true);
    // not colour alone: a shape in the cell, a ✎ in the row's status, the message in the status bar
    expect(getComputedStyle(await visibleCell(m, 'students_vocational', '2019')).backgroundImage).toContain('linear-gradient');
    expect(statusText(m, 'students_vocational')).toContain('✎1');
    expect(testId(m, 'cell-status').textContent).toContain(`批注：${NOTE}`);
    // the pointer comes from another cell (one already under the pointer gets no mouseover, and a click put the tip away)
    await userEvent.hover(await visibleCell(m, 'students_vocational', '2018'));
    await userEvent.hover(await visibleCell(m, 'students_vocational', '2019'));
    // the tooltip shows after the pointer rests 400 ms: give a loaded machine time
    await expect.poll(() => document.querySelector<HTMLElement>('.grid-tooltip:not([hidden])')?.textContent ?? '', LAZY).toContain(`✎ 批注：${NOTE}`);

    // Esc cancels an edit: the note stays as it was
    await focusCell(m, 'students_vocational', '2019');
    await userEvent.keyboard('{Shift>}{F2}{/Shift}');
    await expect.poll(editor, LAZY).toBeTruthy();
    expect((editor()!.querySelector('textarea') as HTMLTextAreaElement).value).toBe(NOTE);
    await userEvent.keyboard('（待核实）');
    await userEvent.keyboard('{Escape}');
    await expect.poll(editor).toBeNull();
    expect(s.workbook.notes.get(KEY)?.text).toBe(NOTE);

    // one undo step takes the note away, redo brings it back
    await focusCell(m, 'students_vocational', '2019');
    await userEvent.keyboard('{Control>}z{/Control}');
    await expect.poll(() => marked(m, 'mark-note')).toBe(false);
    expect(s.workbook.notes.has(KEY)).toBe(false);
    expect(statusText(m, 'students_vocational')).not.toContain('✎');
    await userEvent.keyboard('{Control>}y{/Control}');
    await expect.poll(() => marked(m, 'mark-note')).toBe(true);
    await s.settled();
    await m.unmount();

    const again = await mountApp({ dbName: db });
    expect(again.app.session.workbook.notes.get(KEY)?.text).toBe(NOTE);
    await expect.poll(() => marked(again, 'mark-note')).toBe(true);
  });

  it('the editor deletes a note (an undo step); an empty note is no note; a locked year takes a note without asking', async () => {
    const m = await mountApp({ dbName: freshDbName('notes-delete'), defaultLocked: ['2019'] });
    const s = m.app.session;
    await focusCell(m, 'students_vocational', '2019');
    await userEvent.keyboard('{Shift>}{F2}{/Shift}');
    await expect.poll(editor, LAZY).toBeTruthy();
    // no locked-year question: a note does not change the published figure
    expect(document.querySelectorAll('dialog[open]')).toHaveLength(1);
    await userEvent.keyboard('   ');
    await userEvent.keyboard('{Control>}{Enter}{/Control}');
    await expect.poll(editor).toBeNull();
    expect(s.workbook.notes.has(KEY)).toBe(false);
    expect(s.canUndo).toBe(false);

    s.setNote(KEY, NOTE);
    await focusCell(m, 'students_vocational', '2019');
    await userEvent.keyboard('{Shift>}{F2}{/Shift}');
    await expect.poll(editor, LAZY).toBeTruthy();
    await userEvent.click(editor()!.querySelector<HTMLElement>('[data-testid="note-delete"]')!);
    await expect.poll(editor).toBeNull();
    expect(s.workbook.notes.has(KEY)).toBe(false);
    s.undo();
    expect(s.workbook.notes.get(KEY)?.text).toBe(NOTE);
  });

  it('the cell menu (right click, Shift+F10) adds a note, flags for follow-up and takes the flag back', async () => {
    const m = await mountApp({ dbName: freshDbName('notes-menu') });
    const s = m.app.session;
    const cell = await visibleCell(m, 'students_vocational', '2019');
    await userEvent.click(cell, { button: 'right' });
    const menu = () => document.querySelector<HTMLElement>('[data-testid="cell-menu"]');
    await expect.poll(menu, LAZY).toBeTruthy();
    expect(document.activeElement?.getAttribute('role')).toBe('menuitem');
    // ↓ to 标记待跟进, Enter
    await userEvent.keyboard('{ArrowDown}{Enter}');
    await expect.poll(menu).toBeNull();
    expect(s.workbook.followUp.has(KEY)).toBe(true);
    await expect.poll(() => marked(m, 'mark-follow')).toBe(true);
    expect(statusText(m, 'students_vocational')).toContain('⚑1');
    expect(focusedKey(m)).toBe(KEY);

    // by keyboard: Shift+F10 opens the menu on the focused cell; 批注… opens the editor
    await userEvent.keyboard('{Shift>}{F10}{/Shift}');
    await expect.poll(menu, LAZY).toBeTruthy();
    expect(menu()!.textContent).toContain('取消待跟进');
    await userEvent.keyboard('{Enter}');
    await expect.poll(editor, LAZY).toBeTruthy();
    await userEvent.keyboard('学校报送口径待确认{Control>}{Enter}{/Control}');
    await expect.poll(editor).toBeNull();
    expect(s.workbook.notes.get(KEY)?.text).toBe('学校报送口径待确认');
    await expect.poll(() => focusedKey(m)).toBe(KEY);

    await userEvent.keyboard('{Shift>}{F10}{/Shift}');
    await expect.poll(menu, LAZY).toBeTruthy();
    await userEvent.click(menu()!.querySelector<HTMLElement>('[data-testid="menu-follow-clear"]')!);
    expect(s.workbook.followUp.has(KEY)).toBe(false);
    await expect.poll(() => marked(m, 'mark-follow')).toBe(false);
    // Escape closes the menu and gives the focus back to the cell
    await userEvent.keyboard('{Shift>}{F10}{/Shift}');
    await expect.poll(menu, LAZY).toBeTruthy();
    await userEvent.keyboard('{Escape}');
    await expect.poll(menu).toBeNull();
    await expect.poll(() => focusedKey(m)).toBe(KEY);
  });
});

describe('notes in the find bar', () => {
  it('the find box finds a note by its text and Enter puts the focus on the noted figure; the filter shows the rows with notes', async () => {
    const m = await mountApp({ dbName: freshDbName('notes-find') });
    const s = m.app.session;
    s.setNote('teachers_total@2018', '2018年口径含代课教师');
    s.setNote(KEY, NOTE);
    await userEvent.click(testId(m, 'find'));
    await userEvent.keyboard('代课');
    await expect.poll(() => testId(m, 'find-result').textContent).toContain('2018年 · ✎ 批注“2018年口径含代课教师”');
    await userEvent.keyboard('{Enter}');
    await expect.poll(() => focusedKey(m)).toBe('teachers_total@2018');
    await userEvent.selectOptions(testId(m, 'filter'), 'notes');
    await expect.poll(() => testId(m, 'filter-shown').textContent).toContain('2');
    expect(m.app.grid()!.isShown('students_vocational')).toBe(true);
    expect(m.app.grid()!.isShown('schools_total')).toBe(false);
  });
});

describe('notes travel with the workbook file', () => {
  it('a note added with Shift+F2 is in the exported JSON, comes back when that file is imported into another workbook, and survives its reload', async () => {
    const blobs = captureDownloads();
    const a = await mountApp({ dbName: freshDbName('notes-export') });
    await focusCell(a, 'students_vocational', '2019');
    await userEvent.keyboard('{Shift>}{F2}{/Shift}');
    await expect.poll(editor, LAZY).toBeTruthy();
    await userEvent.keyboard(`${NOTE}{Control>}{Enter}{/Control}`);
    await expect.poll(editor).toBeNull();
    a.app.session.setFollowUp(KEY, { time: '2026-11-30T07:00:00.000Z', reason: '核对' });
    await userEvent.click(testId(a, 'export'));
    await expect.poll(() => blobs.length).toBe(1);
    const text = await blobs[0].text();
    expect(JSON.parse(text).notes).toEqual([expect.objectContaining({ indicator: 'students_vocational', period: '2019', text: NOTE })]);
    await a.unmount();

    const db = freshDbName('notes-import');
    const b = await mountApp({ dbName: db });
    expect(b.app.session.workbook.notes.size).toBe(0);
    // a figure this workbook has otherwise, so the import changes something
    const figure = b.app.session.value(KEY).raw;
    b.app.session.setCells([{ key: KEY, raw: '1' }]);
    await importThroughDialog(b, new File([text], 'workbook-2018-2019.json'));
    await expect.poll(() => b.app.session.workbook.notes.get(KEY)?.text).toBe(NOTE);
    expect(b.app.session.value(KEY).raw).toBe(figure);
    expect(b.app.session.workbook.followUp.get(KEY)?.reason).toBe('核对');
    await expect.poll(() => marked(b, 'mark-note')).toBe(true);
    await b.app.session.settled();
    await b.unmount();

    const c = await mountApp({ dbName: db });
    expect(c.app.session.workbook.notes.get(KEY)?.text).toBe(NOTE);
    await expect.poll(() => marked(c, 'mark-note')).toBe(true);
    expect(statusText(c, 'students_vocational')).toContain('✎1 ⚑1');
  });

  it('the notes and flags an imported workbook file brings are part of that import\'s undo step: Ctrl+Z takes them away with its figures, Ctrl+Y brings them back, each stored', async () => {
    // the file: another copy of the workbook with a changed figure, its note and a flag on a figure it does not change
    const a = await mountApp({ dbName: freshDbName('notes-undo-src') });
    const FLAGGED = 'schools_total@2019';
    const figure = a.app.session.value(KEY).raw;
    a.app.session.setCells([{ key: KEY, raw: '2.61万' }]);
    a.app.session.setNote(KEY, NOTE);
    a.app.session.setFollowUp(FLAGGED, { time: '2026-11-30T07:00:00.000Z', reason: '请县局核实' });
    const text = JSON.stringify(workbookToJson(a.app.session.workbook));
    await a.unmount();

    const db = freshDbName('notes-undo');
    const b = await mountApp({ dbName: db });
    const s = b.app.session;
    expect(s.value(KEY).raw).toBe(figure);
    await importThroughDialog(b, new File([text], 'county-copy.json'));
    await expect.poll(() => s.workbook.notes.get(KEY)?.text).toBe(NOTE);
    expect(s.value(KEY).raw).toBe('2.61万');
    expect(s.workbook.followUp.get(FLAGGED)?.reason).toBe('请县局核实');
    await expect.poll(() => marked(b, 'mark-note')).toBe(true);

    /** What IndexedDB holds now (read through a connection of its own, as a reload would). */
    const stored = async () => {
      await s.settled();
      const store = await openIdbStore(db, 'default');
      try {
        const wb = workbookFromSnapshot((await store.load())!, CATALOG);
        return { raw: wb.getByKey(KEY).raw, note: wb.notes.get(KEY)?.text, flag: wb.followUp.get(FLAGGED)?.reason };
      } finally {
        store.close();
      }
    };
    expect(await stored()).toEqual({ raw: '2.61万', note: NOTE, flag: '请县局核实' });

    // one undo step: the figure, its note and the flag go together
    await focusCell(b, 'students_vocational', '2019');
    await userEvent.keyboard('{Control>}z{/Control}');
    await expect.poll(() => s.value(KEY).raw).toBe(figure);
    expect(s.workbook.notes.has(KEY)).toBe(false);
    expect(s.workbook.followUp.has(FLAGGED)).toBe(false);
    await expect.poll(() => marked(b, 'mark-note')).toBe(false);
    expect(statusText(b, 'students_vocational')).not.toContain('✎');
    expect(await stored()).toEqual({ raw: figure, note: undefined, flag: undefined });

    // redo brings all three back
    await focusCell(b, 'students_vocational', '2019');
    await userEvent.keyboard('{Control>}y{/Control}');
    await expect.poll(() => s.workbook.notes.get(KEY)?.text).toBe(NOTE);
    expect(s.value(KEY).raw).toBe('2.61万');
    expect(s.workbook.followUp.get(FLAGGED)?.reason).toBe('请县局核实');
    await expect.poll(() => marked(b, 'mark-note')).toBe(true);
    expect(await stored()).toEqual({ raw: '2.61万', note: NOTE, flag: '请县局核实' });
    await b.unmount();

    const c = await mountApp({ dbName: db });
    expect(c.app.session.workbook.notes.get(KEY)?.text).toBe(NOTE);
    expect(c.app.session.workbook.followUp.get(FLAGGED)?.reason).toBe('请县局核实');
  });
});
