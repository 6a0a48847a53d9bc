import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ROOT_UNIT, UnitError, UnitTree, type ReportingUnit } from '../../../src/core/model/units.ts';

const county = (id: string, zh: string, extra: Partial<ReportingUnit> = {}): ReportingUnit => ({ id, name: { zh, en: id }, parent: 'city', level: 'county', mode: 'reported', ...extra });

describe('UnitTree', () => {
  it('starts with the city alone', () => {
    const t = new UnitTree();
    expect(t.all().map((u) => u.id)).toEqual(['city']);
    expect(t.root.level).toBe('city');
  });

  it('keeps children in the order they were added and walks depth first', () => {
    const t = new UnitTree();
    t.add(county('b', '乙县'));
    t.add(county('a', '甲区'));
    t.add({ id: 's1', name: { zh: '一中', en: 'No. 1' }, parent: 'a', level: 'school', mode: 'reported' });
    expect(t.all().map((u) => u.id)).toEqual(['city', 'b', 'a', 's1']);
    expect(t.children('city').map((u) => u.id)).toEqual(['b', 'a']);
    expect(t.ancestors('s1').map((u) => u.id)).toEqual(['a', 'city']);
    expect(t.atLevel('county').map((u) => u.id)).toEqual(['b', 'a']);
  });

  it.each([
    ['bad id', county('Bad Id', '甲')],
    ['duplicate', county('a', '甲')],
    ['unknown parent', county('x', '甲', { parent: 'nowhere' })],
    ['level not below parent', { ...county('y', '甲'), level: 'city' as const }],
  ])('refuses %s and leaves the tree unchanged', (_name, u) => {
    const t = new UnitTree();
    t.add(county('a', '甲区'));
    const before = t.toJSON();
    expect(() => t.add(u)).toThrow(UnitError);
    expect(t.toJSON()).toEqual(before);
  });

  it('refuses to move a unit under its own subtree, to move or remove the city', () => {
    const t = new UnitTree([ROOT_UNIT, county('a', '甲区'), { id: 's', name: { zh: '校', en: 's' }, parent: 'a', level: 'school', mode: 'reported' }]);
    expect(() => t.move('city', 'a')).toThrow(UnitError);
    expect(() => t.remove('city')).toThrow(UnitError);
    expect(() => t.move('a', 's')).toThrow(UnitError);
  });

  it('finds units by name, alias or code, ignoring spaces and full-width forms; ambiguity returns all', () => {
    const t = new UnitTree([ROOT_UNIT, county('a', '历下区', { code: '370102', aliases: ['历下'] }), county('b', '市中区'), county('c', '市中区')]);
    expect(t.find(' 历 下 区').map((u) => u.id)).toEqual(['a']);
    expect(t.find('历下').map((u) => u.id)).toEqual(['a']);
    expect(t.find('３７０１０２').map((u) => u.id)).toEqual(['a']);
    expect(t.find('市中区').map((u) => u.id)).toEqual(['b', 'c']);
    expect(t.find('槐荫区')).toEqual([]);
  });

  it('undo and redo of any sequence of edits restore each state exactly (property)', () => {
    const op = fc.oneof(
      fc.record({ k: fc.constant('add' as const), id: fc.constantFrom('a', 'b', 'c', 'd'), parent: fc.constantFrom('city', 'a', 'b') }),
      fc.record({ k: fc.constant('remove' as const), id: fc.constantFrom('a', 'b', 'c', 'd') }),
      fc.record({ k: fc.constant('move' as const), id: fc.constantFrom('a', 'b', 'c', 'd'), parent: fc.constantFrom('city', 'a', 'b') }),
      fc.record({ k: fc.constant('rename' as const), id: fc.constantFrom('a', 'b', 'c', 'd'), zh: fc.string({ minLength: 1, maxLength: 4 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 25 }), (ops) => {
        const t = new UnitTree();
        const states = [t.toJSON()];
        const edits = [];
        for (const o of ops) {
          try {
            if (o.k === 'add') edits.push(t.add({ id: o.id, name: { zh: o.id, en: o.id }, parent: o.parent, level: o.parent === 'city' ? 'county' : 'school', mode: 'reported' }));
            else if (o.k === 'remove') edits.push(t.remove(o.id));
            else if (o.k === 'move') edits.push(t.move(o.id, o.parent));
            else edits.push(t.rename(o.id, { zh: o.zh, en: o.id }));
            states.push(t.toJSON());
          } catch (e) {
            expect(e).toBeInstanceOf(UnitError);
            expect(t.toJSON()).toEqual(states[states.length - 1]);
          }
        }
        for (let i = edits.length - 1; i >= 0; i--) {
          t.undo(edits[i]);
          expect(t.toJSON()).toEqual(states[i]);
        }
        for (let i = 0; i < edits.length; i++) {
          t.redo(edits[i]);
          expect(t.toJSON()).toEqual(states[i + 1]);
        }
      }),
    );
  });
});
