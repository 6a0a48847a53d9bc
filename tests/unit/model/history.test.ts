import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { appendChange, describeChange, describeImport, earlierTexts, formatTime, HISTORY_LIMIT, placesOf } from '../../../src/core/model/history.ts';
import type { ChangeRecord, ImportLogEntry } from '../../../src/core/model/annotations.ts';

// The change history's pure helpers (issue 18): the bound, the text shown for one change.

/** An ISO time for a local wall-clock time (the text shows local time, whatever the machine's zone). */
const at = (y: number, mo: number, d: number, h: number, mi: number) => new Date(y, mo - 1, d, h, mi).toISOString();
const T = at(2026, 11, 30, 10, 2);

describe('describeChange: one change as a short line, in Chinese and English', () => {
  const CASES: [string, ChangeRecord, string, string][] = [
    [
      'an import names file and row',
      { time: T, before: '1 234', after: '1 243', how: 'imported', file: '县表.xlsx', row: 12 },
      '2026-11-30 10:02 导入 县表.xlsx 第 12 行：1 234 → 1 243',
      '2026-11-30 10:02 imported from 县表.xlsx, row 12: 1 234 → 1 243',
    ],
    [
      'an import with a sheet',
      { time: T, before: '', after: '9', how: 'imported', file: 'a.xlsx', sheet: '表1', row: 3 },
      '2026-11-30 10:02 导入 a.xlsx 工作表“表1” 第 3 行：（空） → 9',
      '2026-11-30 10:02 imported from a.xlsx, sheet "表1", row 3: (empty) → 9',
    ],
    ['typed', { time: T, before: '71', after: '17', how: 'typed' }, '2026-11-30 10:02 输入：71 → 17', '2026-11-30 10:02 typed: 71 → 17'],
    ['pasted', { time: T, before: '', after: '1.6万', how: 'pasted' }, '2026-11-30 10:02 粘贴：（空） → 1.6万', '2026-11-30 10:02 pasted: (empty) → 1.6万'],
    ['filled', { time: T, before: '3', after: '0', how: 'filled' }, '2026-11-30 10:02 填充：3 → 0', '2026-11-30 10:02 filled: 3 → 0'],
    ['cleared', { time: T, before: '934', after: '', how: 'cleared' }, '2026-11-30 10:02 清除：934 → （空）', '2026-11-30 10:02 cleared: 934 → (empty)'],
    ['a suggestion', { time: T, before: '71', after: '17', how: 'suggestion' }, '2026-11-30 10:02 采纳建议：71 → 17', '2026-11-30 10:02 accepted a suggestion: 71 → 17'],
    ['undo', { time: T, before: '17', after: '71', how: 'undo' }, '2026-11-30 10:02 撤销：17 → 71', '2026-11-30 10:02 undone: 17 → 71'],
    ['redo', { time: T, before: '71', after: '17', how: 'redo' }, '2026-11-30 10:02 重做：71 → 17', '2026-11-30 10:02 redone: 71 → 17'],
    ['derived', { time: T, before: '10', after: '12', how: 'derived' }, '2026-11-30 10:02 推算：10 → 12', '2026-11-30 10:02 derived: 10 → 12'],
    ['a reset to the report (not an import)', { time: T, before: '5', after: '941', how: 'reset' }, '2026-11-30 10:02 恢复为报告数据：5 → 941', "2026-11-30 10:02 reset to the report's figures: 5 → 941"],
    ['time unknown (an older version)', { time: '', before: '7', after: '8', how: 'suggestion' }, '时间不详 采纳建议：7 → 8', 'time unknown accepted a suggestion: 7 → 8'],
    [
      'older changes dropped',
      { time: T, before: '1', after: '2', how: 'typed', dropped: 12 },
      '2026-11-30 10:02 输入：1 → 2（更早的 12 次修改未保留）',
      '2026-11-30 10:02 typed: 1 → 2 (12 earlier changes not kept)',
    ],
    ['one dropped', { time: T, before: '1', after: '2', how: 'typed', dropped: 1 }, '2026-11-30 10:02 输入：1 → 2（更早的 1 次修改未保留）', '2026-11-30 10:02 typed: 1 → 2 (1 earlier change not kept)'],
  ];
  it.each(CASES)('%s', (_, r, zh, en) => {
    expect(describeChange(r, 'zh')).toBe(zh);
    expect(describeChange(r, 'en')).toBe(en);
  });

  it.each([
    ['', undefined],
    ['not a time', undefined],
    [at(2027, 1, 5, 7, 9), '2027-01-05 07:09'],
  ])('formatTime(%j) = %j', (iso, want) => expect(formatTime(iso)).toBe(want));
});

describe('appendChange: bounded, counting what it drops', () => {
  it(`property: after any number of appends the last ${HISTORY_LIMIT} are kept in order and kept + dropped = all`, () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 * HISTORY_LIMIT }), fc.integer({ min: 1, max: 60 }), (n, limit) => {
        let list: ChangeRecord[] = [];
        for (let i = 0; i < n; i++) list = appendChange(list, { time: 't', before: String(i), after: String(i + 1), how: 'typed' }, limit);
        expect(list.length).toBe(Math.min(n, limit));
        expect(list.at(-1)!.after).toBe(String(n));
        expect(list.map((r) => r.before)).toEqual(Array.from({ length: list.length }, (_, i) => String(n - list.length + i)));
        expect(list.length + (list[0].dropped ?? 0)).toBe(n);
        expect(list.slice(1).every((r) => r.dropped === undefined)).toBe(true);
      }),
    );
  });
});

describe('placesOf: where imported figures were', () => {
  it('keeps sheet and 1-based row; a JSON value (row 0) has no row', () => {
    expect(
      placesOf([
        { key: 'a@2019', place: { sheet: '表1', row: 12 } },
        { key: 'b@2019', place: { row: 3 } },
        { key: 'c@2019', place: { row: 0 } },
      ]),
    ).toEqual(
      new Map([
        ['a@2019', { sheet: '表1', row: 12 }],
        ['b@2019', { row: 3 }],
        ['c@2019', {}],
      ]),
    );
  });
});

describe('earlierTexts: the texts before accepted suggestions still in effect', () => {
  const r = (how: ChangeRecord['how'], before: string, after: string): ChangeRecord => ({ time: 't', before, after, how });
  it.each([
    ['none', [], []],
    ['one accepted', [r('typed', '', '71'), r('suggestion', '71', '17')], ['71']],
    ['accepted, undone', [r('typed', '', '71'), r('suggestion', '71', '17'), r('undo', '17', '71')], []],
    ['accepted, undone, redone', [r('suggestion', '71', '17'), r('undo', '17', '71'), r('redo', '71', '17')], ['71']],
    ['accepted, undone, accepted again', [r('suggestion', '71', '17'), r('undo', '17', '71'), r('suggestion', '71', '17')], ['71']],
    ['a later edit undone leaves the suggestion', [r('suggestion', '71', '17'), r('typed', '17', '18'), r('undo', '18', '17')], ['71']],
    ['two accepted', [r('suggestion', '71', '17'), r('typed', '17', '5'), r('suggestion', '5', '6')], ['71', '5']],
  ] as [string, ChangeRecord[], string[]][])('%s', (_, list, want) => expect(earlierTexts(list)).toEqual(want));
});

describe('describeImport: one import log entry as a line, in Chinese and English', () => {
  const map = (n: number, out: number) => Array.from({ length: n }, (_, i) => ({ label: `名${i}`, indicator: i < out ? null : `ind${i}` }));
  const cases: { e: ImportLogEntry; unit?: string; zh: string; en: string }[] = [
    {
      e: { time: T, file: '县表.xlsx', size: 12_390, cellsNew: 5, cellsChanged: 3, mapping: map(75, 2) },
      zh: '2026-11-30 10:02 导入 县表.xlsx（12.1 KB）：新增 5，修改 3；对照 75 项（2 项不导入）',
      en: '2026-11-30 10:02 imported 县表.xlsx (12.1 KB): 5 new, 3 changed; 75 names mapped (2 left out)',
    },
    {
      e: { time: T, file: 'a.csv', size: 900, cellsNew: 0, cellsChanged: 1, unit: 'nanhu', mapping: map(1, 0) },
      unit: '南湖县',
      zh: '2026-11-30 10:02 导入 a.csv（900 B） · 南湖县：新增 0，修改 1；对照 1 项',
      en: '2026-11-30 10:02 imported a.csv (900 B) · 南湖县: 0 new, 1 changed; 1 name mapped',
    },
    {
      e: { time: T, file: 'round.csv', size: 9_750_000, cellsNew: 225_000, cellsChanged: 0, mapping: [] },
      zh: '2026-11-30 10:02 导入 round.csv（9.3 MB）：新增 225000，修改 0；对照 0 项',
      en: '2026-11-30 10:02 imported round.csv (9.3 MB): 225000 new, 0 changed; 0 names mapped',
    },
    {
      e: { time: T, kind: 'reset', file: 'data/baseline-2019.json', size: 0, cellsNew: 0, cellsChanged: 4, mapping: [] },
      zh: '2026-11-30 10:02 恢复为报告数据（data/baseline-2019.json）：新增 0，修改 4',
      en: "2026-11-30 10:02 reset to the report's figures (data/baseline-2019.json): 0 new, 4 changed",
    },
    {
      e: { time: 'not a time', file: 'b.xlsx', size: 1024, cellsNew: 1, cellsChanged: 0, mapping: map(2, 0) },
      zh: '时间不详 导入 b.xlsx（1.0 KB）：新增 1，修改 0；对照 2 项',
      en: 'time unknown imported b.xlsx (1.0 KB): 1 new, 0 changed; 2 names mapped',
    },
  ];
  it.each(cases)('$zh', ({ e, unit, zh, en }) => {
    expect(describeImport(e, 'zh', unit)).toBe(zh);
    expect(describeImport(e, 'en', unit)).toBe(en);
  });
});
