/**
 * Complete and consistent in the app (real Chromium, real IndexedDB, real keystrokes): the first screen
 * with the report preloaded shows no not-computable noise; a year with a dropped part is valid but
 * incomplete (toolbar, issues panel, export question); a gap year can be added; a rule can be marked for
 * one year from the issues panel, with its reason.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import rulesJson from '../../data/rules.json' with { type: 'json' };
import { CATALOG } from '../../src/core/data/catalog.ts';
import { loadRuleFile } from '../../src/core/rules/load.ts';
import { cellEl, cleanup, freshDbName, mountApp, testId, visibleCell } from './helpers.ts';

const RULES = loadRuleFile(rulesJson, CATALOG, 'data/rules.json');

afterEach(() => {
  vi.restoreAllMocks();
  return cleanup();
});

const count = (m: Awaited<ReturnType<typeof mountApp>>, id: string) => Number(testId(m, id).textContent);

describe('complete and consistent', () => {
  it('the first screen, with the report preloaded, lists no not-computable finding and rings no cell', async () => {
    const m = await mountApp({ dbName: freshDbName('first'), rules: RULES });
    expect(count(m, 'count-error')).toBe(0);
    expect(count(m, 'count-unchecked')).toBe(0);
    expect(count(m, 'count-missing')).toBe(0);
    expect(testId(m, 'completeness').textContent).toContain('完整');
    expect(m.target.querySelectorAll('.issues .finding.nc').length).toBe(0);
    expect(m.target.querySelectorAll('.mark-nc').length).toBe(0);
    // the quiet findings are one collapsed group, by reason
    const quiet = testId(m, 'quiet') as HTMLDetailsElement;
    expect(quiet.open).toBe(false);
    expect(quiet.textContent).toContain('2018年：数据未填报');
    await page.screenshot({ path: '../../docs/screenshot-first-screen.png' });
  });

  it('a 2020 with its kindergarten enrolment left empty is valid but incomplete, and the export says so first', async () => {
    const m = await mountApp({ dbName: freshDbName('dropped'), rules: RULES });
    await userEvent.click(testId(m, 'add-year'));
    await expect.poll(() => m.target.querySelector('.ag-row[row-id="students_total"] [col-id="p:2020"]')).toBeTruthy();
    // a statistician types the 2019 figures of the students block into 2020, but not the kindergartens
    const ids = ['students_total', 'students_university', 'students_open_university', 'students_senior_high', 'students_vocational', 'students_compulsory', 'students_primary', 'students_junior', 'students_special'];
    for (const id of ids) {
      await userEvent.click(await visibleCell(m, id, '2020'));
      await userEvent.keyboard(`${cellEl(m, id, '2019').textContent!.trim()}{Enter}`);
    }
    await expect.poll(() => count(m, 'count-unchecked')).toBeGreaterThan(0);
    expect(count(m, 'count-error')).toBe(0);
    expect(testId(m, 'completeness').textContent).toContain('不完整');
    const unchecked = [...m.target.querySelectorAll<HTMLElement>('.issues .finding.nc[data-finding]')].map((b) => b.dataset.finding);
    expect(unchecked).toContain('balance_students_total|2020');
    expect(testId(m, 'missing').textContent).toContain('在园幼儿数');
    // the empty part is ringed, the 2019 column is not
    expect((await visibleCell(m, 'students_kindergarten', '2020')).classList.contains('mark-nc')).toBe(true);
    // an optional category nobody reported (专门学校) is absent, not awaited
    expect((await visibleCell(m, 'students_specialized', '2020')).classList.contains('mark-nc')).toBe(false);
    await page.screenshot({ path: '../../docs/screenshot-incomplete.png' });

    const confirm = vi.spyOn(window, 'confirm').mockReturnValue(false);
    vi.spyOn(URL, 'createObjectURL').mockImplementation(() => 'blob:x');
    await userEvent.click(testId(m, 'export'));
    await expect.poll(() => confirm.mock.calls.length).toBe(1);
    expect(confirm.mock.calls[0][0]).toContain('数据没有错误，但不完整');
    expect(URL.createObjectURL).not.toHaveBeenCalled();
  });

  it('a gap year is added from the toolbar between two present years; a year already there is refused with a message', async () => {
    const m = await mountApp({ dbName: freshDbName('gap'), rules: RULES });
    await userEvent.click(testId(m, 'add-year'));
    await userEvent.click(testId(m, 'add-year'));
    await expect.poll(() => m.app.session.periods).toEqual(['2018', '2019', '2020', '2021']);
    m.app.session.removePeriod('2020');
    await expect.poll(() => m.app.session.periods).toEqual(['2018', '2019', '2021']);
    // 增减 compares 2021 with 2020, not with the column before (2019): without 2020 it stays empty
    await userEvent.click(await visibleCell(m, 'schools_total', '2021'));
    await userEvent.keyboard('940{Enter}');
    const change = () => m.target.querySelector('.ag-row[row-id="schools_total"] [col-id="change"]')?.textContent?.trim();
    await expect.poll(() => cellEl(m, 'schools_total', '2021').textContent?.trim()).toBe('940');
    expect(change()).toBe('');
    await userEvent.click(testId(m, 'add-other-year'));
    const input = testId(m, 'add-year-choice') as HTMLInputElement;
    expect(input.value).toBe('2020'); // the first missing year is proposed
    await userEvent.clear(input);
    await userEvent.type(input, '2019');
    expect(m.target.querySelector('[role="alert"]')?.textContent).toBe('2019 年已在工作簿中');
    await userEvent.clear(input);
    await userEvent.type(input, '2020');
    await userEvent.click(testId(m, 'confirm'));
    await expect.poll(() => m.app.session.periods).toEqual(['2018', '2019', '2020', '2021']);
    await userEvent.click(await visibleCell(m, 'schools_total', '2020'));
    await userEvent.keyboard('930{Enter}');
    await expect.poll(change).toBe('+10');
  });

  it('a rule is marked for one year from the issues panel with its reason, and is no longer checked that year', async () => {
    const m = await mountApp({ dbName: freshDbName('mark'), rules: RULES });
    // 2019's 小学师生比 typed as computed on urban schools only
    await userEvent.click(await visibleCell(m, 'ptr_primary', '2019'));
    await userEvent.keyboard('1:19.8{Enter}');
    await expect.poll(() => m.target.querySelector('[data-finding="ratio_ptr_primary|2019"]')).toBeTruthy();
    const li = m.target.querySelector('[data-finding="ratio_ptr_primary|2019"]')!.closest('li')!;
    await userEvent.click(li.querySelector<HTMLElement>('[data-testid="mark-rule"]')!);
    await userEvent.type(testId(m, 'mark-population'), '城区小学');
    await userEvent.type(testId(m, 'mark-reason'), '本年只统计城区小学');
    await userEvent.click(testId(m, 'mark-save'));
    await expect.poll(() => m.target.querySelector('[data-finding="ratio_ptr_primary|2019"]')).toBeNull();
    expect(count(m, 'count-error')).toBe(0);
    expect(testId(m, 'marked').textContent).toContain('按“城区小学”计算：本年只统计城区小学');
    expect(m.app.session.workbook.ruleMarks.get('ratio_ptr_primary|2019')).toEqual({
      rule: 'ratio_ptr_primary',
      period: '2019',
      kind: 'subpopulation',
      population: '城区小学',
      reason: '本年只统计城区小学',
    });
    // removing the mark checks the rule again
    await userEvent.click(testId(m, 'unmark'));
    await expect.poll(() => m.target.querySelector('[data-finding="ratio_ptr_primary|2019"]')).toBeTruthy();
  });
});
