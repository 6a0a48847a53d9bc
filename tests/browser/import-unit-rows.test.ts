/**
 * The yearbook's units-as-rows table (各县（市、区）…情况, tests/fixtures/unit-rows, made-up figures) imported
 * in the app through the real file input: each row's unit shown (合计 = the city, subtotal rows left out
 * with the reason, a county the tree lacks not sure), that county added in the preview — its id from its
 * code, no English name made up — one commit, one Ctrl+Z takes everything back.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { defaultRules } from '../../src/app.ts';
import tableUrl from '../fixtures/unit-rows/各县市区中小学情况2020.xlsx?url';
import { cleanup, freshDbName, mountApp, testId, visibleCell } from './helpers.ts';

afterEach(async () => {
  for (const d of document.querySelectorAll('[data-testid="import-dialog"], [data-testid="unit-editor"]')) d.parentElement?.parentElement?.remove();
  await cleanup();
});

const rules = defaultRules();
const dialog = () => document.querySelector<HTMLElement>('[data-testid="import-dialog"]');
const inDialog = (id: string) => dialog()?.querySelector<HTMLElement>(`[data-testid="${id}"]`) ?? null;
const SLOW = { timeout: 15_000 };
const county = (id: string, zh: string, code: string) => ({ id, name: { zh, en: id }, code, parent: 'city', level: 'county' as const, mode: 'reported' as const });
/** The six county-level units of the corpus's tables: id, name, code. */
const COUNTIES = [
  ['taishan', '泰山区', '370902'],
  ['daiyue', '岱岳区', '370911'],
  ['xintai', '新泰市', '370982'],
  ['feicheng', '肥城市', '370983'],
  ['ningyang', '宁阳县', '370921'],
  ['dongping', '东平县', '370923'],
] as const;

/** The app on a fresh database with the counties in its tree (all, or all but `without`). */
async function appWithCounties(db: string, without?: string) {
  const a = await mountApp({ dbName: freshDbName(db), rules });
  const wb = () => a.app.session.workbook;
  for (const [id, zh, code] of COUNTIES) if (id !== without) wb().units.add(county(id, zh, code));
  return { a, wb };
}

/** Opens the import dialog. */
async function openImport(a: Awaited<ReturnType<typeof mountApp>>) {
  await userEvent.click(testId(a, 'import'));
  await expect.poll(dialog, SLOW).toBeTruthy();
}

/** The yearbook table of the corpus as a file the input is given. */
const tableFile = async () => new File([await (await fetch(tableUrl)).arrayBuffer()], '各县市区中小学情况2020.xlsx');

describe('import of a units-as-rows table', () => {
  it('each row’s unit in the preview, a county added with its code, one commit, one Ctrl+Z', async () => {
    // five of the six counties are in the tree; 东平县 (code 370923 in the file) is not
    const { a, wb } = await appWithCounties('unit-rows', 'dongping');
    const before = [...wb().values].length;

    await openImport(a);
    const file = await tableFile();
    const dt = new DataTransfer();
    dt.items.add(file);
    const input = inDialog('import-file') as HTMLInputElement;
    input.files = dt.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await expect.poll(() => inDialog('import-units'), SLOW).toBeTruthy();

    // the rows in file order: 合计, 市区, 泰山区, 岱岳区, 县（市）小计, 新泰市, 肥城市, 宁阳县, 东平县
    const pick = (j: number) => (inDialog(`import-unit-name-${j}`) as HTMLSelectElement | null)?.value;
    await expect.poll(() => pick(0), SLOW).toBe('city');
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(pick)).toEqual(['__out__', 'taishan', 'daiyue', '__out__', 'xintai', 'feicheng', 'ningyang', '']);
    expect(dialog()!.textContent).toContain('“市区”是小计行，不是单位');
    expect(dialog()!.textContent).toContain('“东平县”不是已知的单位');
    expect(inDialog('import-summary')!.textContent).toMatch(/新增 \d+ 格/);
    expect((inDialog('import-commit') as HTMLButtonElement).disabled).toBe(true);

    // add 东平县 here: name and code offered from the file, no English name typed
    await userEvent.selectOptions(inDialog('import-unit-name-8') as HTMLSelectElement, '__new__');
    expect((inDialog('import-unit-name-8-add-name') as HTMLInputElement).value).toBe('东平县');
    expect((inDialog('import-unit-name-8-add-code') as HTMLInputElement).value).toBe('370923');
    expect((inDialog('import-unit-name-8-add-en') as HTMLInputElement).value).toBe('');
    await userEvent.click(inDialog('import-unit-name-8-add-ok')!);
    await expect.poll(() => (inDialog('import-commit') as HTMLButtonElement | null)?.disabled, SLOW).toBe(false);
    expect(wb().units.has('c370923')).toBe(false); // nothing changes before 导入

    await userEvent.click(inDialog('import-commit')!);
    await expect.poll(dialog).toBeNull();
    const dp = wb().units.get('c370923')!;
    expect(dp).toMatchObject({ name: { zh: '东平县' }, code: '370923', parent: 'city' });
    expect(dp.name.en).toBeUndefined(); // no English name is stored (workbook format 3)
    expect(wb().get('schools_primary', '2020', 'c370923').raw).toBe('51');
    expect(wb().get('schools_primary', '2020', 'taishan').raw).toBe('33');
    expect(wb().get('teachers_junior', '2020').raw).toBe('9286'); // the 合计 row: the city
    // nothing from the subtotal rows: 市区's 91 schools went nowhere
    expect([...wb().values].filter(([k]) => k.includes('@2020')).map(([, v]) => v.raw)).not.toContain('91');
    expect(wb().collection.get('c370923')?.received?.file).toBe('各县市区中小学情况2020.xlsx');

    // the units editor says 东平县 has no English name
    await userEvent.click(testId(a, 'units-edit'));
    const editor = () => document.querySelector<HTMLElement>('[data-testid="unit-editor"]');
    await expect.poll(editor, SLOW).toBeTruthy();
    expect(editor()!.querySelector('[data-unit="c370923"]')!.textContent).toContain('未填英文名');
    expect(editor()!.querySelector('[data-unit="taishan"]')!.textContent).not.toContain('未填英文名');
    await userEvent.click(editor()!.querySelector<HTMLElement>('[data-unit="c370923"]')!);
    expect((editor()!.querySelector('[data-testid="unit-name-en"]') as HTMLInputElement).value).toBe('');
    await userEvent.click(editor()!.querySelector<HTMLElement>('[data-testid="unit-editor-close"]')!);
    await expect.poll(editor).toBeNull();

    // one Ctrl+Z takes back the figures, the added unit and its received mark
    await userEvent.click(await visibleCell(a, 'schools_total', '2019'));
    await userEvent.keyboard('{Control>}z{/Control}');
    await expect.poll(() => wb().get('schools_primary', '2020', 'taishan').state).toBe('empty');
    expect(wb().units.has('c370923')).toBe(false);
    expect(wb().get('teachers_junior', '2020').state).toBe('empty');
    expect(wb().collection.size).toBe(0);
    expect([...wb().values].length).toBe(before);
  });
});

describe('a units-as-rows table in a batch', () => {
  it('its rows’ units in the batch preview beside a county return; one commit, one Ctrl+Z', async () => {
    const { a, wb } = await appWithCounties('unit-rows-batch');
    await openImport(a);
    const table = await tableFile();
    // a kindergarten return of 东平县: other indicators, so no cell is given twice
    const ret = new File([new TextEncoder().encode('东平县2020年幼儿园情况（虚构数据）\n指标,数值\n幼儿园数,96\n在园幼儿数,"15,230"\n')], '东平县幼儿园.csv');
    const dt = new DataTransfer();
    dt.items.add(table);
    dt.items.add(ret);
    const input = inDialog('import-file') as HTMLInputElement;
    input.files = dt.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await expect.poll(() => inDialog('batch-summary')?.textContent ?? '', SLOW).toMatch(/共 2 个文件（导入 2 个）/);
    await expect.poll(() => inDialog('batch-summary')?.textContent ?? '', SLOW).not.toContain('读取中');
    await expect.poll(() => (inDialog('batch-name-0-8') as HTMLSelectElement | null)?.value, SLOW).toBe('dongping');
    expect((inDialog('batch-name-0-0') as HTMLSelectElement).value).toBe('city');
    expect((inDialog('batch-name-0-1') as HTMLSelectElement).value).toBe('__out__');
    expect(inDialog('batch-row-0')!.textContent).toContain('“县（市）小计”是小计行');
    expect((inDialog('batch-unit-1') as HTMLSelectElement).value).toBe('dongping');
    await expect.poll(() => (inDialog('import-commit') as HTMLButtonElement | null)?.disabled, SLOW).toBe(false);
    await userEvent.click(inDialog('import-commit')!);
    await expect.poll(dialog).toBeNull();
    expect(wb().get('students_junior', '2020', 'xintai').raw).toBe('24102');
    expect(wb().get('students_kindergarten', '2020', 'dongping').raw).toBe('15,230');
    expect(wb().collection.get('dongping')?.received?.file).toBe('各县市区中小学情况2020.xlsx、东平县幼儿园.csv');
    await userEvent.click(await visibleCell(a, 'schools_total', '2019'));
    await userEvent.keyboard('{Control>}z{/Control}');
    await expect.poll(() => wb().get('students_junior', '2020', 'xintai').state).toBe('empty');
    expect(wb().get('students_kindergarten', '2020', 'dongping').state).toBe('empty');
    expect(wb().collection.size).toBe(0);
  });
});
