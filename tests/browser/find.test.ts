import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { CATALOG } from '../../src/core/data/catalog.ts';
import { cleanup, focusedKey, freshDbName, mountApp, testId } from './helpers.ts';

afterEach(cleanup);

const rowEl = (id: string) => document.querySelector(`.ag-row[row-id="${id}"]`);

describe('find and filter', () => {
  it('Ctrl+F finds an indicator scrolled out of view by its Chinese name; Enter focuses its cell', async () => {
    const m = await mountApp({ dbName: freshDbName('find') });
    const target = CATALOG.indicators.at(-1)!;
    // the grid draws only the rows on screen: the last indicator is not in the page
    expect(rowEl(target.id)).toBeNull();
    await userEvent.click(m.target.querySelector<HTMLElement>('.ag-row[row-id="schools_total"] [col-id="p:2019"]')!);
    await userEvent.keyboard('{Control>}f{/Control}');
    expect(document.activeElement).toBe(testId(m, 'find'));
    await userEvent.keyboard(target.label.zh);
    await expect.poll(() => testId(m, 'find-result').textContent).toContain(`1/`);
    await userEvent.keyboard('{Enter}');
    await expect.poll(() => focusedKey(m)).toBe(`${target.id}@2019`);
    expect(rowEl(target.id)).not.toBeNull();
    // the focus is on the cell itself: typing edits it
    await expect.poll(() => document.activeElement?.closest('.ag-row')?.getAttribute('row-id')).toBe(target.id);
    await userEvent.keyboard('77{Enter}');
    expect(m.app.session.value(`${target.id}@2019`).raw).toBe('77');
  });

  it('finds by English name, alias and id; says so when nothing matches', async () => {
    const m = await mountApp({ dbName: freshDbName('find-en') });
    const withAlias = CATALOG.indicators.filter((i) => i.aliases.length).at(-1)!;
    for (const [q, id] of [
      [withAlias.aliases[0], withAlias.id],
      [withAlias.label.en, withAlias.id],
      [withAlias.id, withAlias.id],
    ]) {
      await userEvent.clear(testId(m, 'find'));
      await userEvent.type(testId(m, 'find'), q);
      await userEvent.keyboard('{Enter}');
      await expect.poll(() => focusedKey(m)?.split('@')[0]).toBe(id);
    }
    await userEvent.clear(testId(m, 'find'));
    await userEvent.type(testId(m, 'find'), '火星学校');
    await expect.poll(() => testId(m, 'find-result').textContent).toContain('没有找到');
  });

  it('filters rows with errors, changed since import and a section; a find shows a hidden row again', async () => {
    const m = await mountApp({ dbName: freshDbName('filter') });
    const api = m.app.grid()!.api;
    const shownIds = () => {
      const ids: string[] = [];
      api.forEachNodeAfterFilter((n) => n.data?.kind === 'indicator' && ids.push(n.data.id));
      return ids;
    };
    const all = shownIds().length;
    // 934 → 940 breaks the school total's balance (an error on the total and its parts)
    m.app.session.setCells([
      { key: 'schools_total@2019', raw: '940' },
      { key: 'students_total@2019', raw: '541262' },
    ]);
    await userEvent.selectOptions(testId(m, 'filter'), 'errors');
    const errors = shownIds();
    expect(errors).toContain('schools_total');
    expect(errors).not.toContain('students_total');
    expect(errors.every((id) => m.app.session.rowMarks(id).errors + m.app.session.rowMarks(id).invalid > 0)).toBe(true);
    expect(testId(m, 'filter-shown').textContent).toContain(String(errors.length));
    await userEvent.selectOptions(testId(m, 'filter'), 'changed');
    expect(shownIds()).toEqual(['schools_total', 'students_total']);
    // a section header stays only above rows that are shown
    const sections: string[] = [];
    api.forEachNodeAfterFilter((n) => n.data?.kind === 'section' && sections.push(n.data.id));
    expect(sections).toEqual([`§${CATALOG.indicators.find((i) => i.id === 'schools_total')!.section}`]);
    // changing it back: no longer changed
    m.app.session.setCells([{ key: 'students_total@2019', raw: '541261' }]);
    await userEvent.selectOptions(testId(m, 'filter'), 'changed');
    expect(shownIds()).toEqual(['schools_total']);
    const lastSection = CATALOG.sections.at(-1)!.id;
    await userEvent.selectOptions(testId(m, 'filter'), `section:${lastSection}`);
    expect(shownIds()).toEqual(CATALOG.indicators.filter((i) => i.section === lastSection).sort((a, b) => a.order - b.order).map((i) => i.id));
    // finding a row the filter hides shows every row again
    await userEvent.type(testId(m, 'find'), 'schools_total');
    await userEvent.keyboard('{Enter}');
    await expect.poll(() => focusedKey(m)).toBe('schools_total@2019');
    expect(shownIds().length).toBe(all);
    expect((testId(m, 'filter') as HTMLSelectElement).value).toBe('all');
  });
});
