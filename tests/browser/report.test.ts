/**
 * The 生成文字 view in real Chromium: opened from the toolbar (its code loaded on demand), the 2019
 * draft from the figures, updated as a figure is typed in the grid, a figure made inconsistent marked
 * 【待核】 and listed, the year switch, and the exports: plain text, and a .docx that is a valid zip
 * whose word/document.xml parses and holds the text.
 */
import axe from 'axe-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { checkZip, unzip } from '../../src/core/import/zip-check.ts';
import { CATALOG } from '../../src/core/data/catalog.ts';
import { loadRuleFile } from '../../src/core/rules/load.ts';
import rulesJson from '../../data/rules.json' with { type: 'json' };
import { captureDownloads, cleanup, freshDbName, mountApp, testId, visibleCell } from './helpers.ts';

/** The report's own rule set (data/rules.json), so the draft is marked as the app marks it. */
const RULES = loadRuleFile(rulesJson, CATALOG, 'data/rules.json');
const mount = (name: string) => mountApp({ dbName: freshDbName(name), rules: RULES });

afterEach(cleanup);
afterEach(() => vi.restoreAllMocks());

const draftText = (m: { target: HTMLElement }) => m.target.querySelector('[data-testid="report-text"]')?.textContent?.replace(/\s+/g, '') ?? '';

async function openReport(m: Awaited<ReturnType<typeof mountApp>>) {
  await userEvent.click(testId(m, 'report-toggle'));
  // the view's code loads on first use (in the test runner the dev server compiles it then: slow on a busy machine)
  await expect.poll(() => draftText(m), { timeout: 20_000 }).toContain('（一）教育发展规模。');
}

async function type(m: Awaited<ReturnType<typeof mountApp>>, indicator: string, period: string, text: string) {
  await userEvent.click(await visibleCell(m, indicator, period));
  await userEvent.keyboard(`${text}{Enter}`);
}

describe('生成文字', () => {
  it('drafts the 2019 text and follows the figures as they are typed', async () => {
    const m = await mount('report-live');
    expect(m.target.querySelector('[data-testid="report-view"]')).toBeNull();
    await openReport(m);
    expect(testId(m, 'report-toggle').getAttribute('aria-pressed')).toBe('true');
    expect(draftText(m)).toContain('全市各级各类学校（幼儿园）934所，在校生541261人。其中普通高校1所，在校生11255人；');
    expect(m.target.querySelector('[data-testid="report-none"]')).not.toBeNull();

    // a rate checked only against its range: the draft shows the new figure at once
    await type(m, 'ger_primary', '2019', '103.5');
    await expect.poll(() => draftText(m), { timeout: 5000 }).toContain('小学毛入学率103.5%、升学率100%');

    // a part that no longer adds up: the total and its parts are marked and listed, not written plainly
    await type(m, 'schools_senior_high_complete', '2019', '7');
    await expect.poll(() => draftText(m), { timeout: 5000 }).toContain('普通高中【待核：17所】1（完全中学【待核：7所】2，高级中学【待核：7所】3');
    const flags = testId(m, 'report-flags').textContent ?? '';
    expect(flags).toContain('普通高中数（2019）');
    expect(flags).toContain('与相关的数不一致');

    // the open view with marks has no serious or critical accessibility violation (axe-core)
    const r = await axe.run(testId(m, 'report-view'), { resultTypes: ['violations'] });
    expect(r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

    // undo puts the figure back, and the draft with it
    await userEvent.keyboard('{Control>}z{/Control}');
    await expect.poll(() => draftText(m), { timeout: 5000 }).toContain('普通高中17所（完全中学6所，高级中学7所，十二年一贯制4所）');
  });

  it('a new year: its 比上年 clause, a total whose parts are not typed yet unchecked; year and language switched', async () => {
    const m = await mount('report-year');
    await userEvent.click(testId(m, 'add-year'));
    await openReport(m);
    await type(m, 'schools_total', '2020', '929');
    await type(m, 'ger_preschool', '2020', '97.90');
    await userEvent.selectOptions(testId(m, 'report-year') as HTMLSelectElement, '2020');
    await expect.poll(() => draftText(m), { timeout: 5000 }).toContain('学前教育毛入园率97.90%，比上年降低0.33个百分点，适龄残疾儿童少年义务教育入学率【待核】');
    // 929 cannot be checked against parts nobody has typed: marked, and no 比上年 clause is drawn from it
    expect(draftText(m)).toContain('全市各级各类学校（幼儿园）【待核：929所】1，在校生【待核】2。');
    await userEvent.selectOptions(testId(m, 'report-lang') as HTMLSelectElement, 'en');
    await expect.poll(() => m.target.querySelector('[data-testid="report-text"]')?.textContent, { timeout: 5000 }).toContain('97.90%, down 0.33 percentage points on the year before');
  });

  it('a removed year falls back to the latest; without any year the view says so instead of breaking', async () => {
    const m = await mount('report-remove');
    await userEvent.click(testId(m, 'add-year'));
    await openReport(m);
    await userEvent.selectOptions(testId(m, 'report-year') as HTMLSelectElement, '2020');
    await expect.poll(() => draftText(m), { timeout: 5000 }).toContain('（2020年）');
    m.app.session.removePeriod('2020');
    await expect.poll(() => draftText(m), { timeout: 5000 }).toContain('（2019年）');
    m.app.session.removePeriod('2019');
    m.app.session.removePeriod('2018');
    await expect.poll(() => m.target.querySelector('[data-testid="report-no-year"]')?.textContent, { timeout: 5000 }).toContain('工作簿中还没有年份');
    m.app.session.undo();
    await expect.poll(() => draftText(m), { timeout: 5000 }).toContain('一、全市教育基本情况（2018年）');
  });

  it('exports plain text and a .docx whose document.xml holds the text', async () => {
    const m = await mount('report-export');
    await openReport(m);
    await type(m, 'schools_senior_high_complete', '2019', '7');
    await expect.poll(() => draftText(m), { timeout: 5000 }).toContain('【待核：17所】');
    const blobs = captureDownloads();

    await userEvent.click(testId(m, 'report-export-text'));
    expect(blobs).toHaveLength(1);
    const raw = new Uint8Array(await blobs[0].arrayBuffer());
    expect([...raw.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // a BOM, for Notepad
    const txt = new TextDecoder().decode(raw);
    expect(txt.startsWith('一、全市教育基本情况（2019年）\r\n\r\n（一）教育发展规模。全市各级各类学校（幼儿园）934所')).toBe(true);
    expect(txt).toContain('待核的数（4）');

    await userEvent.click(testId(m, 'report-export-docx'));
    expect(blobs).toHaveLength(2);
    expect(blobs[1].type).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const bytes = new Uint8Array(await blobs[1].arrayBuffer());
    const zip = checkZip(bytes);
    if (!zip.ok) throw new Error(`not a valid zip: ${zip.reason}`);
    expect(zip.names.sort()).toEqual(['[Content_Types].xml', '_rels/.rels', 'word/document.xml']);
    const files = await unzip(bytes, zip.entries);
    if (!files.ok) throw new Error(`a part does not unzip: ${files.reason}`);
    const xml = new TextDecoder().decode(files.files.get('word/document.xml'));
    const doc = new DOMParser().parseFromString(xml, 'application/xml');
    expect(doc.querySelector('parsererror')).toBeNull();
    const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
    const paragraphs = [...doc.getElementsByTagNameNS(W, 'p')].map((p) => [...p.getElementsByTagNameNS(W, 't')].map((t) => t.textContent).join(''));
    // the same text as the view and the text export, paragraph by paragraph
    expect(paragraphs.slice(0, 4)).toEqual(txt.split('\r\n\r\n').slice(0, 4));
    expect(paragraphs[1]).toContain('普通高中【待核：17所】（完全中学【待核：7所】');
    // the marked figures are highlighted
    expect(doc.getElementsByTagNameNS(W, 'highlight').length).toBe(4);
  });

  it('copies the text to the clipboard, and says so when the clipboard refuses', async () => {
    const m = await mount('report-copy');
    await openReport(m);
    const written: string[] = [];
    const spy = vi.spyOn(navigator.clipboard, 'writeText').mockImplementation(async (t: string) => {
      written.push(t);
    });
    await userEvent.click(testId(m, 'report-copy'));
    await expect.poll(() => testId(m, 'report-status').textContent).toBe('已复制');
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^一、全市教育基本情况（2019年）\n\n（一）教育发展规模。全市各级各类学校（幼儿园）934所/);
    spy.mockImplementation(async () => {
      throw new DOMException('Write permission denied.', 'NotAllowedError');
    });
    await userEvent.click(testId(m, 'report-copy'));
    await expect.poll(() => testId(m, 'report-status').textContent).toBe('无法写入剪贴板（Write permission denied.），请选中文字后按 Ctrl+C');
  });
});
