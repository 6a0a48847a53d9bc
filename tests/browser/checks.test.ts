import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { CATALOG } from '../../src/core/data/catalog.ts';
import { loadRuleFile } from '../../src/core/rules/load.ts';
import { cellEl, cleanup, focusCell, focusedKey, freshDbName, mountApp, testId, visibleCell } from './helpers.ts';

afterEach(cleanup);

describe('live checks', () => {
  it('a broken total gets an error mark and a finding; fixing it clears both', async () => {
    const m = await mountApp({ dbName: freshDbName('mark') });
    expect(Number(testId(m, 'count-error').textContent)).toBe(0);
    await userEvent.click(await visibleCell(m, 'schools_total', '2019'));
    await userEvent.keyboard('940{Enter}');
    const total = cellEl(m, 'schools_total', '2019');
    expect(total.classList.contains('mark-error')).toBe(true);
    // The parts read by the rule are marked too.
    expect(cellEl(m, 'schools_university', '2019').classList.contains('mark-error')).toBe(true);
    expect(Number(testId(m, 'count-error').textContent)).toBe(1);
    const finding = m.target.querySelector<HTMLElement>('[data-finding="schools_total_balance|2019"]');
    expect(finding?.textContent).toContain('934');
    // The row's status shows the error glyph.
    expect(m.target.querySelector('.ag-row[row-id="schools_total"] [col-id="status"]')?.textContent).toContain('✖');
    // Undo restores the published figure: the mark and the finding go away.
    await userEvent.keyboard('{Control>}z{/Control}');
    expect(cellEl(m, 'schools_total', '2019').classList.contains('mark-error')).toBe(false);
    expect(Number(testId(m, 'count-error').textContent)).toBe(0);
    expect(m.target.querySelector('[data-finding="schools_total_balance|2019"]')).toBeNull();
  });

  it('warnings and errors have different marks, and the focused cell shows its messages', async () => {
    const m = await mountApp({ dbName: freshDbName('warning') });
    const s = m.app.session;
    // 2018 kindergartens, then a 2019 figure more than 30 % higher: a jump warning (not an error).
    s.setCells([{ key: 'schools_kindergarten@2018', raw: '300' }]);
    const c = await visibleCell(m, 'schools_kindergarten', '2019');
    expect(c.classList.contains('mark-warning')).toBe(true);
    expect(c.classList.contains('mark-error')).toBe(false);
    await expect.poll(() => Number(testId(m, 'count-warning').textContent)).toBe(1);
    await focusCell(m, 'schools_kindergarten', '2019');
    await expect.poll(() => testId(m, 'cell-status').textContent).toContain('▲');
    s.setCells([{ key: 'schools_kindergarten@2018', raw: '' }]);
    expect(cellEl(m, 'schools_kindergarten', '2019').classList.contains('mark-warning')).toBe(false);
  });

  it('choosing a finding in the issues panel scrolls to and focuses its cell', async () => {
    const m = await mountApp({ dbName: freshDbName('issues') });
    const s = m.app.session;
    // Errors first: an unreadable value far down the list and a broken total at the top.
    s.setCells([
      { key: 'schools_total@2019', raw: '940' },
      { key: 'teachers_total@2019', raw: 'n/a?' },
    ]);
    await expect.poll(() => m.target.querySelectorAll('[data-finding].error').length).toBe(2);
    const buttons = [...m.target.querySelectorAll<HTMLElement>('[data-finding].error')];
    expect(buttons.map((b) => b.dataset.finding)).toEqual(['value|teachers_total@2019', 'schools_total_balance|2019']);
    const unreadable = buttons.find((b) => b.dataset.finding === 'value|teachers_total@2019');
    expect(unreadable).toBeTruthy();
    await userEvent.click(unreadable!);
    expect(focusedKey(m)).toBe('teachers_total@2019');
    const el = await visibleCell(m, 'teachers_total', '2019');
    expect(el.classList.contains('flash-cell')).toBe(true);
    expect(el.classList.contains('mark-invalid')).toBe(true);
    // The panel lists errors before warnings before not-computable.
    s.setCells([{ key: 'schools_kindergarten@2018', raw: '300' }]);
    await expect.poll(() => m.target.querySelectorAll('[data-finding].warning').length).toBe(1);
    const kinds = [...m.target.querySelectorAll<HTMLElement>('[data-finding]')].map((b) => (b.classList.contains('error') ? 0 : b.classList.contains('warning') ? 1 : 2));
    expect(kinds).toEqual([...kinds].sort());
    expect(kinds).toContain(1);
  });
});

describe('not computable marks', () => {
  it('a year not started is not ringed cell by cell; a rule half filled in is', async () => {
    const m = await mountApp({ dbName: freshDbName('nc') });
    // the baseline's 2018 column is empty (except four derived figures): its rules are grouped, not marked
    expect(Number(testId(m, 'count-unchecked').textContent)).toBe(0);
    expect(testId(m, 'quiet').textContent).toContain('2018年：数据未填报');
    expect((await visibleCell(m, 'schools_total', '2018')).classList.contains('mark-nc')).toBe(false);
    expect((await visibleCell(m, 'schools_university', '2018')).classList.contains('mark-nc')).toBe(false);
    // the total typed, its parts not yet: now the rule cannot be computed because of them
    m.app.session.setCells([{ key: 'schools_total@2018', raw: '930' }]);
    await expect.poll(async () => (await visibleCell(m, 'schools_university', '2018')).classList.contains('mark-nc')).toBe(true);
    expect((await visibleCell(m, 'schools_total', '2018')).classList.contains('mark-nc')).toBe(true);
  });

  it('a long list of findings is shown a page at a time, with a button for the rest', async () => {
    // 450 rules that all fail in 2019 (934 schools ≠ the special schools alone) and cannot be computed in the empty 2018
    const rules = loadRuleFile(
      { version: 't', rules: Array.from({ length: 450 }, (_, i) => ({ id: `many_${i}`, kind: 'balance', severity: 'error', total: 'schools_total', parts: ['schools_special'] })) },
      CATALOG,
    );
    const m = await mountApp({ dbName: freshDbName('many'), rules });
    const listed = (k: string) => m.target.querySelectorAll(`.issues .finding.${k}`).length;
    await expect.poll(() => listed('error')).toBe(200);
    // the 450 not computable in the 2018 column (no reported figure there) are one line of the collapsed group
    expect(listed('nc')).toBe(0);
    expect(testId(m, 'quiet').textContent).toContain('2018年：数据未填报 × 450');
    expect(m.target.querySelector('.issues')?.textContent).toContain('错误 (450)');
    expect(testId(m, 'more-error').textContent).toBe('还有 250 条，再显示 250 条');
    await userEvent.click(testId(m, 'more-error'));
    await expect.poll(() => listed('error')).toBe(450);
    expect(m.target.querySelector('[data-testid="more-error"]')).toBeNull();
    // the last finding is there and can be chosen
    expect(m.target.querySelector('[data-finding="many_449|2019"]')).toBeTruthy();
  });
});
