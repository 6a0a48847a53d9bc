import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { CATALOG } from '../../src/core/data/catalog.ts';
import { Workbook } from '../../src/core/model/workbook.ts';
import { compileRules } from '../../src/core/rules/validator.ts';
import { cleanup, freshDbName, mountApp, paste, testId, TEST_RULES, type Mounted } from './helpers.ts';
import { addCounties, deriveCity, editor, inEditor, unitCell } from './units-helpers.ts';

afterEach(cleanup);

const headers = (m: Mounted) => [...m.target.querySelectorAll<HTMLElement>('.ag-header-cell[col-id^="u:"]')].map((h) => [h.getAttribute('col-id'), h.textContent?.trim()]);

describe('reporting units in the app', () => {
  it('adds units, switches views, edits and pastes county figures under their own keys, undoes, and a reload keeps it all', async () => {
    const dbName = freshDbName('units');
    const m = await mountApp({ dbName });
    const s = m.app.session;
    // one unit: no picker yet
    expect(m.target.querySelector('[data-testid="unit-view"]')).toBeNull();
    await addCounties(m);
    const city2019 = s.value('schools_total@2019').raw;

    // the 各县（市、区） table: one year, the units in tree order, parent first
    await userEvent.selectOptions(testId(m, 'unit-view'), 'units');
    await expect.poll(() => headers(m)).toEqual([
      ['u:city', '全市'],
      ['u:c441702', '江城区'],
      ['u:c441704', '阳东区'],
    ]);
    expect((testId(m, 'unit-view-year') as HTMLSelectElement).value).toBe('2019');
    expect((await unitCell(m, 'schools_total', 'city')).textContent).toBe(city2019);

    // typing into 江城区's column stores the figure under 江城区's key; the city's is unchanged
    await userEvent.click(await unitCell(m, 'schools_total', 'c441702'));
    await userEvent.keyboard('300{Enter}');
    expect(s.value('schools_total@2019#c441702').raw).toBe('300');
    expect(s.value('schools_total@2019').raw).toBe(city2019);
    expect((await unitCell(m, 'schools_total', 'c441702')).textContent).toBe('300');

    // a pasted row runs across the units' columns
    await userEvent.click(await unitCell(m, 'schools_kindergarten', 'c441702'));
    paste('120\t95');
    expect(s.value('schools_kindergarten@2019#c441702').raw).toBe('120');
    expect(s.value('schools_kindergarten@2019#c441704').raw).toBe('95');
    await expect.poll(async () => (await unitCell(m, 'schools_kindergarten', 'c441704')).textContent).toBe('95');
    // Ctrl+Z in the grid takes the paste back as one step
    await userEvent.keyboard('{Control>}z{/Control}');
    expect(s.value('schools_kindergarten@2019#c441702').state).toBe('empty');
    expect(s.value('schools_kindergarten@2019#c441704').state).toBe('empty');
    await userEvent.keyboard('{Control>}y{/Control}');
    expect(s.value('schools_kindergarten@2019#c441704').raw).toBe('95');

    // another year of the same table
    await userEvent.selectOptions(testId(m, 'unit-view-year'), '2018');
    await expect.poll(async () => (await unitCell(m, 'schools_total', 'c441702')).textContent).toBe('');

    // one unit over the years: 江城区's own figures in the year columns
    await userEvent.selectOptions(testId(m, 'unit-view'), 'unit:c441702');
    await expect.poll(() => m.target.querySelector('.ag-row[row-id="schools_total"] [col-id="p:2019"]')?.textContent).toBe('300');
    expect(headers(m)).toEqual([]);
    await userEvent.selectOptions(testId(m, 'unit-view'), 'unit:city');
    await expect.poll(() => m.target.querySelector('.ag-row[row-id="schools_total"] [col-id="p:2019"]')?.textContent).toBe(city2019);

    // a finding's cell in another unit (the issues panel's choice): the grid shows that unit, the picker follows
    m.app.grid()!.focusCells(['schools_total@2019#c441702']);
    await expect.poll(() => (testId(m, 'unit-view') as HTMLSelectElement).value).toBe('unit:c441702');
    await expect.poll(() => m.app.view.focusedKey).toBe('schools_total@2019#c441702');
    expect(testId(m, 'cell-status').textContent).toContain('江城区');

    await s.settled();
    await m.unmount();
    const b = await mountApp({ dbName });
    expect(b.app.session.units.map((u) => [u.id, u.name.zh, u.code])).toEqual([
      ['city', '全市', undefined],
      ['c441702', '江城区', '441702'],
      ['c441704', '阳东区', '441704'],
    ]);
    expect(b.app.session.value('schools_total@2019#c441702').raw).toBe('300');
    expect(b.app.session.value('schools_kindergarten@2019#c441704').raw).toBe('95');
    expect(b.app.session.value('schools_total@2019').raw).toBe(city2019);
    await userEvent.selectOptions(testId(b, 'unit-view'), 'units');
    expect((await unitCell(b, 'schools_total', 'c441702')).textContent).toBe('300');
  });

  it('renames and removes a unit in the editor; removal takes its figures, one undo brings both back; refusals are explained', async () => {
    const m = await mountApp({ dbName: freshDbName('units-edit') });
    const s = m.app.session;
    await addCounties(m);
    s.setCells([{ key: 'schools_total@2019#c441704', raw: '210' }]);
    await userEvent.click(testId(m, 'units-edit'));
    await expect.poll(editor).toBeTruthy();
    await userEvent.click(editor()!.querySelector<HTMLElement>('[data-unit="c441704"]')!);
    // an empty name is refused with the model's message, nothing changes
    await userEvent.clear(inEditor('unit-name-zh'));
    await userEvent.click(inEditor('unit-save'));
    await expect.poll(() => editor()?.querySelector('[data-testid="unit-error"]')?.textContent).toContain('单位名称不能为空');
    expect(s.workbook.units.get('c441704')?.name.zh).toBe('阳东区');
    // rename with other names
    await userEvent.fill(inEditor('unit-name-zh'), '阳东');
    await userEvent.fill(inEditor('unit-aliases'), '阳东区、东区');
    await userEvent.click(inEditor('unit-save'));
    await expect.poll(() => s.workbook.units.get('c441704')).toMatchObject({ name: { zh: '阳东' }, aliases: ['阳东区', '东区'] });
    expect(s.workbook.units.find('东区').map((u) => u.id)).toEqual(['c441704']);
    // remove: asks first, naming how many figures go
    await userEvent.click(inEditor('unit-remove'));
    expect(editor()!.textContent).toContain('删除“阳东”及其 1 个数字');
    await userEvent.click(inEditor('unit-remove-confirm'));
    await expect.poll(() => s.units.map((u) => u.id)).toEqual(['city', 'c441702']);
    expect(s.value('schools_total@2019#c441704').state).toBe('empty');
    await userEvent.click(inEditor('unit-editor-close'));
    // Ctrl+Z outside the grid: the unit and its figure come back together
    (document.activeElement as HTMLElement | null)?.blur();
    await userEvent.keyboard('{Control>}z{/Control}');
    await expect.poll(() => s.units.map((u) => u.id)).toEqual(['city', 'c441702', 'c441704']);
    expect(s.value('schools_total@2019#c441704').raw).toBe('210');
    // English messages on the language switch
    await userEvent.click(testId(m, 'lang'));
    await userEvent.click(testId(m, 'units-edit'));
    await expect.poll(editor).toBeTruthy();
    await userEvent.click(editor()!.querySelector<HTMLElement>('[data-unit="c441704"]')!);
    expect(inEditor('unit-remove').textContent).toBe('Remove unit…');
    await userEvent.click(inEditor('unit-remove'));
    expect(editor()!.textContent).toContain('Remove “Yangdong” and its 1 figure? This can be undone.');
    // a refusal in English (an empty English name is no refusal: the Chinese one stands in)
    await userEvent.clear(inEditor('unit-name-zh'));
    await userEvent.click(inEditor('unit-save'));
    await expect.poll(() => editor()?.querySelector('[data-testid="unit-error"]')?.textContent).toBe('the unit needs a name (its Chinese name)');
    await userEvent.click(editor()!.querySelector<HTMLElement>('[data-unit="city"]')!);
    await userEvent.fill(inEditor('unit-add-zh'), '阳东');
    await userEvent.fill(inEditor('unit-add-code'), '441704');
    await userEvent.click(inEditor('unit-add'));
    // the id made from the code is taken: the next free one is used, the unit is added
    await expect.poll(() => s.units.length).toBe(4);
  });

  it("a derived parent's cells are marked and read-only", async () => {
    const m = await mountApp({ dbName: freshDbName('units-derived') });
    const s = m.app.session;
    await addCounties(m);
    // the city is chosen when the editor opens; it has units, so its mode can be set
    await deriveCity(m);
    await expect.poll(() => headers(m)[0]).toEqual(['u:city', '全市（汇总）']);
    const before = s.value('schools_total@2019').raw;
    const cell = await unitCell(m, 'schools_total', 'city');
    expect(cell.classList.contains('derived-unit-cell')).toBe(true);
    expect((await unitCell(m, 'schools_total', 'c441702')).classList.contains('derived-unit-cell')).toBe(false);
    await userEvent.click(cell);
    await userEvent.keyboard('7{Enter}');
    await userEvent.keyboard('{F2}');
    expect(m.target.querySelector('[data-testid="cell-editor"]')).toBeNull();
    expect(m.app.grid()!.editingKey()).toBeNull();
    expect(s.value('schools_total@2019').raw).toBe(before);
    paste('1');
    expect(s.value('schools_total@2019').raw).toBe(before);
  });

  it('the collection board shows received and missing per unit, sorts, and marks a return for correction (undoable, kept on reload)', async () => {
    const dbName = freshDbName('units-board');
    const m = await mountApp({ dbName });
    const s = m.app.session;
    await addCounties(m);
    s.setCells([{ key: 'schools_total@2019#c441702', raw: '300' }]);
    // the batch import records this when it commits a file (branch `round`)
    s.setReceived('c441702', { time: '2026-11-30T08:00:00.000Z', file: '江城区2019年教育统计.xlsx' });
    await userEvent.click(testId(m, 'collection-board'));
    const board = () => document.querySelector<HTMLElement>('[data-testid="board"]');
    await expect.poll(board).toBeTruthy();
    const row = (u: string) => board()!.querySelector<HTMLElement>(`tr[data-unit="${u}"]`)!;
    const col = (u: string, c: string) => row(u).querySelector<HTMLElement>(`[data-col="${c}"]`)!.textContent!.trim();
    await expect.poll(() => col('c441702', 'received')).toContain('已收到');
    expect(col('c441702', 'file')).toBe('江城区2019年教育统计.xlsx');
    expect(col('c441704', 'received')).toContain('未收到');
    // each unit's own return: 阳东区 sent nothing (not received, not a count of every figure); 江城区 sent
    // one figure, so the rules it reads are unchecked until the parts come
    expect(col('city', 'missing')).toBe('0');
    expect(col('c441704', 'missing')).toBe('未报送');
    expect(col('c441704', 'state')).toContain('○ 未报送');
    expect(col('c441702', 'missing')).toMatch(/^0（另 \d+ 条未核对）$/);
    expect(col('city', 'state')).toContain('✓ 完整');
    expect(col('c441702', 'state')).toContain('不完整');
    // sorting by missing figures: fewest first, then most first
    const order = () => [...board()!.querySelectorAll('tbody tr')].map((r) => r.getAttribute('data-unit'));
    expect(order()).toEqual(['city', 'c441702', 'c441704']);
    await userEvent.click(board()!.querySelector<HTMLElement>('[data-testid="sort-missing"]')!);
    await userEvent.click(board()!.querySelector<HTMLElement>('[data-testid="sort-missing"]')!);
    await expect.poll(order).toEqual(['c441704', 'c441702', 'city']);
    expect(board()!.querySelector('th[aria-sort="descending"]')?.textContent).toContain('缺失');
    // returned for correction, with a note
    await userEvent.fill(row('c441704').querySelector<HTMLElement>('[data-testid="return-note"]')!, '缺少幼儿园数，请补报');
    await userEvent.click(row('c441704').querySelector<HTMLElement>('[data-testid="return"]')!);
    await expect.poll(() => row('c441704').querySelector('[data-testid="returned-note"]')?.textContent).toContain('缺少幼儿园数，请补报');
    expect(s.collection.get('c441704')?.returned?.note).toBe('缺少幼儿园数，请补报');
    await userEvent.click(board()!.querySelector<HTMLElement>('[data-testid="board-close"]')!);
    (document.activeElement as HTMLElement | null)?.blur();
    await userEvent.keyboard('{Control>}z{/Control}');
    expect(s.collection.get('c441704')?.returned).toBeUndefined();
    await userEvent.keyboard('{Control>}y{/Control}');
    expect(s.collection.get('c441704')?.returned?.note).toBe('缺少幼儿园数，请补报');
    await s.settled();
    await m.unmount();
    const b = await mountApp({ dbName });
    await userEvent.click(testId(b, 'collection-board'));
    await expect.poll(() => board()?.querySelector('tr[data-unit="c441704"] [data-testid="returned-note"]')?.textContent).toContain('缺少幼儿园数，请补报');
    expect(board()!.querySelector('tr[data-unit="c441702"] [data-col="file"]')?.textContent).toBe('江城区2019年教育统计.xlsx');
  });

  it('the issues panel groups findings under the unit’s name once there is more than one unit', async () => {
    const m = await mountApp({ dbName: freshDbName('units-issues') });
    const s = m.app.session;
    s.setCells([{ key: 'schools_senior_high@2019', raw: '18' }]);
    await expect.poll(() => s.counts.error).toBeGreaterThan(0);
    expect(m.target.querySelector('[data-testid="unit-group"]')).toBeNull();
    await addCounties(m);
    await expect.poll(() => [...m.target.querySelectorAll('[data-testid="unit-group"]')].map((h) => [h.getAttribute('data-unit'), h.textContent?.trim()])).toContainEqual(['city', '全市']);
  });
});

/**
 * Whether the validator checks roll-ups (branch `units`): a city whose school total differs from its
 * two counties' sum gives a finding of kind 'rollup'. Until then the roll-up test below is skipped.
 */
const ROLLUP_CHECKED = (() => {
  const wb = new Workbook(CATALOG, ['2019']);
  for (const id of ['a', 'b']) wb.units.add({ id, name: { zh: id, en: id }, parent: 'city', level: 'county', mode: 'reported' });
  wb.apply([
    { key: 'schools_total@2019', after: { raw: '10', state: 'value', n: 10, lo: 10, hi: 10 } },
    { key: 'schools_total@2019#a', after: { raw: '3', state: 'value', n: 3, lo: 3, hi: 3 } },
    { key: 'schools_total@2019#b', after: { raw: '4', state: 'value', n: 4, lo: 4, hi: 4 } },
  ]);
  return compileRules(TEST_RULES, wb)
    .validateAll()
    .findings.some((f) => (f.kind as string) === 'rollup');
})();

describe('roll-up marks', () => {
  it.skipIf(!ROLLUP_CHECKED)("editing a county figure changes the city's roll-up mark (skipped: the validator gives no roll-up findings yet — branch `units`)", async () => {
    const m = await mountApp({ dbName: freshDbName('units-rollup') });
    const s = m.app.session;
    await addCounties(m);
    const city = s.value('schools_total@2019').n!;
    s.setCells([
      { key: 'schools_total@2019#c441702', raw: String(city - 100) },
      { key: 'schools_total@2019#c441704', raw: '50' },
    ]);
    await userEvent.selectOptions(testId(m, 'unit-view'), 'units');
    const cityCell = () => unitCell(m, 'schools_total', 'city');
    await expect.poll(async () => (await cityCell()).classList.contains('mark-error')).toBe(true);
    expect(s.findings.some((f) => (f.kind as string) === 'rollup' && (f.unit ?? 'city') === 'city' && f.cells.includes('schools_total@2019'))).toBe(true);
    // the county's figure typed right: the city adds up, its mark goes
    await userEvent.click(await unitCell(m, 'schools_total', 'c441704'));
    await userEvent.keyboard('100{Enter}');
    await expect.poll(async () => (await cityCell()).classList.contains('mark-error')).toBe(false);
  });
});
