import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { displayText } from '../../../src/core/parse/display.ts';
import { parseValue } from '../../../src/core/parse/value.ts';
import { loadCatalog } from '../../../src/core/data/load-catalog.ts';
import catalogJson from '../../../data/catalog.json' with { type: 'json' };
import { CatalogIndex } from '../../../src/core/model/catalog.ts';

const index = new CatalogIndex(loadCatalog(catalogJson));
const read = (id: string, raw: string) => {
  const ind = index.byId.get(id)!;
  return parseValue(raw, ind, index.unitById.get(ind.unit)!);
};

describe('displayText: thousands separators by preference, raw text untouched', () => {
  it.each([
    ['students_total', '541261', '541,261'],
    ['students_total', '552,310', '552,310'],
    ['students_total', '1234567', '1,234,567'],
    ['schools_total', '934', '934'],
    ['students_total', '1.2万', '1.2万'],
    ['students_total', '约12000', '约12000'],
    ['students_total', '—', '—'],
    ['students_total', '54l261', '54l261'],
    ['students_total', '', ''],
  ])('%s %s → %s', (id, raw, shown) => {
    expect(displayText(read(id, raw), 'grouped')).toBe(shown);
    expect(displayText(read(id, raw), 'typed')).toBe(raw);
  });

  it('a grouped figure reads back as the same number, for any count (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999 }), (n) => {
        const v = read('students_total', String(n));
        const shown = displayText(v, 'grouped');
        expect(read('students_total', shown).n).toBe(n);
        expect(shown.replace(/,/g, '')).toBe(String(n));
      }),
    );
  });
});
