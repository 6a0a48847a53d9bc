import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { cleanup, focusCell, freshDbName, mountApp, testId, visibleCell, type Mounted } from './helpers.ts';

afterEach(cleanup);

/** The report's own rule set (data/rules.json), as the app ships: `rules: undefined` lets startApp load it. */
const REAL = { rules: undefined };

const count = (m: Mounted, id: string) => Number(testId(m, id).textContent);
const explainedItems = (m: Mounted) => [...m.target.querySelectorAll('.finding.explained')].map((e) => e.textContent ?? '');
const KEY = 'students_kindergarten@2020';
const ID = `plausible|${KEY}`;

describe('explained warnings', () => {
  it('the first screen with the report preloaded shows no open warning: the rises the report states are explained by its sentences', async () => {
    const m = await mountApp({ dbName: freshDbName('explain-first'), ...REAL });
    await expect.poll(() => count(m, 'count-explained')).toBe(2);
    expect(count(m, 'count-warning')).toBe(0);
    expect(count(m, 'count-error')).toBe(0);
    expect(m.target.querySelectorAll('.finding.warning')).toHaveLength(0);
    const items = explainedItems(m);
    expect(items).toHaveLength(2);
    expect(items.join('\n')).toContain('说明（报告）：“专科上线10613人,比上年增加2631人”');
    expect(items.join('\n')).toContain('比去年增加1128人');
    expect(m.target.querySelector('h3.explained')?.textContent).toContain('已说明 (2)');
  });

  it('a warning explained from the grid (Alt+E) is stored in IndexedDB, survives a reload, and undo/redo and taking it back work', async () => {
    const db = freshDbName('explain');
    const m = await mountApp({ dbName: db, ...REAL });
    const s = m.app.session;
    await userEvent.click(testId(m, 'add-year'));
    expect(s.periods).toEqual(['2018', '2019', '2020']);
    // 在园幼儿数 2019 is 104,267: a 2020 figure four times that is implausible
    expect(s.value('students_kindergarten@2019').n).toBe(104267);
    await userEvent.click(await visibleCell(m, 'students_kindergarten', '2020'));
    await userEvent.keyboard('417068{Enter}');
    await expect.poll(() => count(m, 'count-warning')).toBe(1);
    await expect.poll(async () => (await visibleCell(m, 'students_kindergarten', '2020')).classList.contains('mark-warning')).toBe(true);

    await focusCell(m, 'students_kindergarten', '2020');
    await userEvent.keyboard('{Alt>}e{/Alt}');
    await expect.poll(() => m.target.querySelector('dialog [data-testid="explain-reason"]')).toBeTruthy();
    expect(m.target.querySelector('dialog')?.textContent).toContain('在园幼儿数 417,068 较2019年的 104,267 变动 +300%');
    await userEvent.click(testId(m, 'explain-reason'));
    await userEvent.keyboard('三所新园开园，招生集中登记');
    await userEvent.click(testId(m, 'confirm'));
    await expect.poll(() => count(m, 'count-explained')).toBe(3);
    expect(count(m, 'count-warning')).toBe(0);
    expect(s.workbook.explanations.get(ID)).toEqual({ reason: '三所新园开园，招生集中登记', by: 'user' });
    expect(explainedItems(m).join('\n')).toContain('三所新园开园，招生集中登记');
    await expect.poll(async () => (await visibleCell(m, 'students_kindergarten', '2020')).classList.contains('mark-warning')).toBe(false);

    // one undo step takes the explanation back, redo sets it again
    await focusCell(m, 'students_kindergarten', '2020');
    await userEvent.keyboard('{Control>}z{/Control}');
    await expect.poll(() => count(m, 'count-warning')).toBe(1);
    expect(count(m, 'count-explained')).toBe(2);
    expect(s.workbook.explanations.has(ID)).toBe(false);
    expect(s.value(KEY).raw).toBe('417068');
    await userEvent.keyboard('{Control>}y{/Control}');
    await expect.poll(() => count(m, 'count-explained')).toBe(3);
    await s.settled();
    await m.unmount();

    // a reload reads it back from IndexedDB's meta record
    const again = await mountApp({ dbName: db, ...REAL });
    await expect.poll(() => count(again, 'count-explained')).toBe(3);
    expect(count(again, 'count-warning')).toBe(0);
    expect(again.app.session.workbook.explanations.get(ID)).toEqual({ reason: '三所新园开园，招生集中登记', by: 'user' });

    // taking it back from the issues panel, then undoing that
    const item = [...again.target.querySelectorAll<HTMLElement>('[data-testid="unexplain-finding"]')].find((b) => b.parentElement?.querySelector(`[data-finding="${ID}"]`));
    expect(item).toBeTruthy();
    await userEvent.click(item!);
    await expect.poll(() => count(again, 'count-warning')).toBe(1);
    again.app.session.undo();
    await expect.poll(() => count(again, 'count-warning')).toBe(0);
    expect(count(again, 'count-explained')).toBe(3);
  });

  it('the issues panel explains a warning too; an empty reason changes nothing', async () => {
    const m = await mountApp({ dbName: freshDbName('explain-panel'), ...REAL });
    await userEvent.click(testId(m, 'add-year'));
    await userEvent.click(await visibleCell(m, 'students_kindergarten', '2020'));
    await userEvent.keyboard('30000{Enter}');
    await expect.poll(() => count(m, 'count-warning')).toBe(1);
    await userEvent.click(testId(m, 'explain-finding'));
    await userEvent.click(testId(m, 'confirm'));
    expect(count(m, 'count-warning')).toBe(1);
    expect(m.app.session.canUndo).toBe(true); // the typed figure, not an empty explanation
    await userEvent.click(testId(m, 'explain-finding'));
    await userEvent.click(testId(m, 'explain-reason'));
    await userEvent.keyboard('部分民办园停办');
    await userEvent.click(testId(m, 'confirm'));
    await expect.poll(() => count(m, 'count-warning')).toBe(0);
    expect(explainedItems(m).join('\n')).toContain('部分民办园停办');
    // the export carries the reason
    const file = (await import('../../src/core/io/workbook-json.ts')).workbookToJson(m.app.session.workbook);
    expect(file.explanations?.[ID]).toEqual({ reason: '部分民办园停办', by: 'user' });
  });
});
