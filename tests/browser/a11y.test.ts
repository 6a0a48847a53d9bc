import axe from 'axe-core';
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { cleanup, freshDbName, mountApp, testId } from './helpers.ts';

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
});
