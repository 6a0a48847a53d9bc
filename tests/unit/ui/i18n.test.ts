import { beforeAll, describe, expect, it } from 'vitest';
import { loadUiLang, t, TABLES, uiLangLoaded } from '../../../src/ui/i18n.ts';

/** The parameters a message uses: {n} and the count of {n|one|other}; {zh} / {en} (a text in the message's own language) count as one. */
const params = (text: string, lang: 'zh' | 'en') =>
  new Set([...text.matchAll(/\{(\w+)(?:\|[^|}]*\|[^}]*)?\}/g)].map((m) => (m[1] === lang ? 'own-language text' : m[1])));

describe('the English interface strings', () => {
  // English is not part of the first load: before loading it, only Chinese is there and an English request shows Chinese
  it('English loads on demand; until then an English text falls back to the Chinese one, never to nothing', async () => {
    expect(uiLangLoaded('zh')).toBe(true);
    expect(uiLangLoaded('en')).toBe(false);
    expect(TABLES.en).toBeUndefined();
    expect(t('en', 'undo')).toBe('撤销');
    await loadUiLang('en');
    expect(uiLangLoaded('en')).toBe(true);
    expect(t('en', 'undo')).toBe('Undo');
    expect(Object.keys(TABLES.en!).sort()).toEqual(Object.keys(TABLES.zh).sort());
  });
});

describe('interface messages', () => {
  beforeAll(() => loadUiLang('en'));

  it.each([
    [1, 'The workbook has 1 error; the exported file'],
    [2, 'The workbook has 2 errors; the exported file'],
    [0, 'The workbook has 0 errors; the exported file'],
  ])('English counts take the right word form: %i', (n, start) => {
    expect(t('en', 'exportWithErrors', { n }).startsWith(start)).toBe(true);
  });

  it('a plural form with a missing parameter stays visible rather than guessing', () => {
    expect(t('en', 'filterShown', {})).toBe('{n} {n|row|rows} shown');
  });

  it('Chinese needs no plural forms and is filled the same way', () => {
    expect(t('zh', 'exportWithErrors', { n: 1 })).toContain('1 个错误');
  });

  it('every message names the same parameters in both languages, and no plural form is left unfilled', () => {
    for (const key of Object.keys(TABLES.zh) as (keyof typeof TABLES.zh)[]) {
      expect([...params(TABLES.en![key], 'en')].sort(), key).toEqual([...params(TABLES.zh[key], 'zh')].sort());
      const filled = Object.fromEntries([...TABLES.en![key].matchAll(/\{(\w+)/g)].map((m) => [m[1], 2]));
      expect(t('en', key, filled), key).not.toMatch(/\{\w+(\|[^}]*)?\}/);
    }
  });
});
