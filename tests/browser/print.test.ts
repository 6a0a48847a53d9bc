import { afterEach, describe, expect, it, vi } from 'vitest';
import { commands, userEvent } from 'vitest/browser';
import { CATALOG } from '../../src/core/data/catalog.ts';
import { cleanup, freshDbName, mountApp, testId, visibleCell } from './helpers.ts';
import { pageHtml, squash } from './print-helpers.ts';

afterEach(() => {
  vi.restoreAllMocks();
  return cleanup();
});

describe('printing', () => {
  it('prints every year on A4 landscape with the header on each page, marks as symbols and the open findings as an appendix', async () => {
    const m = await mountApp({ dbName: freshDbName('print') });
    const s = m.app.session;
    s.addNextPeriod();
    s.addNextPeriod();
    expect(s.periods).toEqual(['2018', '2019', '2020', '2021']);
    s.setCells([
      { key: 'schools_total@2019', raw: '940' }, // breaks the school total's balance: an error
      { key: 'schools_total@2020', raw: '951' },
      { key: 'schools_total@2021', raw: '9６0x' }, // not a number: kept as typed, marked
      // long notes typed into cells of the first section make it taller than the room under the title
      ...['students_total', 'schools_university', 'students_university', 'schools_open_university', 'students_open_university', 'schools_vocational'].map((id) => ({
        key: `${id}@2020`,
        raw: '待核实：县（区）上报数与市统计口径不一致，含分校及教学点，另行补报',
      })),
    ]);
    // the browser's print: beforeprint draws the print view, then the page is laid out for paper
    vi.spyOn(window, 'print').mockImplementation(() => void window.dispatchEvent(new Event('beforeprint')));
    await userEvent.click(testId(m, 'print'));
    expect(document.querySelector('[data-testid="print-view"]')).not.toBeNull();
    const pdf = await commands.printPdf(pageHtml());
    window.dispatchEvent(new Event('afterprint'));
    await expect.poll(() => document.querySelector('[data-testid="print-view"]')).toBeNull();

    // A4 landscape: 842 × 595 pt
    expect(Math.round(pdf.widthPt)).toBe(842);
    expect(Math.round(pdf.heightPt)).toBe(595);
    const appendixAt = pdf.pages.findIndex((p) => p.includes('附录：未解决的检查结果'));
    // the first page is not the title alone: the first section starts under it (split if it must be, not pushed to page 2)
    expect(pdf.pages[0]).toContain('教育统计工作簿');
    expect(pdf.pages[0]).toMatch(/^\s*一\(一\)/m);
    expect(pdf.pages[0]).toContain('各级各类学校在校生数');
    expect(appendixAt).toBeGreaterThan(1);
    // the pages that hold rows of the table (sections after the first are kept whole where they fit)
    const tablePages = pdf.pages.slice(0, appendixAt).filter((p) => /^\s*[一二三四五六七八九十]+\([一二三四五六七八九十]+\)/m.test(p));
    expect(tablePages.length).toBeGreaterThan(1);
    // the header row (every year column) repeats on each page of the table
    for (const page of tablePages) {
      const head = page.split('\n').find((l) => l.includes('指标') && l.includes('单位'));
      expect(head).toBeDefined();
      for (const y of ['2018年', '2019年', '2020年', '2021年']) expect(squash(head!)).toContain(y);
    }
    // the school total's row with each year's figure, the error and the unreadable text as symbols
    const row = tablePages.join('\n').split('\n').find((l) => l.includes('各级各类学校(幼儿园)数'))!;
    expect(row).toMatch(/940\s*✖/);
    expect(row).toContain('951');
    expect(row).toMatch(/9６0x\s*◇/);
    // nothing clipped: the grid's off-screen rows are printed too, down to the last indicator
    const all = squash(tablePages.join(''));
    const last = CATALOG.indicators.reduce((a, b) => (a.order > b.order ? a : b));
    expect(all).toContain(squash(last.label.zh));
    for (const sec of CATALOG.sections) expect(all).toContain(squash(sec.label.zh));
    // the appendix lists the open error with its message
    const appendix = squash(pdf.pages.slice(appendixAt).join(''));
    const error = s.findings.find((f) => f.severity === 'error' && f.outcome === 'failed' && f.period === '2019')!;
    expect(appendix).toContain(squash(`✖ 2019年：${error.message.zh}`));
    // no tooltip or screen parts: the toolbar's buttons are not printed
    expect(pdf.pages.join('')).not.toContain('添加下一年');
  });

  it('Ctrl+P from the grid prints the print view (loaded on demand): the browser is asked once, with the table drawn', async () => {
    const m = await mountApp({ dbName: freshDbName('print-key') });
    let drawn: Element | null = null;
    const print = vi.spyOn(window, 'print').mockImplementation(() => {
      window.dispatchEvent(new Event('beforeprint'));
      drawn = document.querySelector('[data-testid="print-view"]');
    });
    await userEvent.click(await visibleCell(m, 'schools_total', '2019'));
    await userEvent.keyboard('{Control>}p{/Control}');
    await expect.poll(() => print.mock.calls.length).toBe(1);
    expect(drawn).not.toBeNull();
    expect((drawn as unknown as HTMLElement).textContent).toContain('各级各类学校(幼儿园)数');
    window.dispatchEvent(new Event('afterprint'));
    // the key did not reach the grid as typing
    expect(m.app.session.value('schools_total@2019').raw).toBe('934');
  });
});
