import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { defaultRules } from '../../src/app.ts';
import cityUrl from '../../data/samples/field/city-2021-two-row-header.xlsx?url';
import districtUrl from '../../data/samples/field/某区2022年教育事业统计.xlsx?url';
import { cleanup, freshDbName, mountApp, testId, type Mounted } from './helpers.ts';

/**
 * The import dialog on files as counties send them (made-up figures): rows not imported first with their
 * suggestions, what leaving rows out costs, bulk actions, and decisions remembered across imports and reloads.
 */

afterEach(async () => {
  for (const d of document.querySelectorAll('[data-testid="import-dialog"]')) d.parentElement?.parentElement?.remove();
  await cleanup();
});

const rules = defaultRules();
const SLOW = { timeout: 15_000 };
const dialog = () => document.querySelector<HTMLElement>('[data-testid="import-dialog"]');
const inDialog = (id: string) => dialog()!.querySelector<HTMLElement>(`[data-testid="${id}"]`);
const menuOf = (name: string) => dialog()!.querySelector<HTMLSelectElement>(`select[aria-label="${name}"]`)!;
/** The labels of the rows listed under "not imported", in order. */
const openRows = () => [...(inDialog('import-open')?.querySelectorAll('tr[data-testid^="row-"] td:first-child') ?? [])].map((td) => td.textContent!.trim());
const summary = () => inDialog('import-summary')?.textContent ?? '';

async function openDialog(a: Mounted): Promise<void> {
  await userEvent.click(testId(a, 'import'));
  await expect.poll(dialog, SLOW).toBeTruthy();
}

/** Chooses a file on the dialog's file input as a user would (a real File through a DataTransfer). */
async function choose(content: string | ArrayBuffer, name: string): Promise<void> {
  const dt = new DataTransfer();
  dt.items.add(new File([typeof content === 'string' ? new TextEncoder().encode(content) : content], name));
  const input = inDialog('import-file') as HTMLInputElement;
  input.files = dt.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
  await expect.poll(summary, SLOW).toMatch(/新增 \d+ 格/);
}

/** A county's 2020 table (made up): a unit column; two names no catalog indicator has as written. */
const COUNTY = [
  '指标名称,计量单位,2020年',
  '义务教育在校生数,人,100',
  '小学在校生数,人,60',
  '初中在校学生总人数,人,40',
  '小学数,所,5',
  '校园足球特色学校,所,7',
].join('\n');

describe('rows not imported come first, with what leaving them out costs', () => {
  it('lists the unmatched rows first with unit, value and ranked suggestions; names the checks they cost; one click takes a suggestion', async () => {
    const a = await mountApp({ dbName: freshDbName('match-lost'), rules });
    await openDialog(a);
    await choose(COUNTY, 'county-2020.csv');
    const open = openRows();
    expect(open).toContain('初中在校学生总人数');
    expect(open).toContain('校园足球特色学校');
    // the first listed rows are the unmatched ones, before any matched row
    const all = [...dialog()!.querySelectorAll('tr[data-testid^="row-"] td:first-child')].map((td) => td.textContent!.trim());
    expect(all.slice(0, open.length)).toEqual(open);
    expect(all.slice(open.length)).toContain('小学在校生数');

    // the unmatched row shows its unit and value from the file, and its suggestions
    const row = [...dialog()!.querySelectorAll<HTMLElement>('tr[data-testid^="row-"]')].find((r) => r.textContent!.includes('初中在校学生总人数'))!;
    expect(row.textContent).toContain('人');
    expect(row.textContent).toContain('40');
    const first = row.querySelector<HTMLButtonElement>('button[data-testid$="-0"]')!;
    expect(first.textContent).toContain('初中在校生数');

    // leaving it out costs the compulsory-education balance of 2020, named with the row
    const lost = inDialog('import-lost')!;
    expect(lost.textContent).toMatch(/不导入下列行，以下 \d+ 项检查将无法进行/);
    const rule = lost.querySelector('[data-rule="balance_students_compulsory"]');
    expect(rule?.textContent).toContain(rules.rules.find((r) => r.id === 'balance_students_compulsory')!.description!.zh);
    expect(rule?.textContent).toContain('初中在校学生总人数');

    // one click on the first suggestion: the row is matched, moves down, the cost goes
    await userEvent.click(first);
    await expect.poll(openRows, SLOW).not.toContain('初中在校学生总人数');
    expect(menuOf('初中在校学生总人数').value).toBe('students_junior');
    expect(inDialog('import-lost')?.querySelector('[data-rule="balance_students_compulsory"]') ?? null).toBeNull();
    expect(inDialog(`how-${row.dataset.testid!.slice(4)}`)!.textContent).toBe('手动');
  });

  it('leaving a matched row out by hand names the checks it costs', async () => {
    const a = await mountApp({ dbName: freshDbName('match-lost-hand'), rules });
    await openDialog(a);
    await choose('指标,2020\n义务教育在校生数,100\n小学在校生数,60\n初中在校生数,40\n', 'c.csv');
    expect(inDialog('import-lost')).toBeNull();
    // every row matched: the name table starts closed
    await userEvent.click(inDialog('import-mapping')!.querySelector('summary')!);
    await userEvent.selectOptions(menuOf('小学在校生数'), '');
    await expect.poll(() => inDialog('import-lost')?.querySelector('[data-rule="balance_students_compulsory"]')?.textContent ?? '', SLOW).toContain('小学在校生数');
    expect(openRows()).toEqual(['小学在校生数']);
  });
});

describe('bulk actions', () => {
  it('accept every first suggestion, then add every row still unmatched as a new indicator (unit from the file)', async () => {
    const a = await mountApp({ dbName: freshDbName('match-bulk'), rules });
    await openDialog(a);
    // 甲乙丙丁 shares no two characters with any indicator: no suggestion, it stays unmatched
    await choose(COUNTY + '\n甲乙丙丁,所,3\n', 'county-2020.csv');
    const firstOf = (name: string) =>
      [...dialog()!.querySelectorAll<HTMLElement>('tr[data-testid^="row-"]')].find((r) => r.firstElementChild!.textContent === name)!.querySelector<HTMLButtonElement>('button[data-testid$="-0"]');
    const suggested = new Map(openRows().map((name) => [name, firstOf(name)?.dataset.id ?? null]));
    expect(suggested.get('初中在校学生总人数')).toBe('students_junior');
    expect(suggested.get('甲乙丙丁')).toBeNull();

    await userEvent.click(inDialog('bulk-accept')!);
    await expect.poll(openRows, SLOW).toEqual(['甲乙丙丁']);
    for (const [name, s] of suggested) if (s !== null) expect(menuOf(name).value).toBe(s);
    expect((inDialog('bulk-accept') as HTMLButtonElement).disabled).toBe(true); // nothing left to accept

    await userEvent.click(inDialog('bulk-new')!);
    await expect.poll(openRows, SLOW).toEqual([]);
    expect(menuOf('甲乙丙丁').value).toMatch(/^custom_/);
    await userEvent.click(inDialog('import-commit')!);
    await expect.poll(dialog, SLOW).toBeNull();
    const ind = a.app.session.workbook.catalog.indicators.find((i) => i.custom)!;
    expect(ind).toMatchObject({ label: { zh: '甲乙丙丁' }, unit: 'school', custom: true });
    expect(a.app.session.workbook.get(ind.id, '2020').raw).toBe('3');
    expect(a.app.session.workbook.get('students_junior', '2020').raw).toBe('40');
  });
});

describe('accepting every first suggestion does not make two rows one indicator', () => {
  it('a row whose first suggestion another row already has takes its next free one, or stays unmatched', async () => {
    const a = await mountApp({ dbName: freshDbName('match-bulk-taken'), rules });
    await openDialog(a);
    await choose('指标,2020\n小学数,5\n小学学校数量,5\n', 'taken-2020.csv');
    expect(menuOf('小学数').value).toBe('schools_primary');
    const buttons = [...dialog()!.querySelectorAll<HTMLButtonElement>('button[data-testid^="suggest-"]')].map((b) => b.dataset.id);
    expect(buttons[0]).toBe('schools_primary');
    const next = buttons.find((id) => id !== 'schools_primary');
    await userEvent.click(inDialog('bulk-accept')!);
    await expect.poll(() => menuOf('小学学校数量').value, SLOW).toBe(next ?? '');
    expect(menuOf('小学数').value).toBe('schools_primary');
    expect(dialog()!.querySelectorAll('[role="alert"]')).toHaveLength(0);
  });
});

describe('mappings are remembered', () => {
  it('a file fixed once imports with zero fixes the next time, also after a reload', async () => {
    const dbName = freshDbName('match-memory');
    const a = await mountApp({ dbName, rules });
    await openDialog(a);
    await choose(COUNTY, 'county-2020.csv');
    // fix it: the unmatched school-count row becomes a new indicator through the form, the other takes a suggestion
    await userEvent.selectOptions(menuOf('校园足球特色学校'), '__new__');
    await expect.poll(() => inDialog('new-indicator'), SLOW).toBeTruthy();
    expect((inDialog('new-unit') as HTMLSelectElement).value).toBe('school'); // from the file's unit column
    // section of the row above (小学数)
    expect((inDialog('new-section') as HTMLSelectElement).value).toBe(a.app.session.workbook.index.byId.get('schools_primary')!.section);
    // units told apart in the menu
    const unitTexts = [...(inDialog('new-unit') as HTMLSelectElement).options].map((o) => o.textContent);
    expect(new Set(unitTexts).size).toBe(unitTexts.length);
    const label = inDialog('new-label') as HTMLInputElement;
    await userEvent.clear(label);
    await userEvent.type(label, '足球特色学校数');
    await userEvent.selectOptions(inDialog('new-part-of')!, 'schools_compulsory');
    await userEvent.click(inDialog('new-add')!);
    await expect.poll(() => menuOf('校园足球特色学校').value, SLOW).toMatch(/^custom_/);
    await userEvent.selectOptions(menuOf('初中在校学生总人数'), 'students_junior');
    await expect.poll(openRows, SLOW).toEqual([]);
    const fixed = [...dialog()!.querySelectorAll<HTMLSelectElement>('select[data-testid^="map-"]')].map((s) => [s.getAttribute('aria-label'), s.value] as const);
    await userEvent.click(inDialog('import-commit')!);
    await expect.poll(dialog, SLOW).toBeNull();
    const custom = a.app.session.workbook.catalog.indicators.find((i) => i.custom)!;
    // the custom indicator keeps the name it was made from, and is a part of the total chosen
    expect(custom).toMatchObject({ label: { zh: '足球特色学校数' }, aliases: ['校园足球特色学校'], partOf: 'schools_compulsory' });
    expect(a.app.session.workbook.importMemory.size).toBeGreaterThanOrEqual(2);
    await a.app.session.settled();
    await a.unmount();

    // reload (a new app on the same IndexedDB database): the same file again needs no fix
    const b = await mountApp({ dbName, rules });
    expect(b.app.session.workbook.importMemory.get('初中在校学生总人数', '人')?.indicator).toBe('students_junior');
    await openDialog(b);
    await choose(COUNTY, 'county-2020.csv');
    expect(openRows()).toEqual([]);
    expect(inDialog('bulk-accept')).toBeNull();
    expect(inDialog('import-lost')).toBeNull();
    const again = [...dialog()!.querySelectorAll<HTMLSelectElement>('select[data-testid^="map-"]')].map((s) => [s.getAttribute('aria-label'), s.value] as const);
    expect(new Map(again)).toEqual(new Map(fixed));
    expect(dialog()!.textContent).toContain('记忆');
    expect(summary()).toMatch(/新增 0 格，修改 0 格/);
    await userEvent.click(inDialog('import-cancel')!);
    await expect.poll(dialog, SLOW).toBeNull();
  });

  it('undo of the import takes its decisions out of the memory', async () => {
    const a = await mountApp({ dbName: freshDbName('match-memory-undo'), rules });
    await openDialog(a);
    await choose(COUNTY, 'county-2020.csv');
    await userEvent.selectOptions(menuOf('初中在校学生总人数'), 'students_junior');
    await expect.poll(() => menuOf('初中在校学生总人数').value, SLOW).toBe('students_junior');
    await userEvent.click(inDialog('import-commit')!);
    await expect.poll(dialog, SLOW).toBeNull();
    expect(a.app.session.workbook.importMemory.get('初中在校学生总人数', '人')?.indicator).toBe('students_junior');
    a.app.session.undo();
    expect(a.app.session.workbook.importMemory.get('初中在校学生总人数', '人')).toBeUndefined();
    await openDialog(a);
    await choose(COUNTY, 'county-2020.csv');
    expect(openRows()).toContain('初中在校学生总人数');
  });
});

describe('files as counties send them', () => {
  it('an XLSX with a two-row merged header whose year is in the second header row imports with the year found', async () => {
    const a = await mountApp({ dbName: freshDbName('match-xlsx'), rules });
    await openDialog(a);
    await choose(await (await fetch(cityUrl)).arrayBuffer(), 'city-2021-two-row-header.xlsx');
    expect(inDialog('import-years')!.textContent).toContain('2021');
    expect(summary()).toContain('新增年份 2021');
    expect(dialog()!.querySelectorAll('[role="alert"]')).toHaveLength(0);
  });

  it('a table whose year is only in the file name says so', async () => {
    const a = await mountApp({ dbName: freshDbName('match-file-year'), rules });
    await openDialog(a);
    await choose(await (await fetch(districtUrl)).arrayBuffer(), '某区2022年教育事业统计.xlsx');
    expect(inDialog('import-years')!.textContent).toContain('2022（取自文件名）');
    expect(summary()).toContain('新增年份 2022');
  });

  it('short names with their unit match by themselves, and say why', async () => {
    const a = await mountApp({ dbName: freshDbName('match-short'), rules });
    await openDialog(a);
    await choose(['指标名称,计量单位,2021年', '中职学校,所,2', '特教学校,所,1', '普通高中,所,4', '高校在校生,人,9000'].join('\n'), 'short-2021.csv');
    const want: [string, string][] = [
      ['中职学校', 'schools_vocational'],
      ['特教学校', 'schools_special'],
      ['普通高中', 'schools_senior_high'],
      ['高校在校生', 'students_university'],
    ];
    for (const [name, id] of want) expect(menuOf(name).value).toBe(id);
    expect(openRows()).toEqual([]);
    const hows = [...dialog()!.querySelectorAll('td[data-testid^="how-"]')].map((td) => td.textContent);
    for (const h of hows) expect(['简称', '名称+单位', '名称', '曾用名']).toContain(h);
    expect(hows.some((h) => h === '简称' || h === '名称+单位')).toBe(true);
  });
});
