import { afterEach, describe, expect, it } from 'vitest';
import { cdp, userEvent } from 'vitest/browser';
import { CATALOG } from '../../src/core/data/catalog.ts';
import { workbookFromSnapshot } from '../../src/storage/convert.ts';
import { openIdbStore } from '../../src/storage/idb-store.ts';
import { cleanup, focusCell, focusedKey, freshDbName, mountApp, visibleCell, type Mounted } from './helpers.ts';

afterEach(cleanup);

// The grid's editor (src/ui/cell-editor.ts) with a real input method's events: Chromium's DevTools protocol
// composes (Input.imeSetComposition), commits (Input.insertText) and presses keys (Input.dispatchKeyEvent)
// in the browser itself, so the page sees what a Pinyin input method gives it — keydown with keyCode 229,
// compositionstart/update/end, input events with isComposing, and KeyboardEvent.isComposing set by Chromium
// on keys pressed during a composition. Figures typed are made up.

type Step =
  /** the key an input method sends first: key "Process", keyCode 229 (the key itself goes to the input method) */
  | { ime: string }
  /** the composition shown so far (pinyin letters, underlined) */
  | { compose: string }
  /** the input method commits text (a candidate picked, or a full-width character typed directly) */
  | { commit: string }
  /** the input method drops its composition (what Esc does inside the input method) */
  | { drop: true }
  /** a key pressed while composing, as Chromium sees it (isComposing from its own composition state) */
  | { key: 'Enter' | 'Escape' | 'Tab'; keyCode?: number }
  /** real keys through the page's keyboard (userEvent), outside any composition */
  | { type: string };

const VK: Record<string, number> = { Enter: 13, Escape: 27, Tab: 9 };

async function drive(steps: readonly Step[]): Promise<void> {
  const s = cdp();
  for (const step of steps) {
    if ('ime' in step) {
      const code = `Key${step.ime.toUpperCase()}`;
      await s.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', key: 'Process', code, windowsVirtualKeyCode: 229, nativeVirtualKeyCode: 229 });
      await s.send('Input.imeSetComposition', { text: step.ime, selectionStart: step.ime.length, selectionEnd: step.ime.length });
      await s.send('Input.dispatchKeyEvent', { type: 'keyUp', key: step.ime, code, windowsVirtualKeyCode: step.ime.toUpperCase().charCodeAt(0) });
    } else if ('compose' in step) {
      await s.send('Input.imeSetComposition', { text: step.compose, selectionStart: step.compose.length, selectionEnd: step.compose.length });
    } else if ('commit' in step) {
      await s.send('Input.insertText', { text: step.commit });
    } else if ('drop' in step) {
      await s.send('Input.imeSetComposition', { text: '', selectionStart: 0, selectionEnd: 0 });
    } else if ('key' in step) {
      const vk = step.keyCode ?? VK[step.key];
      await s.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', key: step.key, code: step.key, windowsVirtualKeyCode: vk, nativeVirtualKeyCode: vk });
      await s.send('Input.dispatchKeyEvent', { type: 'keyUp', key: step.key, code: step.key, windowsVirtualKeyCode: vk, nativeVirtualKeyCode: vk });
    } else {
      await userEvent.keyboard(step.type);
    }
  }
}

/** A full-width character typed with the input method in full-width mode: its key, then the character committed. */
const fullWidth = (text: string): Step[] => [...text].flatMap((c) => [{ ime: 'a' }, { drop: true }, { commit: c }] as Step[]);

const editor = () => document.querySelector<HTMLInputElement>('[data-testid="cell-editor"]');
const editingKey = (m: Mounted) => m.app.grid()!.editingKey();

interface Case {
  name: string;
  /** selected: the cell has the focus, no editor; editing: "55.2" typed into it first (real keys) */
  start: 'selected' | 'editing';
  /** students_total in this year (2018 → Tab moves to 2019) */
  year: '2018' | '2019';
  steps: Step[];
  /** after the steps, before any key that ends the edit */
  during: { open: boolean; value?: string; focus?: string };
  /** the key that ends the edit (real), or none */
  end?: '{Enter}' | '{Tab}' | '{Escape}';
  stored: string;
  /** the figure read (null: kept and marked unreadable) */
  n: number | null;
  focus: string;
}

const BASE = '541261';
const CASES: Case[] = [
  {
    name: 'the first key of a composition on a selected cell opens the editor; the composed 万 lands once',
    start: 'selected',
    year: '2019',
    steps: [{ ime: 'w' }, { compose: 'wa' }, { compose: 'wan' }, { commit: '万' }],
    during: { open: true, value: '万' },
    end: '{Enter}',
    stored: '万',
    n: null,
    focus: 'schools_university@2019',
  },
  {
    name: '55.2万 in the middle of an edit: the Enter that picks 万 neither ends the edit nor moves',
    start: 'editing',
    year: '2019',
    steps: [{ ime: 'w' }, { compose: 'wan' }, { key: 'Enter' }, { commit: '万' }],
    during: { open: true, value: '55.2万', focus: 'students_total@2019' },
    end: '{Enter}',
    stored: '55.2万',
    n: 552000,
    focus: 'schools_university@2019',
  },
  {
    name: 'the Enter that picks a candidate sent as keyCode 229 after compositionend (Safari order) is the input method’s',
    start: 'editing',
    year: '2019',
    steps: [{ ime: 'w' }, { compose: 'wan' }, { commit: '万' }, { key: 'Enter', keyCode: 229 }],
    during: { open: true, value: '55.2万', focus: 'students_total@2019' },
    end: '{Enter}',
    stored: '55.2万',
    n: 552000,
    focus: 'schools_university@2019',
  },
  {
    name: 'Esc during a composition drops the composition only; the edit goes on',
    start: 'editing',
    year: '2019',
    steps: [{ ime: 'w' }, { compose: 'wan' }, { key: 'Escape' }, { drop: true }],
    during: { open: true, value: '55.2', focus: 'students_total@2019' },
    end: '{Enter}',
    stored: '55.2',
    n: 55.2,
    focus: 'schools_university@2019',
  },
  {
    name: 'Esc during a composition, then Esc again: the second cancels the edit',
    start: 'editing',
    year: '2019',
    steps: [{ ime: 'w' }, { compose: 'wan' }, { key: 'Escape' }, { drop: true }],
    during: { open: true, value: '55.2' },
    end: '{Escape}',
    stored: BASE,
    n: 541261,
    focus: 'students_total@2019',
  },
  {
    name: 'Tab during a composition stays in it (no move, no commit); Tab after it commits and moves right',
    start: 'editing',
    year: '2018',
    steps: [{ ime: 'w' }, { compose: 'wan' }, { key: 'Tab' }, { commit: '万' }],
    during: { open: true, value: '55.2万', focus: 'students_total@2018' },
    end: '{Tab}',
    stored: '55.2万',
    n: 552000,
    focus: 'students_total@2019',
  },
  {
    name: 'Tab at the last year during a composition does not wrap to the next row',
    start: 'editing',
    year: '2019',
    steps: [{ ime: 'w' }, { compose: 'wan' }, { key: 'Tab' }, { commit: '万' }],
    during: { open: true, value: '55.2万', focus: 'students_total@2019' },
    end: '{Enter}',
    stored: '55.2万',
    n: 552000,
    focus: 'schools_university@2019',
  },
  {
    name: 'full-width digits and a full-width comma from a selected cell (１２，３４５)',
    start: 'selected',
    year: '2019',
    steps: fullWidth('１２，３４５'),
    during: { open: true, value: '１２，３４５' },
    end: '{Enter}',
    stored: '１２，３４５',
    n: 12345,
    focus: 'schools_university@2019',
  },
  {
    name: 'full-width digits and the Chinese full stop typed for the point: kept as typed and marked unreadable, not coerced',
    start: 'selected',
    year: '2019',
    steps: fullWidth('５５。２'),
    during: { open: true, value: '５５。２' },
    end: '{Enter}',
    stored: '５５。２',
    n: null,
    focus: 'schools_university@2019',
  },
  {
    name: '约 composed first, then digits with real keys',
    start: 'selected',
    year: '2019',
    steps: [{ ime: 'y' }, { compose: 'yue' }, { key: 'Enter' }, { commit: '约' }, { type: '9500' }],
    during: { open: true, value: '约9500' },
    end: '{Enter}',
    stored: '约9500',
    n: 9500,
    focus: 'schools_university@2019',
  },
  {
    name: 'the Process key of a key pressed during a composition (Windows) is no grid key',
    start: 'editing',
    year: '2019',
    steps: [{ ime: 'w' }, { compose: 'wan' }, { key: 'Enter', keyCode: 229 }, { key: 'Escape', keyCode: 229 }, { commit: '万' }],
    during: { open: true, value: '55.2万', focus: 'students_total@2019' },
    end: '{Enter}',
    stored: '55.2万',
    n: 552000,
    focus: 'schools_university@2019',
  },
];

describe("the grid's editor with an input method (Chromium's own composition events)", () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const m = await mountApp({ dbName: freshDbName('ime') });
      const key = `students_total@${c.year}`;
      await visibleCell(m, 'students_total', c.year);
      await focusCell(m, 'students_total', c.year);
      const before = m.app.session.value(key).raw;
      if (c.start === 'editing') {
        await userEvent.keyboard('55.2');
        expect(editor()!.value).toBe('55.2');
      }
      await drive(c.steps);
      expect(editingKey(m) === key).toBe(c.during.open);
      if (c.during.value !== undefined) expect(editor()!.value).toBe(c.during.value);
      if (c.during.open) expect(document.activeElement).toBe(editor());
      if (c.during.focus) expect(focusedKey(m)).toBe(c.during.focus);
      // nothing stored while the editor is open
      expect(m.app.session.value(key).raw).toBe(before);
      if (c.end) await userEvent.keyboard(c.end);
      expect(editor()).toBeNull();
      const v = m.app.session.value(key);
      expect(v.raw).toBe(c.stored);
      expect(v.state === 'value' ? v.n : null).toBe(c.n);
      expect(focusedKey(m)).toBe(c.focus);
    });
  }

  it('55.2万 typed with the input method is in IndexedDB as typed, read back by a new connection; one Ctrl+Z undoes it', async () => {
    const dbName = freshDbName('ime-idb');
    const m = await mountApp({ dbName });
    await focusCell(m, 'schools_total', '2019');
    await drive([{ ime: '5' }, { drop: true }, { commit: '５' }, { type: '5.2' }, { ime: 'w' }, { compose: 'wan' }, { key: 'Enter' }, { commit: '万' }, { type: '{Enter}' }]);
    expect(m.app.session.value('schools_total@2019').raw).toBe('５5.2万');
    await m.app.session.settled();
    const store = await openIdbStore(dbName, 'default');
    try {
      const wb = workbookFromSnapshot((await store.load())!, CATALOG);
      expect(wb.getByKey('schools_total@2019').raw).toBe('５5.2万');
      expect(wb.getByKey('schools_total@2019').state === 'value' && wb.getByKey('schools_total@2019').n).toBe(552000);
    } finally {
      store.close();
    }
    await focusCell(m, 'schools_total', '2019');
    await userEvent.keyboard('{Control>}z{/Control}');
    expect(m.app.session.value('schools_total@2019').raw).toBe('934');
  });

  it('a click elsewhere in the middle of a composition keeps what the editor showed (stored and marked, never lost)', async () => {
    const m = await mountApp({ dbName: freshDbName('ime-click') });
    await focusCell(m, 'students_total', '2019');
    await drive([{ type: '3' }, { ime: 'w' }, { compose: 'wan' }]);
    await userEvent.click(await visibleCell(m, 'schools_total', '2018'));
    expect(editor()).toBeNull();
    expect(m.app.session.value('students_total@2019').raw).toBe('3wan');
    expect(m.app.session.value('students_total@2019').state).toBe('invalid');
    expect(focusedKey(m)).toBe('schools_total@2018');
  });

  it('on a locked year the input method’s first key asks first; after yes the editor opens empty, not on the old figure', async () => {
    const m = await mountApp({ dbName: freshDbName('ime-locked'), defaultLocked: ['2019'] });
    await focusCell(m, 'students_total', '2019');
    await drive([{ ime: 'w' }]);
    const dialog = () => document.querySelector<HTMLDialogElement>('dialog[open]');
    await expect.poll(dialog).not.toBeNull();
    expect(editor()).toBeNull();
    await drive([{ drop: true }]);
    await userEvent.click(dialog()!.querySelector<HTMLElement>('[data-testid="confirm"]')!);
    await expect.poll(() => editingKey(m)).toBe('students_total@2019');
    expect(editor()!.value).toBe('');
    await drive([{ ime: 'w' }, { compose: 'wan' }, { commit: '万' }, { type: '{Enter}' }]);
    expect(m.app.session.value('students_total@2019').raw).toBe('万');
  });
});
