import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { cellEl, cleanup, freshDbName, mountApp, visibleCell, type Mounted } from './helpers.ts';

afterEach(cleanup);

/** The grid's one tooltip element (grid-tooltip.ts), or null. */
const tip = () => document.querySelector<HTMLElement>('.grid-tooltip');
const shown = () => (tip()?.hidden === false ? tip()!.textContent : null);

function rowCell(m: Mounted, indicator: string, colId: string): HTMLElement {
  const el = m.target.querySelector<HTMLElement>(`.ag-row[row-id="${indicator}"] [col-id="${colId}"]`);
  if (!el) throw new Error(`no cell ${indicator} ${colId}`);
  return el;
}

describe('grid tooltips', () => {
  it("a marked cell's messages show one a line under the cell; another cell, a click or leaving the grid hides them", async () => {
    const m = await mountApp({ dbName: freshDbName('tip-cell') });
    m.app.session.setCells([{ key: 'schools_total@2019', raw: '940' }]);
    const cell = await visibleCell(m, 'schools_total', '2019');
    await userEvent.hover(cell);
    await expect.poll(shown).toContain('✖');
    const lines = shown()!.split('\n');
    // what the figure was read as, then its messages
    expect(lines[0]).toBe('940 = 940 所');
    expect(lines[1]).toMatch(/^✖ /);
    // shown as lines, not folded into one paragraph (AG Grid's tooltip folded them)
    expect(getComputedStyle(tip()!).whiteSpace).toBe('pre-line');
    const t = tip()!.getBoundingClientRect();
    const c = cell.getBoundingClientRect();
    expect(t.top >= c.bottom || t.bottom <= c.top).toBe(true);
    // no second, browser or AG Grid, tooltip on the cell
    expect(cell.hasAttribute('title')).toBe(false);
    expect(document.querySelector('.ag-tooltip')).toBeNull();

    // a cell without a message: nothing shows
    await userEvent.hover(rowCell(m, 'schools_total', 'unit'));
    await expect.poll(shown).toBeNull();
    await new Promise((r) => setTimeout(r, 600));
    expect(shown()).toBeNull();

    // the row's status lists the messages of its cells
    await userEvent.hover(rowCell(m, 'schools_total', 'status'));
    await expect.poll(shown).toContain('✖');

    // a click puts it away, and it does not come back while the pointer stays on that cell
    await userEvent.hover(cellEl(m, 'schools_total', '2019'));
    await expect.poll(shown).toContain('✖');
    await userEvent.click(cellEl(m, 'schools_total', '2019'));
    expect(shown()).toBeNull();
    await new Promise((r) => setTimeout(r, 600));
    expect(shown()).toBeNull();

    await userEvent.hover(cellEl(m, 'schools_university', '2019'));
    await expect.poll(shown).toContain('✖');
    await userEvent.hover(m.target.querySelector<HTMLElement>('[data-testid="count-error"]')!);
    expect(shown()).toBeNull();
  });

  it("a name shows the indicator's label and note; the change columns' headers name the two years", async () => {
    const m = await mountApp({ dbName: freshDbName('tip-name') });
    await visibleCell(m, 'students_total', '2019');
    await userEvent.hover(rowCell(m, 'students_total', 'name'));
    await expect.poll(shown).toBe('各级各类学校在校生数\n含在园幼儿');
    await userEvent.hover(m.target.querySelector<HTMLElement>('.ag-header-cell[col-id="changePct"]')!);
    await expect.poll(shown).toBe('2019 比 2018');
    await m.unmount();
    expect(tip()).toBeNull();
  });

  it("a block's highlight goes from cells that leave the selection", async () => {
    const m = await mountApp({ dbName: freshDbName('tip-range') });
    await userEvent.click(await visibleCell(m, 'schools_total', '2018'));
    await userEvent.keyboard('{Shift>}{ArrowRight}{ArrowDown}{/Shift}');
    expect(cellEl(m, 'students_total', '2019').classList.contains('in-range')).toBe(true);
    await userEvent.keyboard('{Shift>}{ArrowUp}{/Shift}');
    expect(cellEl(m, 'students_total', '2019').classList.contains('in-range')).toBe(false);
    expect(cellEl(m, 'schools_total', '2019').classList.contains('in-range')).toBe(true);
  });
});
