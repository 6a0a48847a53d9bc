/**
 * Round trip with the report: the 2019 draft of 一、基本情况 reproduces the report's own paragraphs —
 * every number in the same order, and the same text up to the width of punctuation and spacing.
 * The paragraphs compared against are committed (fixtures/report-2019-basic.json, copied from the public
 * report), so this runs without ../shared; where the seed is present the fixture is checked against it.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { SEED_PATH, SEED_PRESENT } from '../data/completeness.ts';
import { paragraphText } from '../../../src/core/report/index.ts';
import { baseline, comparable, draftOf, numberDifferences, numbersOf } from './helpers.ts';

const FIXTURE = JSON.parse(readFileSync(new URL('./fixtures/report-2019-basic.json', import.meta.url), 'utf8')) as { paragraphs: string[] };
const REPORT_NUMBERS = JSON.parse(readFileSync(new URL('../../../data/report-numbers.json', import.meta.url), 'utf8')) as { numbers: { text: string; context: string }[] };

describe('the 2019 draft against the report’s 基本情况', () => {
  const draft = draftOf(baseline(), '2019');
  const paragraphs = draft.paragraphs.map(paragraphText);

  it('has the report’s three paragraphs, in order', () => {
    expect(draft.paragraphs.map((p) => p.section)).toEqual(['scale', 'participation', 'teachers']);
    expect(paragraphs).toHaveLength(FIXTURE.paragraphs.length);
  });

  it.each([0, 1, 2])('paragraph %i: every number of the report, in the same order (differences listed)', (i) => {
    const report = numbersOf(FIXTURE.paragraphs[i]);
    expect(report.length).toBeGreaterThan(5);
    expect(numberDifferences(numbersOf(paragraphs[i]), report)).toEqual([]);
  });

  it.each([0, 1, 2])('paragraph %i: the same words and structure (punctuation width and spaces aside)', (i) => {
    expect(comparable(paragraphs[i])).toBe(comparable(FIXTURE.paragraphs[i]));
  });

  it('marks nothing: every 2019 figure is reported and checked', () => {
    expect(draft.flags).toEqual([]);
    expect(paragraphs.join('')).not.toContain('待核');
  });

  it('the comparison lists a difference when a figure drifts (the test can fail)', () => {
    const wb = baseline();
    wb.apply([{ key: 'schools_primary@2019', after: { ...wb.getByKey('schools_primary@2019'), raw: '155', n: 155, lo: 155, hi: 155 } }]);
    const drifted = draftOf(wb, '2019').paragraphs.map(paragraphText)[0];
    const diffs = numberDifferences(numbersOf(drifted), numbersOf(FIXTURE.paragraphs[0]));
    // the changed part, and its total and sibling now in doubt, are no longer written as the report's numbers
    expect(diffs.length).toBeGreaterThan(0);
    expect(diffs.join('\n')).toContain('report 154');
  });

  it('the English draft carries the same figures in English notation', () => {
    const en = draftOf(baseline(), '2019', 'en');
    const text = en.paragraphs.map(paragraphText).join(' ');
    expect(en.flags).toEqual([]);
    for (const s of ['541,261', '8,154', '98.23%', '100%', '1:14.7', '55.5:44.5', 'Regular higher-education institutions 1']) expect(text).toContain(s);
    // the same numbers in the same order as the Chinese draft, thousands separators aside
    // the headings (1) (2) (3) and the label "12-year schools" aside, thousands separators removed
    const enNumbers = numbersOf(text.replace(/\(\d\) /g, '').replace(/12-year/g, '').replace(/(\d),(?=\d{3})/g, '$1'));
    expect(enNumbers).toEqual(numbersOf(paragraphs.join('')));
  });
});

describe('the committed paragraphs are the report’s', () => {
  it('their numbers are the run of data/report-numbers.json (written from the seed) that starts at 一(一)', () => {
    const all = REPORT_NUMBERS.numbers;
    const start = all.findIndex((n) => n.text === '934' && n.context.includes('各级各类学校'));
    expect(start).toBeGreaterThan(0);
    const mine = FIXTURE.paragraphs.flatMap(numbersOf);
    expect(all.slice(start, start + mine.length).map((n) => n.text)).toEqual(mine);
  });

  it.runIf(SEED_PRESENT)('each paragraph is in the seed verbatim', () => {
    const seed = readFileSync(SEED_PATH, 'utf8');
    for (const p of FIXTURE.paragraphs) expect(seed).toContain(p);
  });
});
