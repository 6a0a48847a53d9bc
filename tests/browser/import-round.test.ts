import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { defaultRules } from '../../src/app.ts';
import dongpingUrl from '../../data/samples/round/东平县2020年教育事业统计表.csv?url';
import ningyangUrl from '../../data/samples/round/宁阳县.xlsx?url';
import daiyueUrl from '../../data/samples/round/岱岳区教育局上报.csv?url';
import longUrl from '../../data/samples/round/分县区长表-2020.csv?url';
import { cleanup, freshDbName, mountApp, testId, visibleCell } from './helpers.ts';

afterEach(async () => {
  for (const d of document.querySelectorAll('[data-testid="import-dialog"]')) d.parentElement?.parentElement?.remove();
  await cleanup();
});

const rules = defaultRules();
const dialog = () => document.querySelector<HTMLElement>('[data-testid="import-dialog"]');
const inDialog = (id: string) => dialog()?.querySelector<HTMLElement>(`[data-testid="${id}"]`) ?? null;
const SLOW = { timeout: 15_000 };

async function files(list: [string, string][]): Promise<File[]> {
  return Promise.all(list.map(async ([url, name]) => new File([await (await fetch(url)).arrayBuffer()], name)));
}

/** Chooses several files on the dialog's file input (multiple), as a user would. */
function chooseAll(list: File[]): void {
  const dt = new DataTransfer();
  for (const f of list) dt.items.add(f);
  const input = inDialog('import-file') as HTMLInputElement;
  input.files = dt.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

const county = (id: string, zh: string) => ({ id, name: { zh, en: id }, parent: 'city', level: 'county' as const, mode: 'reported' as const });
const SAMPLES: [string, string][] = [
  [dongpingUrl, '东平县2020年教育事业统计表.csv'],
  [ningyangUrl, '宁阳县.xlsx'],
  [daiyueUrl, '岱岳区教育局上报.csv'],
];

describe('import for a collection round', () => {
  it('several county files: units found or added in the preview, one commit, one Ctrl+Z, kept across a reload', async () => {
    const dbName = freshDbName('round');
    const a = await mountApp({ dbName, rules });
    const wb = () => a.app.session.workbook;
    // two counties are in the tree already (as the unit editor adds them); 岱岳区 is not
    wb().units.add(county('dongping', '东平县'));
    wb().units.add(county('ningyang', '宁阳县'));
    const cityBefore = [...wb().values].length;

    await userEvent.click(testId(a, 'import'));
    await expect.poll(dialog, SLOW).toBeTruthy(); // the dialog is loaded on first use
    expect((inDialog('import-file') as HTMLInputElement).multiple).toBe(true);
    chooseAll(await files(SAMPLES));
    await expect.poll(() => inDialog('import-batch')).toBeTruthy();
    await expect.poll(() => inDialog('batch-summary')?.textContent ?? '', SLOW).toMatch(/共 3 个文件（导入 3 个）：新增 \d+ 格/);
    await expect.poll(() => inDialog('batch-summary')?.textContent ?? '', SLOW).not.toContain('读取中');

    // the units found, with where: 东平县 from its 填报单位 cell, title and file name; 宁阳县 from the cell and the name
    expect((inDialog('batch-unit-0') as HTMLSelectElement).value).toBe('dongping');
    expect(inDialog('batch-where-0')!.textContent).toContain('填报单位');
    expect((inDialog('batch-unit-1') as HTMLSelectElement).value).toBe('ningyang');
    // 岱岳区 is not in the tree: not sure, nothing chosen, the batch cannot be committed
    expect((inDialog('batch-unit-2') as HTMLSelectElement).value).toBe('');
    expect(inDialog('batch-row-2')!.textContent).toContain('请选择填报单位');
    expect((inDialog('import-commit') as HTMLButtonElement).disabled).toBe(true);
    expect(wb().get('students_primary', '2020', 'dongping').state).toBe('empty');

    // add 岱岳区 in the preview
    await userEvent.selectOptions(inDialog('batch-unit-2') as HTMLSelectElement, '__new__');
    const name = inDialog('batch-unit-2-add-name') as HTMLInputElement;
    await userEvent.clear(name);
    await userEvent.type(name, '岱岳区');
    await userEvent.click(inDialog('batch-unit-2-add-ok')!);
    await expect.poll(() => (inDialog('import-commit') as HTMLButtonElement | null)?.disabled, SLOW).toBe(false);
    expect(wb().units.size).toBe(3); // nothing changes before 导入

    await userEvent.click(inDialog('import-commit')!);
    await expect.poll(dialog).toBeNull();
    const daiyue = wb().units.all().find((u) => u.name.zh === '岱岳区')!;
    expect(daiyue).toBeTruthy();
    expect(wb().get('students_primary', '2020', 'dongping').raw).toBe('38,412');
    expect(wb().get('students_primary', '2020', 'ningyang').raw).toBe('35120');
    expect(wb().get('students_primary', '2020', daiyue.id).raw).toBe('41,003');
    expect(wb().collection.get('dongping')?.received?.file).toBe('东平县2020年教育事业统计表.csv');
    expect(wb().collection.get(daiyue.id)?.received?.file).toBe('岱岳区教育局上报.csv');

    // one Ctrl+Z (focus in the grid) takes back all three files, the added unit and the received marks
    await userEvent.click(await visibleCell(a, 'schools_total', '2019'));
    await userEvent.keyboard('{Control>}z{/Control}');
    await expect.poll(() => wb().get('students_primary', '2020', 'dongping').state).toBe('empty');
    expect(wb().get('students_primary', '2020', 'ningyang').state).toBe('empty');
    expect(wb().get('students_primary', '2020', daiyue.id).state).toBe('empty');
    expect(wb().units.has(daiyue.id)).toBe(false);
    expect(wb().collection.size).toBe(0);
    expect([...wb().values].length).toBe(cityBefore);
    // and one Ctrl+Y brings them all again
    await userEvent.keyboard('{Control>}y{/Control}');
    await expect.poll(() => wb().get('students_primary', '2020', daiyue.id).raw).toBe('41,003');

    // a new app on the same database has the units, their figures and the received marks
    await a.app.session.settled();
    await a.unmount();
    const b = await mountApp({ dbName, rules });
    const wb2 = b.app.session.workbook;
    expect(wb2.units.all().map((u) => u.name.zh)).toEqual(['全市', '东平县', '宁阳县', '岱岳区']);
    expect(wb2.get('students_primary', '2020', 'dongping').raw).toBe('38,412');
    expect(wb2.get('teachers_junior', '2020', 'ningyang').raw).toBe('1322');
    expect(wb2.get('students_primary', '2020', daiyue.id).raw).toBe('41,003');
    expect(wb2.collection.get('ningyang')?.received?.file).toBe('宁阳县.xlsx');
  });

  it('files dropped on the dialog are read as a batch; a file left out is not imported', async () => {
    const a = await mountApp({ dbName: freshDbName('round-drop'), rules });
    const wb = () => a.app.session.workbook;
    wb().units.add(county('dongping', '东平县'));
    wb().units.add(county('ningyang', '宁阳县'));
    await userEvent.click(testId(a, 'import'));
    await expect.poll(dialog, SLOW).toBeTruthy(); // the dialog is loaded on first use
    const dt = new DataTransfer();
    for (const f of await files(SAMPLES)) dt.items.add(f);
    dialog()!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    await expect.poll(() => inDialog('batch-summary')?.textContent ?? '', SLOW).toMatch(/共 3 个文件/);
    await expect.poll(() => inDialog('batch-summary')?.textContent ?? '', SLOW).not.toContain('读取中');
    // leave out the file whose unit is not sure: the other two can be imported
    await userEvent.selectOptions(inDialog('batch-unit-2') as HTMLSelectElement, '__out__');
    await expect.poll(() => inDialog('batch-summary')!.textContent).toContain('导入 2 个');
    await userEvent.click(inDialog('import-commit')!);
    await expect.poll(dialog).toBeNull();
    expect(wb().get('students_primary', '2020', 'ningyang').raw).toBe('35120');
    expect(wb().units.size).toBe(3);
    expect([...wb().values.keys()].filter((k) => k.includes('#')).every((k) => k.endsWith('#dongping') || k.endsWith('#ningyang'))).toBe(true);
  });

  it('one file with a unit column: each name’s unit shown, an unknown one added in the preview, one undo step', async () => {
    const a = await mountApp({ dbName: freshDbName('round-long'), rules });
    const wb = () => a.app.session.workbook;
    wb().units.add(county('xintai', '新泰市'));
    wb().units.add(county('feicheng', '肥城市'));
    await userEvent.click(testId(a, 'import'));
    await expect.poll(dialog, SLOW).toBeTruthy(); // the dialog is loaded on first use
    chooseAll(await files([[longUrl, '分县区长表-2020.csv']]));
    await expect.poll(() => inDialog('import-units'), SLOW).toBeTruthy();
    await expect.poll(() => (inDialog('import-unit-name-1') as HTMLSelectElement | null)?.value, SLOW).toBe('feicheng');
    expect((inDialog('import-unit-name-0') as HTMLSelectElement).value).toBe('xintai');
    expect((inDialog('import-unit-name-2') as HTMLSelectElement).value).toBe('');
    expect(dialog()!.textContent).toContain('“高新区”不是已知的单位');
    expect((inDialog('import-commit') as HTMLButtonElement).disabled).toBe(true);

    await userEvent.selectOptions(inDialog('import-unit-name-2') as HTMLSelectElement, '__new__');
    expect((inDialog('import-unit-name-2-add-name') as HTMLInputElement).value).toBe('高新区');
    await userEvent.click(inDialog('import-unit-name-2-add-ok')!);
    await expect.poll(() => (inDialog('import-commit') as HTMLButtonElement | null)?.disabled, SLOW).toBe(false);
    await userEvent.click(inDialog('import-commit')!);
    await expect.poll(dialog).toBeNull();
    const gx = wb().units.all().find((u) => u.name.zh === '高新区')!;
    expect(wb().get('students_junior', '2020', gx.id).raw).toBe('2,411');
    expect(wb().get('students_primary', '2020', 'xintai').raw).toBe('52,870');
    expect(wb().collection.get(gx.id)?.received?.file).toBe('分县区长表-2020.csv');
    a.app.session.undo();
    expect(wb().units.has(gx.id)).toBe(false);
    expect(wb().get('students_primary', '2020', 'xintai').state).toBe('empty');
  });

  it('a file of the batch without a year asks for it in its row', async () => {
    const a = await mountApp({ dbName: freshDbName('round-year'), rules });
    const wb = () => a.app.session.workbook;
    wb().units.add(county('dongping', '东平县'));
    wb().units.add(county('ningyang', '宁阳县'));
    await userEvent.click(testId(a, 'import'));
    await expect.poll(dialog, SLOW).toBeTruthy(); // the dialog is loaded on first use
    const noYear = new File([new TextEncoder().encode('填报单位：宁阳县教育局\n指标,数值\n小学数,47\n')], 'ningyang-return.csv');
    chooseAll([...(await files([SAMPLES[0]])), noYear]);
    await expect.poll(() => inDialog('batch-period-1'), SLOW).toBeTruthy();
    expect((inDialog('batch-unit-1') as HTMLSelectElement).value).toBe('ningyang');
    expect((inDialog('import-commit') as HTMLButtonElement).disabled).toBe(true);
    await userEvent.type(inDialog('batch-period-1') as HTMLInputElement, '2020{Enter}');
    (inDialog('batch-period-1') as HTMLInputElement).dispatchEvent(new Event('change', { bubbles: true }));
    await expect.poll(() => (inDialog('import-commit') as HTMLButtonElement | null)?.disabled, SLOW).toBe(false);
    await userEvent.click(inDialog('import-commit')!);
    await expect.poll(dialog).toBeNull();
    expect(wb().get('schools_primary', '2020', 'ningyang').raw).toBe('47');
    expect(wb().get('schools_primary', '2020', 'dongping').raw).toBe('51');
  });
});
