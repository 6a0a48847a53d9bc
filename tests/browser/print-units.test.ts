/**
 * Printing with reporting units (issue 17): the unit shown is what is printed, and the 各县（市、区）
 * view prints one year with the units as columns — the table statisticians print — in parts when the
 * units do not fit across A4 landscape, the header row on every page, marks as symbols. Printed to
 * PDF in Chromium and read back with pdftotext. County names are real place names, figures made up.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { commands, userEvent } from 'vitest/browser';
import { CATALOG } from '../../src/core/data/catalog.ts';
import { cleanup, freshDbName, mountApp, testId, type Mounted } from './helpers.ts';
import { pageHtml, squash } from './print-helpers.ts';

afterEach(() => {
  vi.restoreAllMocks();
  return cleanup();
});

/** Prints through the toolbar's 打印 (the browser's print dispatches beforeprint) and returns the PDF's pages. */
async function print(m: Mounted, save?: string) {
  await userEvent.click(testId(m, 'print'));
  await expect.poll(() => document.querySelector('[data-testid="print-view"]')).not.toBeNull();
  const pdf = await commands.printPdf(pageHtml(), save);
  window.dispatchEvent(new Event('afterprint'));
  await expect.poll(() => document.querySelector('[data-testid="print-view"]')).toBeNull();
  return pdf;
}

const COUNTIES = ['江城区', '阳东区', '阳西县', '阳春市', '海陵区', '高新区', '东平县', '宁阳县', '岱岳区', '泰山区', '新泰市'];

describe('printing per reporting unit', () => {
  it('prints the unit shown, and the by-unit table of one year with the units as columns, in parts with the header on each page', async () => {
    const m = await mountApp({ dbName: freshDbName('print-units') });
    const s = m.app.session;
    COUNTIES.forEach((zh, i) => expect(s.addUnit({ id: `c${i + 1}`, name: { zh, en: `County ${i + 1}` }, parent: 'city', level: 'county', mode: 'reported' })).toBeNull());
    s.setCells([
      // 江城区: 普通高中 17 ≠ 6 + 7 + 5, an error on each of the four; 阳东区: a figure that cannot be read
      { key: 'schools_senior_high@2019#c1', raw: '17' },
      { key: 'schools_senior_high_complete@2019#c1', raw: '6' },
      { key: 'schools_senior_high_senior@2019#c1', raw: '7' },
      { key: 'schools_senior_high_12year@2019#c1', raw: '5' },
      { key: 'schools_senior_high@2019#c2', raw: '3所x' },
      { key: 'schools_senior_high@2019#c11', raw: '4' },
    ]);
    vi.spyOn(window, 'print').mockImplementation(() => void window.dispatchEvent(new Event('beforeprint')));

    await expect.poll(() => m.target.querySelector('[data-testid="unit-view"]')).toBeTruthy();
    // the unit view of 江城区: its figures and years, its findings in the appendix, not the city's figures
    await userEvent.selectOptions(testId(m, 'unit-view'), 'unit:c1');
    const one = await print(m);
    const oneText = one.pages.join('\n');
    expect(one.pages[0]).toContain('江城区');
    const row = oneText.split('\n').find((l) => l.includes('普通高中数'))!;
    expect(row).toMatch(/17\s*✖/);
    expect(squash(oneText)).not.toContain('934'); // the city's 2019 schools total is not 江城区's
    const appendix = squash(one.pages.slice(one.pages.findIndex((p) => p.includes('附录：未解决的检查结果'))).join(''));
    expect(appendix).toContain('江城区');
    expect(appendix).not.toContain('阳东区');

    // the by-unit view of 2019: 12 units → two parts (10 + 2 unit columns), each starting on a new page
    await userEvent.selectOptions(testId(m, 'unit-view'), 'units');
    const pdf = await print(m, import.meta.env.VITE_SCREENSHOTS ? 'print-units.pdf' : undefined);
    expect(Math.round(pdf.widthPt)).toBe(842);
    expect(pdf.pages[0]).toContain('各县（市、区）2019年');
    const appendixAt = pdf.pages.findIndex((p) => p.includes('附录：未解决的检查结果'));
    const table = pdf.pages.slice(0, appendixAt);
    const partAt = table.findIndex((p) => p.includes('第 2 部分，共 2 部分'));
    expect(table[0]).toContain('第 1 部分，共 2 部分');
    expect(partAt).toBeGreaterThan(0);
    // the header on every page of a part names its units, in tree order
    const heads = table.map((p) => squash(p.split('\n').find((l) => l.includes('指标') && l.includes('单位')) ?? ''));
    for (const h of heads.slice(0, partAt)) expect(h).toContain(squash(`全市 ${COUNTIES.slice(0, 9).join(' ')}`));
    for (const h of heads.slice(partAt)) expect(h).toContain(squash(COUNTIES.slice(9).join(' ')));
    expect(heads.slice(partAt).every((h) => !h.includes('江城区'))).toBe(true);
    // every indicator in each part, down to the last
    const last = squash(CATALOG.indicators.reduce((a, b) => (a.order > b.order ? a : b)).label.zh);
    expect(squash(table.slice(0, partAt).join(''))).toContain(last);
    expect(squash(table.slice(partAt).join(''))).toContain(last);
    // marks as symbols in the units' columns: 江城区's error, 阳东区's unreadable text; 新泰市 in part 2
    const seniorRow = table[0].split('\n').find((l) => l.includes('普通高中数'))!;
    expect(seniorRow).toMatch(/17\s*✖/);
    expect(seniorRow).toMatch(/3所x\s*◇/);
    const seniorRow2 = table.slice(partAt).join('\n').split('\n').find((l) => l.includes('普通高中数'))!;
    expect(seniorRow2).toMatch(/\b4\b/);
    // the appendix lists the year's findings of every unit
    expect(squash(pdf.pages.slice(appendixAt).join(''))).toContain('江城区');
  });
});
