import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { defaultRules } from '../../src/app.ts';
import xlsxUrl from '../../data/samples/next-year-2020-merged-header.xlsx?url';
import { cleanup, freshDbName, mountApp, testId } from './helpers.ts';

afterEach(async () => {
  // a failed test may leave its dialog open over the next test's screen
  for (const d of document.querySelectorAll('[data-testid="import-dialog"]')) d.parentElement?.parentElement?.remove();
  await cleanup();
});

const rules = defaultRules();
/** The imported rows (teachers) lie below the first screen, so the grid is checked by its 2020 column. */
const hasColumn = (target: HTMLElement, period: string) => !!target.querySelector(`.ag-header-cell[col-id="p:${period}"]`);
const dialog = () => document.querySelector<HTMLElement>('[data-testid="import-dialog"]');
const inDialog = (id: string) => dialog()!.querySelector<HTMLElement>(`[data-testid="${id}"]`)!;

/** Chooses a file on the dialog's file input as a user would (a real File through a DataTransfer). */
async function chooseFile(url: string, name: string): Promise<void> {
  const bytes = await (await fetch(url)).arrayBuffer();
  const dt = new DataTransfer();
  dt.items.add(new File([bytes], name));
  const input = inDialog('import-file') as HTMLInputElement;
  input.files = dt.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

describe('import through the UI', () => {
  it('imports the XLSX sample: preview first, commit as one undo step, stored across a reload', async () => {
    const dbName = freshDbName('import');
    const a = await mountApp({ dbName, rules });
    const findingsBefore = a.app.session.findings.length;
    await userEvent.click(testId(a, 'import'));
    await expect.poll(dialog).toBeTruthy();
    await chooseFile(xlsxUrl, 'next-year-2020-merged-header.xlsx');

    // the preview: the 2019 column is unchanged, the 2020 column new; nothing stored yet
    await expect.poll(() => inDialog('import-summary')?.textContent ?? '', { timeout: 10_000 }).toMatch(/新增 \d+ 格/);
    const summary = inDialog('import-summary').textContent!;
    const [, added, unchanged] = /新增 (\d+) 格，修改 \d+ 格，不变 (\d+) 格/.exec(summary)!;
    expect(Number(added)).toBeGreaterThan(10);
    expect(Number(unchanged)).toBeGreaterThan(10);
    expect(summary).toContain('新增年份 2020');
    expect(inDialog('import-findings').textContent).toMatch(/导入后：错误 \d+/);
    expect(a.app.session.periods).not.toContain('2020');

    // commit: the grid shows the new column and the findings are recomputed
    await userEvent.click(inDialog('import-commit'));
    await expect.poll(dialog).toBeNull();
    await expect.poll(() => hasColumn(a.target, '2020')).toBe(true);
    expect(a.app.session.workbook.get('teachers_total', '2020').raw).toBe('34,890');
    expect(a.app.session.findings.length).not.toBe(findingsBefore);

    // one undo step takes the whole import back; redo brings it again
    a.app.session.undo();
    await expect.poll(() => hasColumn(a.target, '2020')).toBe(false);
    expect(a.app.session.workbook.get('teachers_total', '2020').state).toBe('empty');
    a.app.session.redo();
    await expect.poll(() => hasColumn(a.target, '2020')).toBe(true);

    // stored: a new app on the same database shows the imported figures
    await a.app.session.settled();
    await a.unmount();
    const b = await mountApp({ dbName, rules });
    expect(b.app.session.periods).toContain('2020');
    expect(hasColumn(b.target, '2020')).toBe(true);
    expect(b.app.session.workbook.get('teachers_total', '2020').raw).toBe('34,890');
  });

  it('a name can be mapped by hand or left out, and the preview follows', async () => {
    const a = await mountApp({ dbName: freshDbName('import-map'), rules });
    await userEvent.click(testId(a, 'import'));
    await expect.poll(dialog).toBeTruthy();
    await chooseFile(xlsxUrl, 'next-year-2020-merged-header.xlsx');
    await expect.poll(() => inDialog('import-summary')?.textContent ?? '', { timeout: 10_000 }).toMatch(/新增 \d+ 格/);
    const count = () => Number(/新增 (\d+) 格/.exec(inDialog('import-summary').textContent!)![1]);
    const before = count();
    await userEvent.click(inDialog('import-mapping').querySelector('summary')!);
    const select = [...dialog()!.querySelectorAll<HTMLSelectElement>('[data-testid^="map-"]')].find((s) => s.value === 'teachers_total')!;
    expect(select).toBeTruthy();
    await userEvent.selectOptions(select, '');
    await expect.poll(count).toBe(before - 1);
    expect(dialog()!.textContent).toContain('不导入');
    await userEvent.click(inDialog('import-commit'));
    await expect.poll(dialog).toBeNull();
    expect(a.app.session.workbook.get('teachers_total', '2020').state).toBe('empty');
    expect(a.app.session.workbook.get('teachers_university', '2020').state).toBe('value');
  });

  it('a file that cannot be read is explained and nothing changes', async () => {
    const a = await mountApp({ dbName: freshDbName('import-bad'), rules });
    const before = [...a.app.session.workbook.values.keys()].length;
    await userEvent.click(testId(a, 'import'));
    await expect.poll(dialog).toBeTruthy(); // the dialog is loaded on first use
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])], 'truncated.xlsx'));
    const input = inDialog('import-file') as HTMLInputElement;
    input.files = dt.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await expect.poll(() => dialog()!.querySelector('[role="alert"]')?.textContent ?? '').toContain('truncated.xlsx');
    expect((inDialog('import-commit') as HTMLButtonElement).disabled).toBe(true);
    await userEvent.click(inDialog('import-cancel'));
    await expect.poll(dialog).toBeNull();
    expect([...a.app.session.workbook.values.keys()].length).toBe(before);
  });
});

/** Reading a file and rebuilding the grid can take seconds on a busy 2-core machine. */
const SLOW = { timeout: 10_000 };

/** Chooses a file made in the test. */
function chooseText(text: string, name: string): void {
  const dt = new DataTransfer();
  dt.items.add(new File([new TextEncoder().encode(text)], name));
  const input = inDialog('import-file') as HTMLInputElement;
  input.files = dt.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

describe('a name the catalog lacks, added as a new indicator', () => {
  it('is added with a unit and section through the form, imported, and kept in the catalog across a reload', async () => {
    const dbName = freshDbName('import-new');
    const a = await mountApp({ dbName, rules });
    await userEvent.click(testId(a, 'import'));
    await expect.poll(dialog, SLOW).toBeTruthy();
    chooseText('指标,2020\n各级各类学校(幼儿园)数,941\n校园足球特色学校数,57\n', 'county-2020.csv');
    await expect.poll(() => inDialog('import-mapping')?.textContent ?? '', SLOW).toContain('未导入 1 项');
    const select = [...dialog()!.querySelectorAll<HTMLSelectElement>('[data-testid^="map-"]')].find((s) => s.getAttribute('aria-label') === '校园足球特色学校数')!;
    expect(select.value).toBe('');
    // before: the unmatched name is left out
    expect(inDialog('import-summary').textContent).toMatch(/新增 1 格/);

    await userEvent.selectOptions(select, '__new__');
    await expect.poll(() => inDialog('new-indicator'), SLOW).toBeTruthy();
    expect((inDialog('new-label') as HTMLInputElement).value).toBe('校园足球特色学校数');
    await userEvent.selectOptions(inDialog('new-unit'), 'school');
    const section = a.app.session.workbook.catalog.sections[1];
    await userEvent.selectOptions(inDialog('new-section'), section.id);
    await userEvent.click(inDialog('new-add'));
    await expect.poll(() => inDialog('import-summary')?.textContent ?? '', SLOW).toMatch(/新增 2 格/);

    await userEvent.click(inDialog('import-commit'));
    await expect.poll(dialog, SLOW).toBeNull();
    const added = a.app.session.workbook.catalog.indicators.find((i) => i.label.zh === '校园足球特色学校数')!;
    expect(added).toMatchObject({ custom: true, unit: 'school', section: section.id, kind: 'count' });
    expect(a.app.session.workbook.get(added.id, '2020').raw).toBe('57');
    await expect.poll(() => a.app.grid()?.api.getRowNode(added.id) != null, SLOW).toBe(true);
    await a.app.session.settled();
    await a.unmount();

    // reload: the indicator and its figure are still there
    const b = await mountApp({ dbName, rules });
    expect(b.app.session.workbook.index.byId.get(added.id)?.label.zh).toBe('校园足球特色学校数');
    expect(b.app.session.workbook.get(added.id, '2020').raw).toBe('57');
    expect(b.app.grid()?.api.getRowNode(added.id)).toBeTruthy();
  });

  it('undo of the import removes the new indicator from the catalog and the grid; redo brings it back', async () => {
    const a = await mountApp({ dbName: freshDbName('import-new-undo'), rules });
    await userEvent.click(testId(a, 'import'));
    await expect.poll(dialog, SLOW).toBeTruthy();
    chooseText('指标,2019\n校园足球特色学校数,57\n', 'one.csv');
    await expect.poll(() => dialog()?.querySelector('[aria-label="校园足球特色学校数"]'), SLOW).toBeTruthy();
    await userEvent.selectOptions(dialog()!.querySelector<HTMLSelectElement>('[aria-label="校园足球特色学校数"]')!, '__new__');
    await userEvent.click(inDialog('new-add'));
    await expect.poll(() => inDialog('import-summary')?.textContent ?? '', SLOW).toMatch(/新增 1 格/);
    await userEvent.click(inDialog('import-commit'));
    await expect.poll(dialog, SLOW).toBeNull();
    const id = a.app.session.workbook.catalog.indicators.find((i) => i.custom)!.id;
    await expect.poll(() => a.app.grid()?.api.getRowNode(id) != null, SLOW).toBe(true);
    a.app.session.undo();
    expect(a.app.session.workbook.index.byId.has(id)).toBe(false);
    await expect.poll(() => a.app.grid()?.api.getRowNode(id) != null, SLOW).toBe(false);
    a.app.session.redo();
    expect(a.app.session.workbook.get(id, '2019').raw).toBe('57');
    await expect.poll(() => a.app.grid()?.api.getRowNode(id) != null, SLOW).toBe(true);
  });
});

describe('the name table stays light: a menu lists every indicator only once it is focused', () => {
  const menu = (name: string) => dialog()!.querySelector<HTMLSelectElement>(`select[aria-label="${name}"]`)!;
  const values = (s: HTMLSelectElement) => [...s.options].map((o) => o.value);

  async function openWith(text: string): Promise<Awaited<ReturnType<typeof mountApp>>> {
    const a = await mountApp({ dbName: freshDbName('import-menu'), rules });
    await userEvent.click(testId(a, 'import'));
    await expect.poll(dialog, SLOW).toBeTruthy();
    chooseText(text, 'menus-2020.csv');
    await expect.poll(() => inDialog('import-summary')?.textContent ?? '', SLOW).toMatch(/新增 1 格/);
    return a;
  }

  it('unfocused: the current choice, the suggestions, leave out and add; focused: every indicator, and a hand-picked one is imported', async () => {
    const a = await openWith('指标,2020\n各级各类学校(幼儿园)数,941\n小学学校数量,57\n');
    const all = a.app.session.workbook.index.ordered.length;
    const unknown = menu('小学学校数量');
    const matched = menu('各级各类学校(幼儿园)数');
    const suggested = values(unknown).slice(1, -1);
    expect(suggested[0]).toBe('schools_primary');
    expect(suggested.length).toBeGreaterThan(0);
    expect(values(unknown)).toEqual(['', ...suggested, '__new__']);
    expect(values(matched)).toEqual(['', 'schools_total', '__new__']);
    expect(matched.value).toBe('schools_total');

    // focused (mouse or Tab): the whole list, in catalog order after the suggestions; the choice stays selected
    matched.focus();
    expect(values(matched)).toHaveLength(1 + all + 1);
    expect(matched.value).toBe('schools_total');
    expect(matched.selectedOptions[0].textContent).toBe(a.app.session.workbook.index.byId.get('schools_total')!.label.zh);
    unknown.focus();
    expect(values(unknown)).toEqual(['', ...suggested, ...a.app.session.workbook.index.ordered.map((i) => i.id), '__new__']);
    await userEvent.selectOptions(unknown, 'teachers_total');
    await expect.poll(() => inDialog('import-summary')?.textContent ?? '', SLOW).toMatch(/新增 2 格/);
    expect(menu('小学学校数量').value).toBe('teachers_total');
    await userEvent.click(inDialog('import-commit'));
    await expect.poll(dialog, SLOW).toBeNull();
    expect(a.app.session.workbook.get('teachers_total', '2020').raw).toBe('57');
  });

  it('by keyboard: Tab to a menu, then the arrow keys step through every indicator as before', async () => {
    const a = await openWith('指标,2020\n各级各类学校(幼儿园)数,941\n');
    const ordered = a.app.session.workbook.index.ordered;
    const next = ordered[ordered.findIndex((i) => i.id === 'schools_total') + 1].id;
    // with every name matched the name table starts closed: open it, then Tab from the year field
    await userEvent.click(inDialog('import-mapping').querySelector('summary')!);
    const matched = menu('各级各类学校(幼儿园)数');
    (inDialog('import-period') as HTMLInputElement).focus();
    await userEvent.tab(); // the summary of the name table
    await userEvent.tab(); // the first name's menu
    expect(document.activeElement).toBe(matched);
    await userEvent.keyboard('{ArrowDown}');
    await expect.poll(() => menu('各级各类学校(幼儿园)数').value, SLOW).toBe(next);
    await expect.poll(() => dialog()!.textContent, SLOW).toContain('手动');
  });
});
