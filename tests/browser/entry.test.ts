import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { cellEl, cleanup, copy, focusedKey, freshDbName, mountApp, paste, testId, visibleCell } from './helpers.ts';

afterEach(cleanup);

/** What statisticians type, and what the workbook must hold afterwards (PRODUCT.md). */
const TYPED: { indicator: string; raw: string; state: string; n?: number; n2?: number }[] = [
  { indicator: 'students_total', raw: '541,261', state: 'value', n: 541261 },
  { indicator: 'students_total', raw: '５４１２６１', state: 'value', n: 541261 },
  { indicator: 'students_total', raw: '54.1万', state: 'value', n: 541000 },
  { indicator: 'students_total', raw: '约9500', state: 'value', n: 9500 },
  { indicator: 'students_total', raw: '12万多x', state: 'invalid' },
];

describe('typing into the grid', () => {
  it.each(TYPED)('"$raw" is kept as typed and read as $state', async ({ indicator, raw, state, n }) => {
    const m = await mountApp({ dbName: freshDbName('typing') });
    await userEvent.click(await visibleCell(m, indicator, '2019'));
    if (/^[\x21-\x7e]/.test(raw)) {
      // A printable ASCII key starts editing with that character, replacing the cell.
      await userEvent.keyboard(raw);
    } else {
      // Text that does not start with a key press (an input method's output) goes through the editor:
      // F2 opens it, select-all replaces the old text.
      await userEvent.keyboard('{F2}{Control>}a{/Control}');
      await userEvent.keyboard(raw);
    }
    await userEvent.keyboard('{Enter}');
    const v = m.app.session.value(`${indicator}@2019`);
    expect(v.raw).toBe(raw);
    expect(v.state).toBe(state);
    if (n !== undefined) expect(v.n).toBe(n);
    // Shown exactly as typed.
    expect(cellEl(m, indicator, '2019').textContent).toBe(raw);
    // Enter commits and moves down.
    expect(focusedKey(m)).not.toBe(`${indicator}@2019`);
  });

  it('Enter moves down, Tab right, Escape cancels, F2 edits, Delete clears', async () => {
    const m = await mountApp({ dbName: freshDbName('keys') });
    await userEvent.click(await visibleCell(m, 'schools_total', '2019'));
    await userEvent.keyboard('935{Enter}');
    expect(focusedKey(m)).toBe('students_total@2019');
    // Escape: the edit is cancelled, the value unchanged.
    await userEvent.keyboard('1{Escape}');
    expect(m.app.session.value('students_total@2019').raw).toBe('541261');
    // F2 edits the existing text (cursor at the end).
    await userEvent.keyboard('{F2}9{Enter}');
    expect(m.app.session.value('students_total@2019').raw).toBe('5412619');
    // Tab moves right: from 2018 to 2019.
    await userEvent.click(await visibleCell(m, 'schools_university', '2018'));
    await userEvent.keyboard('{Tab}');
    expect(focusedKey(m)).toBe('schools_university@2019');
    // Delete clears the focused cell.
    await userEvent.keyboard('{Delete}');
    expect(m.app.session.value('schools_university@2019').state).toBe('empty');
    // Arrow up moves up over the row above.
    await userEvent.keyboard('{ArrowUp}');
    expect(focusedKey(m)).toBe('students_total@2019');
  });

  it('Enter and arrows at the end of a section skip the section header row', async () => {
    const m = await mountApp({ dbName: freshDbName('section-skip') });
    const idx = m.app.session.index;
    const ordered = idx.ordered;
    const i = ordered.findIndex((ind, k) => k + 1 < ordered.length && ordered[k + 1].section !== ind.section);
    const last = ordered[i].id;
    const next = ordered[i + 1].id;
    await userEvent.click(await visibleCell(m, last, '2019'));
    await userEvent.keyboard('{ArrowDown}');
    expect(focusedKey(m)).toBe(`${next}@2019`);
    await userEvent.keyboard('{ArrowUp}');
    expect(focusedKey(m)).toBe(`${last}@2019`);
    await userEvent.keyboard('7{Enter}');
    expect(m.app.session.value(`${last}@2019`).raw).toBe('7');
    expect(focusedKey(m)).toBe(`${next}@2019`);
  });

  it('an unparseable entry is flagged and clears when corrected', async () => {
    const m = await mountApp({ dbName: freshDbName('invalid') });
    await userEvent.click(await visibleCell(m, 'students_total', '2019'));
    await userEvent.keyboard('abc{Enter}');
    const el = cellEl(m, 'students_total', '2019');
    expect(el.classList.contains('mark-invalid')).toBe(true);
    expect(el.textContent).toBe('abc');
    expect(Number(testId(m, 'count-error').textContent)).toBe(1);
    await userEvent.click(el);
    await userEvent.keyboard('541261{Enter}');
    expect(cellEl(m, 'students_total', '2019').classList.contains('mark-invalid')).toBe(false);
    expect(Number(testId(m, 'count-error').textContent)).toBe(0);
  });
});

describe('paste and copy', () => {
  it('a TSV block from Excel lands from the focused cell, skipping the section row, as one undo step', async () => {
    const m = await mountApp({ dbName: freshDbName('paste') });
    await userEvent.click(await visibleCell(m, 'schools_total', '2018'));
    const before = m.app.session.value('schools_total@2019').raw;
    // Two columns (2018, 2019), three rows, with Excel's trailing line break and a quoted cell.
    paste('930\t"934"\r\n540000\t541,261\r\n1\t1.6万\r\n');
    const s = m.app.session;
    expect(s.value('schools_total@2018').raw).toBe('930');
    expect(s.value('schools_total@2019').raw).toBe('934');
    expect(s.value('students_total@2018').n).toBe(540000);
    expect(s.value('students_total@2019').raw).toBe('541,261');
    expect(s.value('schools_university@2019').n).toBe(16000);
    expect(s.value('schools_university@2019').raw).toBe('1.6万');
    // One step: one undo restores everything.
    await userEvent.keyboard('{Control>}z{/Control}');
    expect(s.value('schools_total@2018').state).toBe('empty');
    expect(s.value('schools_total@2019').raw).toBe(before);
    expect(s.value('students_total@2019').raw).toBe('541261');
    expect(s.value('schools_university@2019').raw).toBe('1');
  });

  it('paste ignores non-editable columns: a block pasted on the last period stops there', async () => {
    const m = await mountApp({ dbName: freshDbName('paste-edge') });
    await userEvent.click(await visibleCell(m, 'schools_total', '2019'));
    paste('900\t901\t902\r\n');
    expect(m.app.session.value('schools_total@2019').raw).toBe('900');
    expect(m.app.session.workbook.values.size).toBeGreaterThan(0);
    // No period exists to the right: nothing else was written.
    expect(m.app.session.periods).toEqual(['2018', '2019']);
  });

  it('one value pasted onto a selected block fills it', async () => {
    const m = await mountApp({ dbName: freshDbName('paste-fill') });
    await userEvent.click(await visibleCell(m, 'schools_total', '2018'));
    await userEvent.keyboard('{Shift>}{ArrowDown}{ArrowDown}{/Shift}');
    paste('—\r\n');
    const s = m.app.session;
    expect(['schools_total', 'students_total', 'schools_university'].map((id) => s.value(`${id}@2018`).state)).toEqual(['na', 'na', 'na']);
    expect(s.value('schools_total@2019').raw).toBe('934');
  });

  it('a block selected with shift+arrows copies out as TSV', async () => {
    const m = await mountApp({ dbName: freshDbName('copy') });
    await userEvent.click(await visibleCell(m, 'schools_total', '2018'));
    await userEvent.keyboard('{Shift>}{ArrowRight}{ArrowDown}{/Shift}');
    expect(cellEl(m, 'students_total', '2019').classList.contains('in-range')).toBe(true);
    expect(copy()).toBe('\t934\r\n\t541261\r\n');
  });

  it('shift+click selects a block; Delete clears it in one step', async () => {
    const m = await mountApp({ dbName: freshDbName('block-delete') });
    await userEvent.click(await visibleCell(m, 'schools_total', '2019'));
    await userEvent.click(cellEl(m, 'schools_university', '2019'), { modifiers: ['Shift'] } as never);
    await userEvent.keyboard('{Delete}');
    const s = m.app.session;
    expect(['schools_total', 'students_total', 'schools_university'].map((id) => s.value(`${id}@2019`).state)).toEqual(['empty', 'empty', 'empty']);
    await userEvent.keyboard('{Control>}z{/Control}');
    expect(s.value('students_total@2019').raw).toBe('541261');
    expect(s.value('schools_total@2019').raw).toBe('934');
  });
});

describe('undo and redo', () => {
  it('Ctrl+Z, Ctrl+Y and Ctrl+Shift+Z walk the application history', async () => {
    const m = await mountApp({ dbName: freshDbName('undo') });
    const s = m.app.session;
    await userEvent.click(await visibleCell(m, 'schools_total', '2019'));
    await userEvent.keyboard('940{Enter}');
    await userEvent.keyboard('1{Enter}');
    expect(s.value('schools_total@2019').raw).toBe('940');
    expect(s.value('students_total@2019').raw).toBe('1');
    await userEvent.keyboard('{Control>}z{/Control}');
    expect(s.value('students_total@2019').raw).toBe('541261');
    expect(s.value('schools_total@2019').raw).toBe('940');
    await userEvent.keyboard('{Control>}z{/Control}');
    expect(s.value('schools_total@2019').raw).toBe('934');
    await userEvent.keyboard('{Control>}y{/Control}');
    expect(s.value('schools_total@2019').raw).toBe('940');
    await userEvent.keyboard('{Control>}{Shift>}z{/Shift}{/Control}');
    expect(s.value('students_total@2019').raw).toBe('1');
    // The grid shows the workbook after each step.
    expect(cellEl(m, 'students_total', '2019').textContent).toBe('1');
    // A new edit clears the redo history.
    await userEvent.keyboard('{Control>}z{/Control}');
    expect(s.canRedo).toBe(true);
    s.setCells([{ key: 'schools_special@2019', raw: '3' }]);
    expect(s.canRedo).toBe(false);
  });
});
