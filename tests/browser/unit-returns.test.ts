/**
 * Each unit's return in the app (issue 17): the collection board says a county that sent nothing is
 * not received and gives a partial return its own missing figures, as figures are typed; a rule is
 * marked for the county whose finding it is (or, ticked, for every unit) and the mark comes back
 * after a reload. Real keystrokes and clicks, real IndexedDB. Made-up county figures.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import rulesJson from '../../data/rules.json' with { type: 'json' };
import { CATALOG } from '../../src/core/data/catalog.ts';
import { loadRuleFile } from '../../src/core/rules/load.ts';
import { cleanup, freshDbName, mountApp, testId, type Mounted } from './helpers.ts';
import { addCounties, unitCell } from './units-helpers.ts';

/** The two counties added, and the 各县（市、区） view chosen. */
async function countiesView(m: Mounted) {
  await addCounties(m);
  await userEvent.selectOptions(testId(m, 'unit-view'), 'units');
}

afterEach(cleanup);

const RULES = loadRuleFile(rulesJson, CATALOG);

/** Types figures into a unit's column, one cell at a time (click, type, Enter). */
async function type(m: Mounted, unit: string, figures: [string, string][]) {
  for (const [indicator, raw] of figures) {
    await userEvent.click(await unitCell(m, indicator, unit));
    await userEvent.keyboard(`${raw}{Enter}`);
  }
}

const board = () => document.querySelector<HTMLElement>('[data-testid="board"]');
const col = (u: string, c: string) => board()!.querySelector<HTMLElement>(`tr[data-unit="${u}"] [data-col="${c}"]`)!;

async function openBoard(m: Mounted) {
  await userEvent.click(testId(m, 'collection-board'));
  await expect.poll(board).toBeTruthy();
}
async function closeBoard() {
  await userEvent.click(board()!.querySelector<HTMLElement>('[data-testid="board-close"]')!);
  await expect.poll(board).toBeNull();
}

describe('each unit’s return', () => {
  it('the board: a county that sent nothing is not received; once it sends part of the table it misses what the other county gave', async () => {
    const m = await mountApp({ dbName: freshDbName('returns-board'), rules: RULES });
    await countiesView(m);
    // 江城区's primary schools: schools, students, teachers (made up)
    await type(m, 'c441702', [
      ['schools_primary', '60'],
      ['students_primary', '41000'],
      ['teachers_primary', '2300'],
    ]);
    await openBoard(m);
    await expect.poll(() => col('c441704', 'missing').textContent!.trim()).toBe('未报送');
    expect(col('c441704', 'state').textContent).toContain('○ 未报送');
    expect(col('c441702', 'missing').textContent!.trim()).toMatch(/^0/);
    await closeBoard();
    expect(testId(m, 'not-received').textContent).toContain('2019年 阳东区');

    // 阳东区 sends its schools only: its own missing list names the two figures 江城区 gave and it did not
    await type(m, 'c441704', [['schools_primary', '55']]);
    await openBoard(m);
    await expect.poll(() => col('c441704', 'missing').textContent!.trim()).toMatch(/^2/);
    expect(col('c441704', 'missing').title).toBe('小学在校生数、小学专任教师数');
    expect(col('c441704', 'state').textContent).toContain('◐ 不完整');
    await closeBoard();
    // the issues panel lists them under the unit's name, and the toolbar says incomplete
    const missing = testId(m, 'missing');
    expect(missing.textContent).toContain('2019年 阳东区：小学在校生数');
    expect(testId(m, 'completeness').textContent).toContain('不完整');
    expect(m.target.querySelector('[data-testid="not-received"]')).toBeNull();
  });

  it('a rule marked for one county leaves the other county checked; “for every unit” marks it for all; both come back after a reload', async () => {
    const dbName = freshDbName('returns-marks');
    const m = await mountApp({ dbName, rules: RULES });
    await countiesView(m);
    // each county's stated 小学生师比 disagrees with its students ÷ teachers (made up)
    await type(m, 'c441702', [
      ['students_primary', '41000'],
      ['teachers_primary', '2300'],
      ['ptr_primary', '1:19.8'],
    ]);
    await type(m, 'c441704', [
      ['students_primary', '30000'],
      ['teachers_primary', '2000'],
      ['ptr_primary', '1:12.0'],
    ]);
    const finding = (id: string) => m.target.querySelector<HTMLElement>(`[data-finding="${id}"]`);
    await expect.poll(() => finding('ratio_ptr_primary|2019#c441702')).toBeTruthy();
    expect(finding('ratio_ptr_primary|2019#c441704')).toBeTruthy();

    // 江城区's ratio was computed on its urban schools only: marked for 江城区
    await userEvent.click(finding('ratio_ptr_primary|2019#c441702')!.closest('li')!.querySelector<HTMLElement>('[data-testid="mark-rule"]')!);
    await userEvent.type(testId(m, 'mark-population'), '城区小学');
    await userEvent.type(testId(m, 'mark-reason'), '江城区只报城区小学');
    await userEvent.click(testId(m, 'mark-save'));
    await expect.poll(() => finding('ratio_ptr_primary|2019#c441702')).toBeNull();
    expect(finding('ratio_ptr_primary|2019#c441704')).toBeTruthy();
    const marks = () => [...m.app.session.workbook.ruleMarks.keys()].sort();
    expect(marks()).toEqual(['ratio_ptr_primary|2019#c441702']);
    expect(m.app.session.workbook.ruleMarks.get('ratio_ptr_primary|2019#c441702')).toMatchObject({ unit: 'c441702', kind: 'subpopulation', population: '城区小学' });
    expect(testId(m, 'marked').textContent).toContain('江城区：');

    // 阳东区's: not applicable this year, ticked for every unit
    await userEvent.click(finding('ratio_ptr_primary|2019#c441704')!.closest('li')!.querySelector<HTMLElement>('[data-testid="mark-rule"]')!);
    await userEvent.click(m.target.querySelector<HTMLElement>('input[type="radio"][value="not_applicable"]')!);
    await userEvent.type(testId(m, 'mark-reason'), '本年生师比口径调整');
    await userEvent.click(testId(m, 'mark-all-units'));
    await userEvent.keyboard('{Enter}');
    await expect.poll(() => finding('ratio_ptr_primary|2019#c441704')).toBeNull();
    expect(marks()).toEqual(['ratio_ptr_primary|2019', 'ratio_ptr_primary|2019#c441702']);
    expect(m.app.session.workbook.ruleMarks.get('ratio_ptr_primary|2019')!.unit).toBeUndefined();
    expect(testId(m, 'marked').textContent).toContain('所有单位：');

    await m.app.session.settled();
    await m.unmount();
    const b = await mountApp({ dbName, rules: RULES });
    expect([...b.app.session.workbook.ruleMarks.keys()].sort()).toEqual(['ratio_ptr_primary|2019', 'ratio_ptr_primary|2019#c441702']);
    // taking the all-units mark away brings 阳东区's finding back, 江城区's own mark still holds
    const all = [...testId(b, 'marked').querySelectorAll<HTMLElement>('li')].find((li) => li.dataset.unit === '')!;
    await userEvent.click(all.querySelector<HTMLElement>('[data-testid="unmark"]')!);
    await expect.poll(() => b.target.querySelector('[data-finding="ratio_ptr_primary|2019#c441704"]')).toBeTruthy();
    expect(b.target.querySelector('[data-finding="ratio_ptr_primary|2019#c441702"]')).toBeNull();
  });
});
