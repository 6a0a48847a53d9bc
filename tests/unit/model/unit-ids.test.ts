import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { englishNameMissing, newUnitId, suggestedUnitName, unitName } from '../../../src/core/model/unit-ids.ts';
import { UNIT_ID } from '../../../src/core/model/units.ts';

describe('ids of units added by hand', () => {
  it.each([
    [{ code: '370902', name: '泰山区' }, [], 'c370902'],
    [{ code: '370902', name: '泰山区' }, ['c370902'], 'c370902-2'],
    [{ code: '370902', name: '泰山区' }, ['c370902', 'c370902-2'], 'c370902-3'],
    [{ code: 'ＡＢ-12', name: 'x' }, [], 'cab-12'],
  ])('%j with %j taken → %s', (unit, taken, id) => {
    expect(newUnitId(new Set(taken), unit)).toBe(id);
  });

  it('without a code: from the name, the same for the same name (spaces and width aside), another for another', () => {
    const a = newUnitId(new Set(), { name: '高新区' });
    expect(a).toMatch(/^u-[0-9a-z]+$/);
    expect(newUnitId(new Set(), { name: ' 高 新 区 ' })).toBe(a);
    expect(newUnitId(new Set(), { name: '高新技术开发区' })).not.toBe(a);
    expect(newUnitId(new Set([a]), { name: '高新区' })).toBe(`${a}-2`);
  });

  it('is always a valid id that is not taken (any code, any name, any ids in use)', () => {
    fc.assert(
      fc.property(fc.option(fc.string(), { nil: undefined }), fc.string(), fc.array(fc.stringMatching(/^[a-z0-9-]{1,12}$/)), (code, name, ids) => {
        const taken = new Set(ids);
        const id = newUnitId(taken, { code, name });
        expect(UNIT_ID.test(id)).toBe(true);
        expect(taken.has(id)).toBe(false);
      }),
    );
  });
});

describe('English names', () => {
  it.each([
    [unitName('高新区'), true],
    [unitName('高新区', '  '), true],
    [unitName('高新区', '高新区'), true],
    [unitName('高新区', 'Hi-tech Zone'), false],
    [{ zh: '全市', en: 'City' }, false],
    [{ zh: 'X1', en: 'X1' }, false],
  ])('%j: missing %s', (name, missing) => {
    expect(englishNameMissing({ name })).toBe(missing);
  });
});

describe('the name offered for a unit the file names', () => {
  it.each([
    ['泰 山 区', '泰山区'],
    ['高新区 Hi-tech Zone', '高新区'],
    ['  东平县 ', '东平县'],
    ['Region A', 'Region A'],
  ])('%s → %s', (text, name) => {
    expect(suggestedUnitName(text)).toBe(name);
  });
});
