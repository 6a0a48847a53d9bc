import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../../src/core/data/catalog.ts';
import { parseValue } from '../../../src/core/parse/value.ts';
import { Workbook } from '../../../src/core/model/workbook.ts';
import type { Finding } from '../../../src/core/rules/types.ts';
import { boardRows as rowsWith, sortBoard, type BoardColumn } from '../../../src/core/rules/board.ts';
import { assessCompleteness } from '../../../src/core/rules/completeness.ts';

/** The board's lines with the completeness answer of the same findings (as the session gives it). */
const boardRows = (wb: Workbook, findings: Finding[], period: string, isDerived: (u: string) => boolean, checked: boolean) =>
  rowsWith(wb, findings, period, isDerived, checked, assessCompleteness(wb, findings, { error: 0, warning: 0, notComputable: 0, passed: 0 }));

/** A city with two counties and a school under the first; made-up figures for 2019. */
function round(figures: Record<string, string>) {
  const wb = new Workbook(CATALOG, ['2018', '2019']);
  wb.units.add({ id: 'jc', name: { zh: '江城区', en: 'Jiangcheng' }, parent: 'city', level: 'county', mode: 'reported' });
  wb.units.add({ id: 'yd', name: { zh: '阳东区', en: 'Yangdong' }, parent: 'city', level: 'county', mode: 'derived' });
  wb.units.add({ id: 'jc1', name: { zh: '江城一中', en: 'Jiangcheng No. 1' }, parent: 'jc', level: 'school', mode: 'reported' });
  wb.units.add({ id: 'yd1', name: { zh: '阳东一中', en: 'Yangdong No. 1' }, parent: 'yd', level: 'school', mode: 'reported' });
  wb.apply(
    Object.entries(figures).map(([key, raw]) => {
      const ind = wb.index.indicator(key.split('@')[0]);
      return { key, after: parseValue(raw, ind, wb.index.unitOf(ind)) };
    }),
  );
  return wb;
}

let n = 0;
const finding = (f: Partial<Finding>): Finding =>
  ({ id: `f${n++}`, ruleId: 'r', kind: 'balance', severity: 'error', outcome: 'failed', period: '2019', cells: [], code: 'x', params: {}, message: { zh: '', en: '' }, ...f }) as Finding;

const derived = (wb: Workbook) => (u: string) => wb.units.get(u)?.mode === 'derived' && wb.units.isParent(u);
const by = <T>(rows: { unit: { id: string } }[], pick: (r: never) => T) => Object.fromEntries(rows.map((r) => [r.unit.id, pick(r as never)]));

describe('the collection board counts findings by unit', () => {
  const wb = round({ 'schools_total@2019': '10' });
  const findings = [
    finding({}), // the city's error
    finding({ unit: 'jc' }),
    finding({ unit: 'jc' }),
    finding({ unit: 'jc', period: '2018' }), // another year
    finding({ unit: 'jc', outcome: 'not_computable' }),
    finding({ unit: 'yd', severity: 'warning' }),
    finding({ unit: 'yd', severity: 'warning', explanation: { reason: '撤并' } }),
    finding({ unit: 'jc1', severity: 'warning' }),
    finding({ unit: 'gone' }), // a unit no longer in the tree
  ];
  const rows = boardRows(wb, findings, '2019', derived(wb), false);

  it.each([
    ['city', 1, 0],
    ['jc', 2, 0],
    ['yd', 0, 1],
    ['jc1', 0, 1],
    ['yd1', 0, 0],
  ])('%s: %i errors, %i open warnings', (unit, errors, warnings) => {
    expect(by(rows, (r: { errors: number }) => r.errors)[unit]).toBe(errors);
    expect(by(rows, (r: { warnings: number }) => r.warnings)[unit]).toBe(warnings);
  });

  it('lists the units in tree order', () => {
    expect(rows.map((r) => r.unit.id)).toEqual(['city', 'jc', 'jc1', 'yd', 'yd1']);
  });
});

describe("the roll-up's state", () => {
  const wb = round({});
  it.each<[string, Finding[], boolean, Record<string, string>]>([
    ['no roll-up rules ran', [], false, { city: 'none', jc: 'none', yd: 'derived', jc1: 'none' }],
    ['roll-up rules ran and none failed', [], true, { city: 'ok', jc: 'ok', yd: 'derived', jc1: 'none' }],
    [
      'two city mismatches and one of 江城区',
      [finding({ kind: 'rollup' as never }), finding({ kind: 'rollup' as never }), finding({ kind: 'rollup' as never, unit: 'jc' })],
      true,
      { city: 'failed:2', jc: 'failed:1', yd: 'derived', jc1: 'none' },
    ],
    ['a roll-up that could not be checked', [finding({ kind: 'rollup' as never, outcome: 'not_computable', unit: 'jc' })], true, { city: 'ok', jc: 'partial:1', yd: 'derived', jc1: 'none' }],
  ])('%s', (_, findings, checked, want) => {
    const rows = boardRows(wb, findings, '2019', derived(wb), checked);
    const got = by(rows, (r: { rollup: { kind: string; n?: number } }) => (r.rollup.kind === 'failed' || r.rollup.kind === 'partial' ? `${r.rollup.kind}:${r.rollup.n}` : r.rollup.kind));
    for (const [u, s] of Object.entries(want)) expect(got[u], u).toBe(s);
    // a roll-up mismatch is the roll-up's, not one of the unit's own errors
    expect(rows.every((r) => r.errors === 0)).toBe(true);
  });
});

describe('received, returned, missing, valid and complete', () => {
  it('each unit\'s own answer: a school that sent nothing in the schools\' round is not received, a derived county follows its school; unreadable text makes a unit invalid', () => {
    const wb = round({
      'schools_total@2019': '1,009',
      'students_total@2019': '54万',
      'schools_total@2019#jc': '300',
      'students_total@2019#jc': '十二万x',
      'teachers_total@2019#yd1': '800',
    });
    wb.collection.set('jc', { received: { time: '2026-11-30T08:00:00Z', file: '江城区.xlsx' }, returned: { time: '2026-11-30T09:00:00Z', note: '学生数无法识别' } });
    const rows = boardRows(wb, [], '2019', derived(wb), false);
    expect(by(rows, (r: { completeness: string }) => r.completeness)).toEqual({ city: 'complete', jc: 'complete', jc1: 'not_received', yd: 'derived', yd1: 'complete' });
    expect(by(rows, (r: { missing: unknown[] }) => r.missing.length)).toEqual({ city: 0, jc: 0, jc1: 0, yd: 0, yd1: 0 });
    expect(by(rows, (r: { valid: boolean }) => r.valid)).toEqual({ city: true, jc: false, jc1: true, yd: true, yd1: true });
    expect(by(rows, (r: { complete: boolean }) => r.complete)).toEqual({ city: true, jc: true, jc1: false, yd: true, yd1: true });
    expect(rows.find((r) => r.unit.id === 'jc')).toMatchObject({ received: { file: '江城区.xlsx' }, returned: { note: '学生数无法识别' } });
    expect(rows.find((r) => r.unit.id === 'yd')?.received).toBeUndefined();
  });

  it('a county misses what another county gave; a derived county waits for its school (pending 1); in a year only a school reported, its parents are due (their figures check the roll-up), the other county is not', () => {
    const wb = round({ 'schools_total@2019#jc': '300', 'students_total@2019#jc': '120000', 'schools_total@2019#yd': '280', 'teachers_total@2019#yd1': '800', 'teachers_total@2018#yd1': '790', 'students_total@2018#yd1': '9000' });
    wb.units.setMode('yd', 'reported');
    wb.units.add({ id: 'yx', name: { zh: '阳西县', en: 'Yangxi' }, parent: 'city', level: 'county', mode: 'derived' });
    wb.units.add({ id: 'yx1', name: { zh: '阳西一中', en: 'Yangxi No. 1' }, parent: 'yx', level: 'school', mode: 'reported' });
    wb.apply([{ key: 'students_total@2019#yx1', after: { raw: '5', state: 'value', n: 5, lo: 5, hi: 5 } }]);
    const rows = boardRows(wb, [], '2019', derived(wb), false);
    expect(rows.find((r) => r.unit.id === 'yd')!.missing).toEqual([{ indicator: 'students_total', period: '2019', unit: 'yd' }]);
    expect(rows.find((r) => r.unit.id === 'yd1')!.missing.map((m) => m.indicator)).toEqual(['students_total']);
    expect(rows.find((r) => r.unit.id === 'yx')).toMatchObject({ completeness: 'derived', pending: 0, complete: true });
    expect(by(rows, (r: { completeness: string }) => r.completeness)).toMatchObject({ city: 'not_received', jc: 'complete', yd: 'incomplete', jc1: 'not_received', yd1: 'incomplete' });
    const y2018 = boardRows(wb, [], '2018', derived(wb), false);
    expect(by(y2018, (r: { completeness: string }) => r.completeness)).toMatchObject({ city: 'not_received', jc: 'not_due', yd: 'not_received', jc1: 'not_received', yd1: 'complete' });
  });
});

describe('sorting the board', () => {
  const wb = round({ 'schools_total@2019': '10', 'schools_total@2019#jc': '6', 'students_total@2019#jc': '100' });
  wb.collection.set('yd', { received: { time: '2026-11-30T10:00:00Z', file: 'b.xlsx' } });
  wb.collection.set('jc1', { received: { time: '2026-11-30T08:00:00Z', file: 'a.xlsx' } });
  const rows = boardRows(wb, [finding({ unit: 'yd1' }), finding({ unit: 'yd1' }), finding({ unit: 'jc' })], '2019', derived(wb), false);
  it.each<[BoardColumn, 1 | -1, string[]]>([
    ['unit', 1, ['city', 'jc', 'jc1', 'yd', 'yd1']],
    ['unit', -1, ['yd1', 'yd', 'jc1', 'jc', 'city']],
    ['errors', -1, ['yd1', 'jc', 'city', 'jc1', 'yd']], // ties keep tree order
    ['missing', 1, ['jc1', 'yd1', 'city', 'jc', 'yd']], // not due first, not received last
    ['received', -1, ['jc1', 'yd', 'city', 'jc', 'yd1']],
    ['when', 1, ['city', 'jc', 'yd1', 'jc1', 'yd']],
    ['file', 1, ['city', 'jc', 'yd1', 'jc1', 'yd']],
  ])('by %s (%i)', (col, dir, order) => {
    expect(sortBoard(rows, col, dir, 'en').map((r) => r.unit.id)).toEqual(order);
  });
});
