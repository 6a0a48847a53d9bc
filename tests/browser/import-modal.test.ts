import axe from 'axe-core';
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { defaultRules } from '../../src/app.ts';
import { CATALOG } from '../../src/core/data/catalog.ts';
import type { WorkerLike } from '../../src/ui/import-reader.ts';
import { cleanup, freshDbName, mountApp, testId, type Mounted } from './helpers.ts';

afterEach(async () => {
  // a failed test may leave its dialog open over the next test's screen
  for (const d of document.querySelectorAll('[data-testid="import-dialog"]')) d.parentElement?.parentElement?.remove();
  await cleanup();
});

const rules = defaultRules();
const SLOW = { timeout: 15_000 };
const dialog = () => document.querySelector<HTMLElement>('[data-testid="import-dialog"]');
const inDialog = (id: string) => dialog()?.querySelector<HTMLElement>(`[data-testid="${id}"]`) ?? null;
/** The open native modal dialogs, topmost last. */
const modals = () => [...document.querySelectorAll<HTMLDialogElement>('dialog[open]')].filter((d) => d.matches(':modal'));
const summary = () => inDialog('import-summary')?.textContent ?? '';
/** Every figure of the workbook, as text: what "nothing changed" is checked against. */
const figures = (m: Mounted) => JSON.stringify([...m.app.session.workbook.values].sort(([a], [b]) => a.localeCompare(b)));
const zhLabel = (id: string) => CATALOG.indicators.find((i) => i.id === id)!.label.zh;

/** Chooses a file on the dialog's file input as a user would (a real File through a DataTransfer). */
function choose(content: string, name: string): void {
  const dt = new DataTransfer();
  dt.items.add(new File([new TextEncoder().encode(content)], name));
  const input = inDialog('import-file') as HTMLInputElement;
  input.files = dt.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

/** Focus is neither on <body> nor anywhere in the page behind the dialog. */
function focusInDialog(m: Mounted): void {
  const a = document.activeElement;
  expect(a && m.target.contains(a)).toBe(false);
  expect(a?.closest('.ag-root-wrapper') ?? null).toBeNull();
}

/** Opens the dialog from the 导入… button with the keyboard (Enter), as a keyboard user would. */
async function openWithEnter(m: Mounted): Promise<HTMLElement> {
  const opener = testId(m, 'import');
  opener.focus();
  await userEvent.keyboard('{Enter}');
  await expect.poll(dialog, SLOW).toBeTruthy();
  await expect.poll(() => modals().length).toBe(1);
  return opener;
}

/** A worker that loads and then never answers: a read that does not end until it is stopped. */
function stuckWorker(): { factory: () => WorkerLike; terminated: () => number } {
  let n = 0;
  return {
    factory: () => {
      const url = URL.createObjectURL(new Blob([`postMessage({ type: 'ready' }); onmessage = () => {};`], { type: 'text/javascript' }));
      const w = new Worker(url, { type: 'module' });
      const terminate = w.terminate.bind(w);
      w.terminate = () => {
        n++;
        terminate();
      };
      return w;
    },
    terminated: () => n,
  };
}

describe('the import dialog is a real modal', () => {
  it('Enter opens it with focus inside; 50 Tabs stay inside; digits typed reach no figure; Escape closes and focus returns to 导入…', async () => {
    const m = await mountApp({ dbName: freshDbName('import-modal'), rules });
    // a grid cell had the focus before: typing would edit it if the page behind were not inert
    const cell = m.target.querySelector<HTMLElement>('.ag-row[row-id="schools_total"] [col-id="p:2019"]')!;
    await userEvent.click(cell);
    const before = figures(m);
    const opener = await openWithEnter(m);
    const modal = modals()[0];
    expect(modal.contains(dialog())).toBe(true);
    expect(modal.contains(document.activeElement)).toBe(true);

    for (let i = 0; i < 50; i++) {
      await userEvent.keyboard(i % 5 === 4 ? '{Shift>}{Tab}{/Shift}' : '{Tab}');
      focusInDialog(m);
    }
    // a click on the grid behind does not reach it, and neither do the digits typed after it
    await userEvent.click(cell, { force: true }).catch(() => undefined);
    focusInDialog(m);
    await userEvent.keyboard('999');
    await userEvent.keyboard('{Enter}');
    expect(m.app.grid()!.editingKey()).toBeNull();
    expect(figures(m)).toBe(before);

    await userEvent.keyboard('{Escape}');
    await expect.poll(dialog).toBeNull();
    expect(modals()).toEqual([]);
    await expect.poll(() => document.activeElement).toBe(opener);
    expect(figures(m)).toBe(before);
    expect(m.app.session.canUndo).toBe(false);
  });

  it('取消 and 导入 give the focus back to 导入…, not <body>', async () => {
    const m = await mountApp({ dbName: freshDbName('import-modal-return'), rules });
    let opener = await openWithEnter(m);
    await userEvent.click(inDialog('import-cancel')!);
    await expect.poll(dialog).toBeNull();
    await expect.poll(() => document.activeElement).toBe(opener);

    opener = await openWithEnter(m);
    choose(`指标名称,计量单位,2020年\n${zhLabel('schools_total')},所,950\n`, 'county-2020.csv');
    await expect.poll(summary, SLOW).toMatch(/新增 1 格/);
    await userEvent.click(inDialog('import-commit')!);
    await expect.poll(dialog).toBeNull();
    expect(m.app.session.value('schools_total@2020').raw).toBe('950');
    await expect.poll(() => document.activeElement).toBe(opener);
  });

  it('Escape during a read stops it (as 停止读取) and closes; the workbook is unchanged', async () => {
    const w = stuckWorker();
    const m = await mountApp({ dbName: freshDbName('import-modal-read'), rules, importReader: { createWorker: w.factory } });
    const before = figures(m);
    const opener = await openWithEnter(m);
    choose(`指标,2019\n${zhLabel('schools_total')},1\n`, 'stuck-2019.csv');
    await expect.poll(() => inDialog('import-reading')?.textContent ?? '', SLOW).toContain('stuck-2019.csv');
    (inDialog('import-file') as HTMLInputElement).focus();
    await userEvent.keyboard('{Escape}');
    await expect.poll(dialog).toBeNull();
    expect(w.terminated()).toBe(1);
    await expect.poll(() => document.activeElement).toBe(opener);
    expect(figures(m)).toBe(before);
    expect(m.app.session.canUndo).toBe(false);
  });
});

describe('opened from the first screen', () => {
  const FLAG = 'edu-stats:intro-done';
  afterEach(() => localStorage.removeItem(FLAG));

  it('the first screen’s button goes away once used: Escape gives the focus to the toolbar’s 导入…, not <body>', async () => {
    localStorage.removeItem(FLAG);
    const m = await mountApp({ dbName: freshDbName('import-modal-intro'), rules });
    await expect.poll(() => m.target.querySelector('[data-testid="intro-import"]')).not.toBeNull();
    testId(m, 'intro-import').focus();
    await userEvent.keyboard('{Enter}');
    await expect.poll(() => modals().length, SLOW).toBe(1);
    expect(modals()[0].contains(document.activeElement)).toBe(true);
    expect(m.target.querySelector('[data-testid="intro-import"]')).toBeNull();
    await userEvent.keyboard('{Escape}');
    await expect.poll(dialog).toBeNull();
    await expect.poll(() => document.activeElement).toBe(testId(m, 'import'));
  });
});

describe('an import into a locked year asks first', () => {
  /** A county's file (made up) that changes one 2019 figure and brings one for 2020. */
  const FILE = ['指标名称,计量单位,2019年,2020年', `${zhLabel('students_total')},人,541300,560000`].join('\n');

  it.each([
    ['the question is declined (取消)', 'cancel'],
    ['the question is dismissed with Escape', 'escape'],
  ])('%s: nothing changes and the import dialog stays open', async (_, how) => {
    const m = await mountApp({ dbName: freshDbName('import-locked'), rules, defaultLocked: ['2019'] });
    const before = figures(m);
    await openWithEnter(m);
    choose(FILE, 'county.csv');
    await expect.poll(summary, SLOW).toMatch(/新增 1 格，修改 1 格/);
    expect(inDialog('import-locked')!.textContent).toContain('导入将写入已锁定的2019年 1 格');
    inDialog('import-commit')!.focus();
    await userEvent.keyboard('{Enter}');
    // the question is a modal over the import dialog, with the focus in it
    await expect.poll(() => modals().length).toBe(2);
    const question = modals()[1];
    expect(question.textContent).toContain('2019年已锁定');
    expect(question.contains(document.activeElement)).toBe(true);
    if (how === 'cancel') await userEvent.click(question.querySelector<HTMLElement>('[data-testid="cancel"]')!);
    else await userEvent.keyboard('{Escape}');
    await expect.poll(() => modals().length).toBe(1);
    expect(dialog()).not.toBeNull();
    expect(figures(m)).toBe(before);
    expect(m.app.session.periods).not.toContain('2020');
    expect(m.app.session.canUndo).toBe(false);
    // the focus is back on 导入 in the import dialog
    await expect.poll(() => document.activeElement).toBe(inDialog('import-commit'));
    // and a further Escape closes the import dialog too, with nothing imported
    await userEvent.keyboard('{Escape}');
    await expect.poll(dialog).toBeNull();
    expect(modals()).toEqual([]);
    await expect.poll(() => document.activeElement).toBe(testId(m, 'import'));
    expect(figures(m)).toBe(before);
  });

  it('confirmed (仍然修改): the import is done, as one undo step', async () => {
    const m = await mountApp({ dbName: freshDbName('import-locked-yes'), rules, defaultLocked: ['2019'] });
    const opener = await openWithEnter(m);
    choose(FILE, 'county.csv');
    await expect.poll(summary, SLOW).toMatch(/修改 1 格/);
    await userEvent.click(inDialog('import-commit')!);
    await expect.poll(() => modals().length).toBe(2);
    await userEvent.click(modals()[1].querySelector<HTMLElement>('[data-testid="confirm"]')!);
    await expect.poll(dialog).toBeNull();
    expect(modals()).toEqual([]);
    expect(m.app.session.value('students_total@2019').raw).toBe('541300');
    expect(m.app.session.value('students_total@2020').raw).toBe('560000');
    await expect.poll(() => document.activeElement).toBe(opener);
    m.app.session.undo();
    expect(m.app.session.value('students_total@2019').raw).toBe('541261');
  });

  it('the preview and the question name every locked year the import writes, with its count of cells', async () => {
    const m = await mountApp({ dbName: freshDbName('import-locked-two'), rules, defaultLocked: ['2018', '2019'] });
    await openWithEnter(m);
    // 2018's cells are empty (new), 2019's students total changes, its schools total stays
    const rows = [`${zhLabel('students_total')},人,1,2`, `${zhLabel('schools_total')},所,3,${m.app.session.value('schools_total@2019').raw}`];
    choose(['指标名称,计量单位,2018年,2019年', ...rows].join('\n'), 'county.csv');
    await expect.poll(summary, SLOW).toMatch(/新增 2 格，修改 1 格，不变 1 格/);
    expect(inDialog('import-locked')!.textContent).toContain('导入将写入已锁定的2018年 2 格；导入将写入已锁定的2019年 1 格');
    await userEvent.click(inDialog('import-commit')!);
    await expect.poll(() => modals().length).toBe(2);
    expect(modals()[1].textContent).toContain('2018年、2019年已锁定');
  });

  it('the dialog with a preview, the locked-year line and the question over it: no serious or critical axe-core violations', async () => {
    const serious = async (root: Element) =>
      (await axe.run(root, { resultTypes: ['violations'] })).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
    const m = await mountApp({ dbName: freshDbName('import-locked-axe'), rules, defaultLocked: ['2019'] });
    await openWithEnter(m);
    choose(FILE, 'county.csv');
    await expect.poll(summary, SLOW).toMatch(/修改 1 格/);
    expect(await serious(modals()[0])).toEqual([]);
    await userEvent.click(inDialog('import-commit')!);
    await expect.poll(() => modals().length).toBe(2);
    expect(await serious(modals()[1])).toEqual([]);
  });

  it('an import that leaves the locked year alone does not ask', async () => {
    const m = await mountApp({ dbName: freshDbName('import-locked-no'), rules, defaultLocked: ['2019'] });
    await openWithEnter(m);
    // 2019 as it stands (unchanged cells are not written) and a new 2020 figure
    choose(['指标名称,计量单位,2019年,2020年', `${zhLabel('students_total')},人,541261,560000`].join('\n'), 'county.csv');
    await expect.poll(summary, SLOW).toMatch(/新增 1 格，修改 0 格，不变 1 格/);
    expect(inDialog('import-locked')).toBeNull();
    await userEvent.click(inDialog('import-commit')!);
    await expect.poll(dialog).toBeNull();
    expect(m.app.session.value('students_total@2020').raw).toBe('560000');
  });
});
