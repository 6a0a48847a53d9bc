import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { cleanup, freshDbName, mountApp, testId, visibleCell, type Mounted } from './helpers.ts';

afterEach(cleanup);

const tip = () => document.querySelector<HTMLElement>('.grid-tooltip');
const shownTip = () => (tip()?.hidden === false ? tip()!.textContent : null);

/** Types into a cell the way a person does: ASCII starts the editor, anything else goes through F2. */
async function typeInto(m: Mounted, indicator: string, period: string, raw: string): Promise<void> {
  await userEvent.click(await visibleCell(m, indicator, period));
  if (/^[\x21-\x7e]/.test(raw)) await userEvent.keyboard(raw);
  else await userEvent.keyboard(`{F2}{Control>}a{/Control}${raw}`);
  await userEvent.keyboard('{Enter}');
}

// typed → what the status bar and the tooltip say was understood (zh, en)
const CASES: [indicator: string, raw: string, zh: string, en: string][] = [
  ['students_total', '1.2万', '1.2万 = 12,000 人', '1.2万 = 12,000 persons'],
  ['students_total', '560,120', '560,120 = 560,120 人', '560,120 = 560,120 persons'],
  ['students_total', '５４１', '５４１ = 541 人', '５４１ = 541 persons'],
  ['schools_total', '约12', '约12 = 约 12 所', '约12 = about 12 schools'],
  ['schools_total', '—', '— = 不适用', '— = not applicable'],
  ['students_total', '54万多人口', '“54万多人口”无法识别：不是可识别的数字。已按原文保留', '“54万多人口” cannot be read: not a number we can read. Kept as typed'],
];

describe('what a typed figure was read as: status bar and tooltip', () => {
  it.each(CASES)('%s “%s” reads “%s”, in English “%s”', async (indicator, raw, zh, en) => {
    const m = await mountApp({ dbName: freshDbName('reading') });
    await typeInto(m, indicator, '2019', raw);
    expect(m.app.session.value(`${indicator}@2019`).raw).toBe(raw);
    // back on the cell: the status bar says what it holds
    await userEvent.keyboard('{ArrowUp}');
    await expect.poll(() => testId(m, 'cell-status').textContent).toContain(zh);
    // the same on the cell's tooltip (the pointer comes from another cell: a click put the tip away)
    await userEvent.hover(await visibleCell(m, indicator, '2018'));
    await userEvent.hover(await visibleCell(m, indicator, '2019'));
    await expect.poll(shownTip).toContain(zh);
    // English on the language switch
    await userEvent.click(testId(m, 'lang'));
    await expect.poll(() => testId(m, 'cell-status').textContent).toContain(en);
    await userEvent.hover(await visibleCell(m, indicator, '2018'));
    await userEvent.hover(await visibleCell(m, indicator, '2019'));
    await expect.poll(shownTip).toContain(en);
  });

  it('an empty cell shows no reading and no tooltip', async () => {
    const m = await mountApp({ dbName: freshDbName('reading-empty') });
    await typeInto(m, 'schools_total', '2019', '1');
    await userEvent.click(await visibleCell(m, 'schools_total', '2019'));
    await userEvent.keyboard('{Delete}');
    expect(m.app.session.value('schools_total@2019').state).toBe('empty');
    await expect.poll(() => testId(m, 'cell-status').textContent).not.toContain(' = ');
    await userEvent.hover(await visibleCell(m, 'schools_total', '2019'));
    await new Promise((r) => setTimeout(r, 600));
    expect(shownTip() ?? '').not.toContain(' = ');
  });
});
