import { describe, expect, it } from 'vitest';
import catalogJson from '../../../data/catalog.json' with { type: 'json' };
import { CATALOG, DataFileError } from '../../../src/core/data/catalog.ts';
import { loadCatalog } from '../../../src/core/data/load-catalog.ts';
import { CatalogIndex, type Catalog } from '../../../src/core/model/catalog.ts';

const FILE = 'data/catalog.json';
const clone = (): Catalog => structuredClone(catalogJson) as Catalog;
const indexOf = (c: Catalog, id: string) => c.indicators.findIndex((i) => i.id === id);

describe('the bundled catalog', () => {
  it('validates against the schema and the invariants', () => {
    expect(loadCatalog(clone(), FILE).indicators.length).toBe(CATALOG.indicators.length);
    console.log(`catalog ${CATALOG.version}: ${CATALOG.indicators.length} indicators in ${CATALOG.sections.length} sections, ${CATALOG.units.length} units`);
  });

  it('lists indicators in report order: by order, the sections come one after the other', () => {
    const byOrder = [...CATALOG.indicators].sort((a, b) => a.order - b.order);
    expect(new CatalogIndex(CATALOG).ordered.map((i) => i.id)).toEqual(byOrder.map((i) => i.id));
  });

  it('marks exactly the gross enrolment rates as gross', () => {
    const gross = CATALOG.indicators.filter((i) => i.gross).map((i) => i.id);
    const named = CATALOG.indicators.filter((i) => /毛入(园|学)率/.test(i.label.zh)).map((i) => i.id);
    expect(gross).toEqual(named);
    expect(gross).toHaveLength(4);
  });

  it('gives ratios and splits one decimal, like "1:14.7" and "55.5:44.5"', () => {
    const ratios = CATALOG.indicators.filter((i) => i.kind === 'ratio' || i.kind === 'split');
    expect(ratios.map((i) => [i.id, i.decimals])).toEqual(ratios.map((i) => [i.id, 1]));
    expect(ratios.filter((i) => i.kind === 'split').map((i) => i.id)).toEqual(['general_vocational_ratio']);
  });

  it('stores money in 万元 / 亿元 with their magnitudes, and uses every unit', () => {
    const unit = new Map(CATALOG.units.map((u) => [u.id, u]));
    for (const i of CATALOG.indicators.filter((x) => x.kind === 'money')) expect([1e4, 1e8]).toContain(unit.get(i.unit)?.magnitude);
    expect(unit.get('wan_yuan')?.magnitude).toBe(1e4);
    expect(unit.get('yi_yuan')?.magnitude).toBe(1e8);
    const used = new Set(CATALOG.indicators.map((i) => i.unit));
    expect(CATALOG.units.filter((u) => !used.has(u.id)).map((u) => u.id)).toEqual([]);
  });

  it('keeps the "其中" hierarchy of the scale section', () => {
    const parent = (id: string) => CATALOG.indicators.find((i) => i.id === id)?.parent;
    expect(parent('schools_senior_high_complete')).toBe('schools_senior_high');
    expect(parent('schools_primary')).toBe('schools_compulsory');
    expect(parent('schools_kindergarten_private')).toBe('schools_kindergarten');
    expect(parent('students_junior')).toBe('students_compulsory');
    expect(parent('teachers_special')).toBe('teachers_total');
    const types = CATALOG.indicators.filter((i) => i.parent === 'schools_total' && !i.optional).map((i) => i.id);
    expect(types).toEqual([
      'schools_university',
      'schools_open_university',
      'schools_senior_high',
      'schools_vocational',
      'schools_compulsory',
      'schools_kindergarten',
      'schools_special',
    ]);
  });

  it('knows the extra categories other years report, as optional parts of their totals or as 其中 of a category', () => {
    const by = new Map(CATALOG.indicators.map((i) => [i.id, i]));
    const shape = (id: string) => {
      const i = by.get(id);
      return i && { parent: i.parent, partOf: i.partOf ?? null, optional: i.optional ?? false, unit: i.unit };
    };
    expect(shape('schools_compulsory_9year')).toEqual({ parent: 'schools_compulsory', partOf: 'schools_compulsory', optional: true, unit: 'school' });
    // 技工学校 lie within 中职 (含技工学校): a 其中, not an extra part
    expect(shape('schools_technical')).toEqual({ parent: 'schools_vocational', partOf: null, optional: true, unit: 'school' });
    expect(shape('students_technical')).toEqual({ parent: 'students_vocational', partOf: null, optional: true, unit: 'person' });
    expect(shape('teachers_technical')).toEqual({ parent: 'teachers_vocational', partOf: null, optional: true, unit: 'person' });
    expect(shape('schools_specialized')?.partOf).toBe('schools_total');
    expect(by.get('schools_compulsory_9year')!.aliases).toContain('九年一贯制学校');
    expect(by.get('schools_specialized')!.aliases).toContain('工读学校数');
  });
});

/** A broken catalog, and the place the error message must name. */
interface BrokenCase {
  name: string;
  breakIt: (c: Catalog) => void;
  place: string;
  /** A word of the English message. */
  says: string;
}

const i1 = indexOf(clone(), 'students_total');
const iTeachers = indexOf(clone(), 'teachers_total');
const iPrimary = indexOf(clone(), 'schools_primary');

const broken: BrokenCase[] = [
  { name: 'duplicate id', breakIt: (c) => (c.indicators[i1].id = c.indicators[0].id), place: `/indicators/${i1}`, says: 'duplicate indicator id' },
  { name: 'duplicate order', breakIt: (c) => (c.indicators[i1].order = c.indicators[0].order), place: `/indicators/${i1}`, says: 'duplicate indicator order' },
  { name: 'unknown parent', breakIt: (c) => (c.indicators[iPrimary].parent = 'schools_nowhere'), place: `/indicators/${iPrimary}/parent`, says: 'unknown parent' },
  { name: 'parent in another section', breakIt: (c) => (c.indicators[iTeachers].parent = 'schools_total'), place: `/indicators/${iTeachers}/parent`, says: 'another section' },
  { name: 'parent later in order', breakIt: (c) => (c.indicators[0].parent = 'schools_primary'), place: '/indicators/0/parent', says: 'must come earlier' },
  { name: 'own parent', breakIt: (c) => (c.indicators[0].parent = c.indicators[0].id), place: '/indicators/0/parent', says: 'own parent' },
  { name: 'unknown unit', breakIt: (c) => (c.indicators[i1].unit = 'kg'), place: `/indicators/${i1}/unit`, says: 'unknown unit' },
  { name: 'unknown section', breakIt: (c) => (c.indicators[i1].section = 'sports'), place: `/indicators/${i1}/section`, says: 'unknown section' },
  { name: 'bad id', breakIt: (c) => (c.indicators[i1].id = 'Students-Total'), place: `/indicators/${i1}/id`, says: 'must match pattern' },
  { name: 'missing zh label', breakIt: (c) => delete (c.indicators[i1].label as Partial<Catalog['title']>).zh, place: `/indicators/${i1}/label`, says: "must have required property 'zh'" },
  { name: 'empty en label', breakIt: (c) => (c.indicators[i1].label.en = ''), place: `/indicators/${i1}/label/en`, says: 'must NOT have fewer than 1 characters' },
  { name: 'unknown kind', breakIt: (c) => ((c.indicators[i1] as { kind: string }).kind = 'fraction'), place: `/indicators/${i1}/kind`, says: 'must be equal to one of the allowed values' },
  { name: 'negative decimals', breakIt: (c) => (c.indicators[i1].decimals = -1), place: `/indicators/${i1}/decimals`, says: 'must be >= 0' },
  { name: 'unknown property', breakIt: (c) => Object.assign(c.indicators[i1], { colour: 'red' }), place: `/indicators/${i1}`, says: 'must NOT have additional properties' },
  { name: 'missing aliases', breakIt: (c) => delete (c.indicators[i1] as Partial<Catalog['indicators'][number]>).aliases, place: `/indicators/${i1}`, says: "required property 'aliases'" },
  { name: 'alias shared by two indicators', breakIt: (c) => c.indicators[i1].aliases.push(c.indicators[0].label.zh), place: `/indicators/${i1}`, says: 'also belongs to indicator' },
  { name: 'part of an unknown total', breakIt: (c) => (c.indicators[iPrimary].partOf = 'schools_nowhere'), place: `/indicators/${iPrimary}/partOf`, says: 'unknown total' },
  { name: 'part of itself', breakIt: (c) => (c.indicators[iPrimary].partOf = 'schools_primary'), place: `/indicators/${iPrimary}/partOf`, says: 'part of itself' },
  { name: 'part of a total in another unit', breakIt: (c) => (c.indicators[iPrimary].partOf = 'students_total'), place: `/indicators/${iPrimary}/partOf`, says: "its total's unit and kind" },
  { name: 'optional not a boolean', breakIt: (c) => Object.assign(c.indicators[iPrimary], { optional: 'yes' }), place: `/indicators/${iPrimary}/optional`, says: 'must be boolean' },
  { name: 'zero magnitude', breakIt: (c) => (c.units[0].magnitude = 0), place: '/units/0/magnitude', says: 'must be > 0' },
  { name: 'duplicate unit', breakIt: (c) => (c.units[1].id = c.units[0].id), place: '/units/1', says: 'duplicate unit id' },
  { name: 'duplicate section', breakIt: (c) => (c.sections[1].id = c.sections[0].id), place: '/sections/1', says: 'duplicate section id' },
  { name: 'missing version', breakIt: (c) => delete (c as Partial<Catalog>).version, place: '/', says: "required property 'version'" },
];

describe('broken catalogs are rejected with the file and the place', () => {
  it.each(broken.map((b) => [b.name, b] as const))('%s', (_name, b) => {
    const c = clone();
    b.breakIt(c);
    let error: unknown;
    try {
      loadCatalog(c, FILE);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataFileError);
    const e = error as DataFileError;
    expect(e.file).toBe(FILE);
    const hit = e.issues.find((t) => t.en.includes(` at ${b.place}:`) && t.en.includes(b.says));
    expect(hit, e.issues.map((t) => t.en).join('\n')).toBeDefined();
    expect(hit!.zh).toContain(FILE);
    expect(hit!.zh).toContain(b.place);
  });

  it('rejects something that is not a catalog at all', () => {
    expect(() => loadCatalog(null, 'x.json')).toThrow(DataFileError);
    expect(() => loadCatalog([], 'x.json')).toThrow(/x\.json/);
  });
});
