import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CATALOG } from '../../../src/core/data/catalog.ts';
import { BASELINE_2019_JSON } from '../../../src/core/data/baseline.ts';
import { readWorkbookJson, workbookFromJson, workbookSchemaIssues, workbookToJson, type WorkbookFile } from '../../../src/core/io/workbook-json.ts';
import type { Workbook } from '../../../src/core/model/workbook.ts';
import type { ChangeRecord } from '../../../src/core/model/annotations.ts';
import { parseValue } from '../../../src/core/parse/value.ts';

// Notes, follow-up flags, change histories, the import log and explanations in the workbook JSON (issue 18). Figures are made up.

const K = 'schools_total@2019';
const EMPTY_KEY = 'schools_total@2018';

function annotated(): Workbook {
  const wb = workbookFromJson(BASELINE_2019_JSON, CATALOG);
  const raw = wb.getByKey(K).raw;
  wb.notes.set(K, { text: '新校区投入使用，中职招生增加', time: '2026-11-30T10:02:00.000Z' });
  wb.notes.set(EMPTY_KEY, { text: '2018 年数待补', time: '2026-11-30T10:05:00.000Z' });
  wb.followUp.set(K, { time: '2026-11-30T10:03:00.000Z', reason: '请县局核实' });
  wb.followUp.set('students_total@2019', { time: '2026-11-30T10:04:00.000Z' });
  wb.history.set(K, [
    { time: '2026-11-30T09:00:00.000Z', before: '', after: '1 234', how: 'imported', file: '县表.xlsx', sheet: '表1', row: 12, dropped: 4 },
    { time: '2026-11-30T09:30:00.000Z', before: '1 234', after: raw, how: 'typed' },
  ]);
  wb.explain('senior_high_balance|2019', { reason: '新校区投入使用', by: 'user' });
  wb.importLog = [{ time: '2026-11-30T09:00:00.000Z', file: '县表.xlsx', size: 4096, cellsNew: 3, cellsChanged: 1, mapping: [{ label: '学校总数', indicator: 'schools_total' }, { label: '备注', indicator: null }] }];
  return wb;
}

const roundTrip = (wb: Workbook) => workbookFromJson(JSON.parse(JSON.stringify(workbookToJson(wb))), CATALOG);

describe('workbook JSON: annotations are exported and read back', () => {
  it('the exported file is schema-valid and names every annotated figure', () => {
    const file = workbookToJson(annotated());
    expect(workbookSchemaIssues(JSON.parse(JSON.stringify(file)))).toEqual([]);
    expect(file.notes?.map((n) => `${n.indicator}@${n.period}`)).toEqual(['schools_total@2018', 'schools_total@2019']);
    expect(file.followUp).toContainEqual({ indicator: 'schools_total', period: '2019', time: '2026-11-30T10:03:00.000Z', reason: '请县局核实' });
    expect(file.history?.[0]).toMatchObject({ indicator: 'schools_total', period: '2019' });
    expect(file.explanations?.['senior_high_balance|2019']).toEqual({ reason: '新校区投入使用', by: 'user' });
  });

  it('reading it back gives the same notes, flags, histories, import log and explanations', () => {
    const wb = annotated();
    const back = roundTrip(wb);
    expect([...back.notes]).toEqual([...wb.notes].sort());
    expect(new Map(back.followUp)).toEqual(new Map(wb.followUp));
    expect(new Map(back.history)).toEqual(new Map(wb.history));
    expect(back.importLog).toEqual(wb.importLog);
    expect(new Map(back.explanations)).toEqual(new Map(wb.explanations));
  });

  it('property: any notes, flags and replayable histories on catalog figures round-trip', () => {
    const ids = CATALOG.indicators.slice(0, 20).map((i) => i.id);
    const key = fc.tuple(fc.constantFrom(...ids), fc.constantFrom('2018', '2019')).map(([i, p]) => `${i}@${p}`);
    const text = fc.string({ minLength: 1, maxLength: 30 });
    const how = fc.constantFrom<ChangeRecord['how']>('typed', 'pasted', 'filled', 'cleared', 'imported', 'suggestion', 'undo', 'redo', 'derived');
    fc.assert(
      fc.property(
        fc.dictionary(key, text),
        fc.dictionary(key, fc.option(text, { nil: undefined })),
        fc.dictionary(key, fc.array(fc.record({ after: fc.oneof(fc.constant(''), fc.integer({ min: 0, max: 9999 }).map(String)), how }), { minLength: 1, maxLength: 5 })),
        (notes, flags, steps) => {
          const wb = workbookFromJson(BASELINE_2019_JSON, CATALOG);
          for (const [k, t] of Object.entries(notes)) wb.notes.set(k, { text: t, time: 't' });
          for (const [k, r] of Object.entries(flags)) wb.followUp.set(k, r === undefined ? { time: 't' } : { time: 't', reason: r });
          for (const [k, list] of Object.entries(steps)) {
            // a history that ends at the figure's text: replay it into the workbook
            let before = wb.getByKey(k).raw;
            const ind = wb.index.indicator(k.slice(0, k.indexOf('@')));
            for (const s of list) {
              wb.apply([{ key: k, after: s.after === '' ? { raw: '', state: 'empty' } : { ...wb.getByKey(k), raw: s.after } }]);
              wb.history.set(k, [...(wb.history.get(k) ?? []), { time: 't', before, after: s.after, how: s.how }]);
              before = s.after;
            }
            // re-parse so the file's value fields agree with the raw text
            const v = wb.getByKey(k);
            if (v.raw) wb.apply([{ key: k, after: { ...parseRaw(wb, ind.id, v.raw) } }]);
          }
          const back = roundTrip(wb);
          expect(new Map(back.notes)).toEqual(new Map(wb.notes));
          expect(new Map(back.followUp)).toEqual(new Map(wb.followUp));
          expect(new Map(back.history)).toEqual(new Map([...wb.history].filter(([, l]) => l.length)));
        },
      ),
      { numRuns: 60 },
    );
  });
});

function parseRaw(wb: Workbook, id: string, raw: string) {
  const ind = wb.index.indicator(id);
  return parseValue(raw, ind, wb.index.unitOf(ind));
}

describe('workbook JSON: bad annotations are refused with the place and what was expected', () => {
  const base = (): WorkbookFile => JSON.parse(JSON.stringify(workbookToJson(annotated()))) as WorkbookFile;
  type Bad = [string, (f: WorkbookFile) => void, string];
  const BAD: Bad[] = [
    ['a note on an unknown indicator', (f) => (f.notes![0].indicator = 'no_such'), '/notes/0'],
    ['a note in a year not listed', (f) => (f.notes![0].period = '2030'), '/notes/0'],
    ['the same figure noted twice', (f) => f.notes!.push({ ...f.notes![0] }), '/notes/2'],
    ['an empty note text', (f) => (f.notes![0].text = ''), '/notes/0/text'],
    ['a history that does not end at the figure', (f) => (f.history![0].changes.at(-1)!.after = '999999'), '/history/0'],
    ['a change of unknown kind', (f) => ((f.history![0].changes[0] as { how: string }).how = 'magic'), '/history/0/changes/0/how'],
    ['a change in row 0', (f) => (f.history![0].changes[0].row = 0), '/history/0/changes/0/row'],
    ['more than 50 changes of one figure', (f) => (f.history![0].changes = Array.from({ length: 51 }, () => ({ ...f.history![0].changes[1] }))), '/history/0/changes'],
    ['an import log entry without a file', (f) => delete (f.importLog![0] as { file?: string }).file, '/importLog/0'],
    ['a flag on an unknown indicator', (f) => (f.followUp![0].indicator = 'no_such'), '/followUp/0'],
  ];
  it.each(BAD)('%s', (_, spoil, path) => {
    const f = base();
    spoil(f);
    const r = readWorkbookJson(f, CATALOG, '县表.json');
    expect(r.workbook).toBeNull();
    expect(r.issues.map((i) => i.path)).toContain(path);
    for (const i of r.issues) expect(i.message.zh).toContain('县表.json');
  });
});
