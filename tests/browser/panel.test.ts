import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { parseValue } from '../../src/core/parse/value.ts';
import { openIdbStore } from '../../src/storage/idb-store.ts';
import { cleanup, focusCell, freshDbName, mountApp, testId, visibleCell, type Mounted } from './helpers.ts';

afterEach(cleanup);

const REAL = { rules: undefined };
const panel = (m: Mounted) => m.target.querySelector<HTMLElement>('[data-testid="side-panel"]');
const inPanel = (m: Mounted, id: string) => panel(m)?.querySelector<HTMLElement>(`[data-testid="${id}"]`) ?? null;
const count = (m: Mounted, id: string) => Number(testId(m, id).textContent);
/** The panel's and the chart's code load on first use: a loaded machine may take a few seconds. */
const LAZY = { timeout: 10_000 };

/** Whether a canvas has any painted (non-transparent) pixel. */
function painted(c: HTMLCanvasElement): boolean {
  const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
  for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) return true;
  return false;
}

describe('the side panel of the focused figure', () => {
  it('Alt+I opens it on the focused figure: value, reading, unit, source, checks, and a chart of the indicator over the years; it follows the focus', async () => {
    const m = await mountApp({ dbName: freshDbName('panel'), ...REAL });
    await userEvent.click(testId(m, 'add-year'));
    // 2020: 1.2万 students in vocational schools, read as 12,000
    const s = m.app.session;
    s.setCells([{ key: 'students_vocational@2020', raw: '2.6万' }]);
    await focusCell(m, 'students_vocational', '2019');
    await userEvent.keyboard('{Alt>}i{/Alt}');
    await expect.poll(() => panel(m)?.dataset.key, LAZY).toBe('students_vocational@2019');
    expect(testId(m, 'panel-toggle').getAttribute('aria-pressed')).toBe('true');
    expect(inPanel(m, 'panel-figure')!.textContent).toContain('中等职业技术学校在校生数(含技工学校) · 2019年');
    const raw2019 = s.value('students_vocational@2019').raw;
    expect(inPanel(m, 'panel-value')!.textContent).toBe(raw2019);
    // the report's sentence the figure came from
    expect(inPanel(m, 'panel-source')!.textContent).toContain(s.valueMeta('students_vocational@2019')!.source!);
    // its checks and their state: 2019's pass; 2020's year-over-year check reads 2019 too and fails (2.6万 is +56 %)
    const rules = [...inPanel(m, 'panel-rules')!.querySelectorAll<HTMLElement>('li[data-status]')];
    const state = Object.fromEntries(rules.map((li) => [li.dataset.finding, li.dataset.status]));
    expect(state['plausible|students_vocational@2020']).toBe('warning');
    expect(Object.values(state)).toContain('passed');
    expect(rules.find((li) => li.dataset.finding === 'plausible|students_vocational@2020')!.textContent).toContain('(2020年)');
    expect(rules.filter((li) => li.dataset.status === 'error')).toHaveLength(0);
    expect(rules.length).toBeGreaterThan(2);

    // the chart: drawn by uPlot (loaded on demand) from the figure's years, the same numbers in the table below it
    await expect.poll(() => inPanel(m, 'panel-chart')?.dataset.years, LAZY).toBe('2018,2019,2020');
    const chart = inPanel(m, 'panel-chart')!;
    const expected = s.periods.map((p) => {
      const v = s.value(`students_vocational@${p}`);
      return v.state === 'value' ? v.n! : null;
    });
    expect(JSON.parse(chart.dataset.series!)).toEqual([expected]);
    expect(expected[2]).toBe(26000);
    const canvas = chart.querySelector('canvas')!;
    expect(canvas).toBeTruthy();
    expect(painted(canvas)).toBe(true);
    const cells = [...inPanel(m, 'chart-data')!.querySelectorAll('tbody td')].map((td) => td.textContent);
    expect(cells[2]).toBe('26,000');

    // focus 2020: the reading of "2.6万", the panel and chart follow (the chart keeps its canvas)
    await focusCell(m, 'students_vocational', '2020');
    await expect.poll(() => panel(m)?.dataset.key).toBe('students_vocational@2020');
    expect(inPanel(m, 'panel-read-as')!.textContent).toBe('2.6万 = 26,000 人 (25,500 ~ 26,500)');
    // another indicator: its own years
    await focusCell(m, 'schools_total', '2019');
    await expect.poll(() => inPanel(m, 'panel-chart')?.dataset.series).toBe(JSON.stringify([s.periods.map((p) => s.value(`schools_total@${p}`).n ?? null)]));
    expect(inPanel(m, 'panel-chart')!.querySelector('canvas')).toBe(canvas);

    // follow-up from the panel: the flag is one undo step, the cell is marked, the filter finds it
    await userEvent.click(inPanel(m, 'panel-follow')!);
    expect(s.workbook.followUp.has('schools_total@2019')).toBe(true);
    await expect.poll(async () => (await visibleCell(m, 'schools_total', '2019')).classList.contains('mark-follow')).toBe(true);
    await userEvent.click(inPanel(m, 'panel-follow-reason')!);
    await userEvent.keyboard('等各县复核{Enter}');
    expect(s.workbook.followUp.get('schools_total@2019')?.reason).toBe('等各县复核');
    await userEvent.selectOptions(testId(m, 'filter'), 'followUp');
    await expect.poll(() => testId(m, 'filter-shown').textContent).toContain('1');
    expect(m.app.grid()!.isShown('schools_total')).toBe(true);
    expect(m.app.grid()!.isShown('students_vocational')).toBe(false);

    // the toolbar button closes it
    await userEvent.click(testId(m, 'panel-toggle'));
    await expect.poll(() => panel(m)).toBeNull();
  });

  it('a warning explained from the panel moves out of the open count; the note editor opens from it', async () => {
    const m = await mountApp({ dbName: freshDbName('panel-explain'), ...REAL });
    const s = m.app.session;
    await userEvent.click(testId(m, 'add-year'));
    await userEvent.click(await visibleCell(m, 'students_kindergarten', '2020'));
    await userEvent.keyboard('417068{Enter}');
    await expect.poll(() => count(m, 'count-warning')).toBe(1);
    const explainedBefore = count(m, 'count-explained');
    await focusCell(m, 'students_kindergarten', '2020');
    await userEvent.click(testId(m, 'panel-toggle'));
    await expect.poll(() => panel(m)?.querySelector('li[data-status="warning"]'), LAZY).toBeTruthy();
    await userEvent.click(inPanel(m, 'panel-explain')!);
    await userEvent.click(testId(m, 'explain-reason'));
    await userEvent.keyboard('三所新园开园');
    await userEvent.click(testId(m, 'confirm'));
    await expect.poll(() => count(m, 'count-warning')).toBe(0);
    expect(count(m, 'count-explained')).toBe(explainedBefore + 1);
    await expect.poll(() => panel(m)?.querySelector('li[data-status="explained"]')?.textContent ?? '').toContain('三所新园开园');

    await userEvent.click(inPanel(m, 'panel-note-edit')!);
    await expect.poll(() => document.querySelector('dialog[data-testid="note-editor"]'), LAZY).toBeTruthy();
    await userEvent.keyboard('开园名单见附件{Control>}{Enter}{/Control}');
    await expect.poll(() => inPanel(m, 'panel-note')?.textContent).toBe('开园名单见附件');
    expect(s.workbook.notes.get('students_kindergarten@2020')?.text).toBe('开园名单见附件');
  });

  it('an import records where each figure came from: the panel shows the file and row, and the history list', async () => {
    const m = await mountApp({ dbName: freshDbName('panel-import') });
    const s = m.app.session;
    const ind = s.index.indicator('schools_total');
    const after = parseValue('941', ind, s.index.unitOf(ind));
    s.importCells([{ key: 'schools_total@2020', after }], [], undefined, [], {
      file: '某县2020年教育统计.xlsx',
      size: 12_345,
      places: new Map([['schools_total@2020', { sheet: '2020年', row: 7 }]]),
      mapping: [{ label: '学校总数', indicator: 'schools_total' }],
    });
    s.setCells([{ key: 'schools_total@2020', raw: '942' }]);
    await focusCell(m, 'schools_total', '2020');
    await userEvent.click(testId(m, 'panel-toggle'));
    await expect.poll(() => inPanel(m, 'panel-source')?.textContent ?? '', LAZY).toContain('导入自 某县2020年教育统计.xlsx「2020年」 第7行');
    const history = [...inPanel(m, 'panel-history')!.querySelectorAll('li')].map((li) => li.textContent ?? '');
    // newest first: typed over the import
    expect(history[0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d 输入：941 → 942$/);
    expect(history[1]).toMatch(/ 导入 某县2020年教育统计.xlsx 工作表“2020年” 第 7 行：（空） → 941$/);
    expect(history).toHaveLength(2);
    // the import log: every import of the workbook, with file, size, counts and mapping
    const imports = [...inPanel(m, 'panel-imports')!.querySelectorAll('li')].map((li) => li.textContent ?? '');
    expect(imports).toHaveLength(1);
    expect(imports[0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d 导入 某县2020年教育统计.xlsx（12.1 KB）：新增 1，修改 0；对照 1 项$/);
  });

  it("a reset to the report's figures (恢复为报告数据…) is recorded as a reset, not an import: the panel's history says so in Chinese and English, the stored import log has a reset entry", async () => {
    const db = freshDbName('panel-reset');
    const m = await mountApp({ dbName: db });
    const s = m.app.session;
    const report = s.value('schools_total@2019').raw;
    await userEvent.click(await visibleCell(m, 'schools_total', '2019'));
    await userEvent.keyboard('5{Enter}');
    expect(s.value('schools_total@2019').raw).toBe('5');
    await userEvent.click(testId(m, 'reset'));
    await expect.poll(() => document.querySelector('dialog[open] [data-testid="confirm"]')).toBeTruthy();
    await userEvent.click(document.querySelector<HTMLElement>('dialog[open] [data-testid="confirm"]')!);
    await expect.poll(() => s.value('schools_total@2019').raw).toBe(report);
    await focusCell(m, 'schools_total', '2019');
    await userEvent.keyboard('{Alt>}i{/Alt}');
    const history = () => [...(inPanel(m, 'panel-history')?.querySelectorAll('li') ?? [])].map((li) => li.textContent ?? '');
    await expect.poll(() => history()[0] ?? '', LAZY).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d 恢复为报告数据：5 → ${report}$`));
    expect(history()[1]).toMatch(new RegExp(` 输入：${report} → 5$`));
    expect(history().join()).not.toContain('导入');
    const imports = [...inPanel(m, 'panel-imports')!.querySelectorAll('li')].map((li) => li.textContent ?? '');
    expect(imports).toEqual([expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d 恢复为报告数据（data\/baseline-2019.json）：新增 0，修改 1$/)]);
    await userEvent.click(testId(m, 'lang'));
    await expect.poll(() => history()[0] ?? '').toMatch(new RegExp(` reset to the report's figures: 5 → ${report}$`));
    expect(inPanel(m, 'panel-imports')!.textContent).toContain("reset to the report's figures (data/baseline-2019.json): 0 new, 1 changed");
    await s.settled();
    const store = await openIdbStore(db, 'default');
    try {
      const log = (await store.load())!.meta.importLog ?? [];
      expect(log).toEqual([{ time: expect.any(String), kind: 'reset', file: 'data/baseline-2019.json', size: 0, cellsNew: 0, cellsChanged: 1, mapping: [] }]);
    } finally {
      store.close();
    }
  });

  it("the trend-line column (optional) draws each indicator's years as a small line and follows edits", async () => {
    const m = await mountApp({ dbName: freshDbName('panel-spark') });
    const sparkPath = () => m.target.querySelector('.ag-row[row-id="schools_total"] [col-id="spark"] path')?.getAttribute('d') ?? null;
    expect(m.target.querySelector('.ag-header-cell[col-id="spark"]')).toBeNull();
    await userEvent.click(testId(m, 'sparklines-toggle'));
    await expect.poll(sparkPath).toBeTruthy();
    // the report gives the total for 2019 only (2018 is derived where the report states a change): one dot
    const s = m.app.session;
    expect(s.periods.map((p) => s.value(`schools_total@${p}`).state)).toEqual(['empty', 'value']);
    expect(sparkPath()).toMatch(/^M[\d.]+ [\d.]+h0$/);
    await userEvent.click(testId(m, 'add-year'));
    s.setCells([{ key: 'schools_total@2020', raw: '950' }]);
    await expect.poll(() => sparkPath()?.match(/[ML]/g)?.join('')).toBe('ML');
    // the higher 2020 is drawn above 2019 (a smaller y)
    const [, y2019, y2020] = /M[\d.]+ ([\d.]+)L[\d.]+ ([\d.]+)/.exec(sparkPath()!)!;
    expect(Number(y2020)).toBeLessThan(Number(y2019));
    await userEvent.click(testId(m, 'sparklines-toggle'));
    await expect.poll(() => m.target.querySelector('.ag-header-cell[col-id="spark"]')).toBeNull();
  });
});
