import { describe, expect, it } from 'vitest';
import { tu, UNITS_TABLES } from '../../../src/ui/units-i18n.ts';
import { TABLES } from '../../../src/ui/i18n.ts';

const params = (text: string) => new Set([...text.matchAll(/\{(\w+)(?:\|[^|}]*\|[^}]*)?\}/g)].map((m) => m[1]));

describe('the units screens’ messages (loaded with them)', () => {
  it('name the same parameters in both languages and leave no plural form unfilled', () => {
    for (const key of Object.keys(UNITS_TABLES.zh) as (keyof typeof UNITS_TABLES.zh)[]) {
      expect([...params(UNITS_TABLES.en[key])].sort(), key).toEqual([...params(UNITS_TABLES.zh[key])].sort());
      const filled = Object.fromEntries([...UNITS_TABLES.en[key].matchAll(/\{(\w+)/g)].map((m) => [m[1], 2]));
      expect(tu('en', key, filled), key).not.toMatch(/\{\w+(\|[^}]*)?\}/);
    }
  });

  it('do not reuse a key of the main table (one key, one text)', () => {
    for (const key of Object.keys(UNITS_TABLES.zh)) expect(Object.hasOwn(TABLES.zh, key), key).toBe(false);
  });

  it.each([
    ['en', 1, 'Remove “阳东区” and its 1 figure? This can be undone.'],
    ['en', 3, 'Remove “阳东区” and its 3 figures? This can be undone.'],
    ['zh', 3, '删除“阳东区”及其 3 个数字？此操作可撤销。'],
  ] as const)('%s, %i figures: %s', (lang, n, text) => {
    expect(tu(lang, 'unitRemoveConfirm', { u: '阳东区', k: '', n })).toBe(text);
  });

  it('fall back to the main table for shared words', () => {
    expect(tu('zh', 'cancel')).toBe(TABLES.zh.cancel);
  });
});
