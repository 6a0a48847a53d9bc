import axe from 'axe-core';
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { cleanup, freshDbName, mountApp, testId, visibleCell } from './helpers.ts';

afterEach(cleanup);

/** axe-core's serious and critical violations inside `root`, as "rule: target" lines (readable when a test fails). */
async function seriousViolations(root: Element): Promise<string[]> {
  const r = await axe.run(root, { resultTypes: ['violations'] });
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} — ${n.failureSummary ?? ''}`));
}

describe('accessibility (axe-core)', () => {
  it('the main screen has no serious or critical violations, in Chinese and in English, with a find and a filter in use', async () => {
    localStorage.removeItem('edu-stats:intro-done'); // the first screen's explanation is checked too
    const m = await mountApp({ dbName: freshDbName('axe'), defaultLocked: ['2019'] });
    await expect.poll(() => m.target.querySelector('[data-testid="intro"]')).not.toBeNull();
    // marks on the screen: an error and unreadable text
    m.app.session.setCells([
      { key: 'schools_total@2019', raw: '940' },
      { key: 'students_total@2019', raw: '54万多' },
    ]);
    await userEvent.type(testId(m, 'find'), '小学');
    // the settled screen is judged: polled, since the grid redraws its rows for a while after a find, a language switch or a filter
    await expect.poll(() => seriousViolations(m.target), { timeout: 10_000, interval: 500 }).toEqual([]);
    await userEvent.click(testId(m, 'lang'));
    await expect.poll(() => testId(m, 'add-year').textContent).toContain('Add next year');
    await userEvent.selectOptions(testId(m, 'filter'), 'errors');
    await expect.poll(() => seriousViolations(m.target), { timeout: 10_000, interval: 500 }).toEqual([]);
  });

  it('a confirmation dialog has no serious or critical violations', async () => {
    const m = await mountApp({ dbName: freshDbName('axe-dialog') });
    await userEvent.click(testId(m, 'remove-year'));
    await expect.poll(() => document.querySelector('dialog[open]')).not.toBeNull();
    expect(await seriousViolations(document.querySelector('dialog[open]')!)).toEqual([]);
  });

  it('marks are announced: an edit that creates or clears an error is said in a live region, and a focused marked cell describes itself in words', async () => {
    const m = await mountApp({ dbName: freshDbName('axe-announce') });
    const live = testId(m, 'announce');
    expect(live.getAttribute('aria-live')).toBe('polite');
    expect(live.textContent).toBe('');
    // real keys: 普通高中 17 → 71 breaks two balances
    await userEvent.click(await visibleCell(m, 'schools_senior_high', '2019'));
    await userEvent.keyboard('71{Enter}');
    await expect.poll(() => live.textContent).toMatch(/^新增 2 个错误：2019年：/);
    // back on the cell: its description names the reading, the errors and the suggestion in words (not colour alone)
    await userEvent.keyboard('{ArrowUp}');
    const described = () => m.target.querySelector('[aria-description]');
    await expect.poll(() => described()?.getAttribute('aria-description')).toContain('71 = 71 所');
    expect(described()!.getAttribute('col-id')).toBe('p:2019');
    const text = described()!.getAttribute('aria-description')!;
    expect(text).toContain('✖');
    expect(text).toContain('应为 17');
    expect(described()!.closest('.ag-row')?.getAttribute('row-id')).toBe('schools_senior_high');
    // the cell beside it (2018, no marks): the description goes with the focus; no marks are described there
    await userEvent.keyboard('{ArrowLeft}');
    await expect.poll(() => m.target.querySelector('[col-id="p:2019"][aria-description]')).toBeNull();
    expect(m.target.querySelectorAll('[aria-description]').length).toBeLessThanOrEqual(1);
    expect(described()?.getAttribute('aria-description') ?? '').not.toContain('✖');
    // undo clears the errors: said too, in English after a switch
    await userEvent.click(testId(m, 'lang'));
    await userEvent.click(await visibleCell(m, 'schools_senior_high', '2019'));
    await userEvent.keyboard('{Control>}z{/Control}');
    await expect.poll(() => live.textContent).toMatch(/^2 errors cleared: 2019: /);
    expect(await seriousViolations(m.target)).toEqual([]);
  });
});
