import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../../src/core/data/catalog.ts';
import { findIndicators, findInNotes, normaliseQuery, passesFilter, type RowFacts, type RowFilter } from '../../../src/core/find/find.ts';
import type { Indicator } from '../../../src/core/model/catalog.ts';

/** A made-up catalog in the shape of a bulletin's rows (names and aliases invented, not the app's catalog). */
const ind = (id: string, zh: string, en: string, aliases: string[] = []): Indicator => ({
  id,
  label: { zh, en },
  section: 's',
  parent: null,
  order: 0,
  unit: 'person',
  kind: 'count',
  decimals: 0,
  aliases,
});
const CAT: Indicator[] = [
  ind('schools_total', '各级各类学校数', 'Schools of all levels and types', ['学校总数']),
  ind('students_primary', '小学在校生数', 'Enrolment, primary schools', ['小学生数', '小学在校学生']),
  ind('students_senior_high', '普通高中在校生数', 'Enrolment, regular senior high schools', ['高中在校生']),
  ind('teachers_primary', '小学专任教师数', 'Full-time teachers, primary schools'),
  ind('rate_senior_high_gross', '高中阶段毛入学率', 'Gross enrolment ratio, senior secondary'),
];

describe('finding an indicator', () => {
  it.each([
    // query, expected ids best first
    ['小学在校生数', ['students_primary']],
    ['小学', ['students_primary', 'teachers_primary']],
    ['在校生', ['students_primary', 'students_senior_high']],
    ['高中', ['students_senior_high', 'rate_senior_high_gross']], // an alias starting with it, then inside a name
    ['学校总数', ['schools_total']], // by alias
    ['小学在校学生', ['students_primary']],
    ['students_primary', ['students_primary']], // by id
    ['Students Primary', ['students_primary']], // id with a space for the underscore, any case
    ['ＳＣＨＯＯＬＳ', ['schools_total', 'students_primary', 'students_senior_high', 'teachers_primary']], // full-width letters; the start of a name first
    ['enrolment', ['students_primary', 'students_senior_high', 'rate_senior_high_gross']],
    ['teachers primary', ['teachers_primary']], // English words in any order
    ['primary teachers', ['teachers_primary']],
    ['enrol senior', ['students_senior_high', 'rate_senior_high_gross']],
    ['幼儿园', []],
    ['   ', []],
  ] as const)('%s → %j', (q, ids) => {
    expect(findIndicators(q, CAT).map((h) => h.id)).toEqual(ids);
  });

  it('an exact name ranks before a name that merely contains the query', () => {
    const hits = findIndicators('小学在校生数', [ind('a', '小学在校生数（含教学点）', 'x'), ind('b', '小学在校生数', 'y')]);
    expect(hits.map((h) => [h.id, h.rank])).toEqual([
      ['b', 0],
      ['a', 1],
    ]);
  });

  it('every indicator of the app’s catalog is found first by its own Chinese name, English name and id', () => {
    for (const i of CATALOG.indicators) {
      for (const q of [i.label.zh, i.label.en, i.id]) {
        const hits = findIndicators(q, CATALOG.indicators);
        expect(hits[0]?.rank, q).toBe(0);
        expect(hits.filter((h) => h.rank === 0).map((h) => h.id), q).toContain(i.id);
      }
    }
  });

  it('every hit contains the query (after normalising) unless it matched word by word', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 4 }), (q) => {
        const n = normaliseQuery(q);
        for (const h of findIndicators(q, CATALOG.indicators)) {
          const i = CATALOG.indicators.find((x) => x.id === h.id)!;
          const texts = [i.id, i.label.zh, i.label.en, ...i.aliases].map(normaliseQuery);
          if (h.rank < 3) expect(texts.some((t) => t.includes(n))).toBe(true);
        }
      }),
    );
  });
});

describe('finding text in notes', () => {
  const notes = new Map([
    ['students_vocational@2020', { text: '新校区投入使用，中职招生增加' }],
    ['schools_total@2019', { text: 'Includes the NEW campus (pending)' }],
    ['__proto__@2019', { text: '口径：含技工学校' }],
  ]);
  const ind = (k: string) => k.split('@')[0];
  it.each<[string, string[]]>([
    ['新校区', ['students_vocational@2020']],
    ['中职 招生', ['students_vocational@2020']],
    ['new campus', ['schools_total@2019']],
    ['ＮＥＷ', ['schools_total@2019']],
    ['口径含技工', ['__proto__@2019']],
    ['校', ['students_vocational@2020', '__proto__@2019']],
    ['', []],
    ['  ', []],
    ['民办', []],
  ])('%j → %j', (q, keys) => {
    const hits = findInNotes(q, notes, ind);
    expect(hits.map((h) => h.key)).toEqual(keys);
    for (const h of hits) expect([h.id, h.field]).toEqual([ind(h.key!), 'note']);
  });
});

describe('row filters', () => {
  const row = (r: Partial<RowFacts>): RowFacts => ({ section: 'scale', errors: 0, warnings: 0, suspects: 0, missing: 0, changed: 0, notes: 0, followUp: 0, ...r });
  it.each<[RowFilter, Partial<RowFacts>, boolean]>([
    [{ kind: 'all' }, {}, true],
    [{ kind: 'errors' }, { errors: 1 }, true],
    [{ kind: 'errors' }, { warnings: 2 }, false],
    [{ kind: 'warnings' }, { warnings: 2 }, true],
    [{ kind: 'suspects' }, { errors: 1 }, false],
    [{ kind: 'suspects' }, { suspects: 1 }, true],
    [{ kind: 'missing' }, { missing: 1 }, true],
    [{ kind: 'changed' }, {}, false],
    [{ kind: 'changed' }, { changed: 3 }, true],
    [{ kind: 'notes' }, { followUp: 1 }, false],
    [{ kind: 'notes' }, { notes: 2 }, true],
    [{ kind: 'followUp' }, { notes: 2 }, false],
    [{ kind: 'followUp' }, { followUp: 1 }, true],
    [{ kind: 'section', section: 'scale' }, {}, true],
    [{ kind: 'section', section: 'teachers' }, {}, false],
  ])('%j on %j → %s', (f, r, pass) => {
    expect(passesFilter(f, row(r))).toBe(pass);
  });
});
