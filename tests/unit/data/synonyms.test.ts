import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../../src/core/data/catalog.ts';
import { Matcher, normaliseLabel, SYNONYMS, Vocabulary } from '../../../src/core/import/index.ts';
import { createAjv } from '../../../src/core/schema/compile.ts';

const json = (p: string) => JSON.parse(readFileSync(new URL(`../../../${p}`, import.meta.url), 'utf8'));

describe('data/synonyms.json', () => {
  it('conforms to schemas/synonyms.schema.json', () => {
    const validate = createAjv().compile(json('schemas/synonyms.schema.json'));
    expect(validate(json('data/synonyms.json')), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...SYNONYMS, subjects: [{ id: 'Bad Id', names: [] }] })).toBe(false);
  });

  it('ids are unique, references resolve, and units are catalog units', () => {
    const subjects = SYNONYMS.subjects.map((s) => s.id);
    const measures = SYNONYMS.measures.map((m) => m.id);
    expect(new Set(subjects).size).toBe(subjects.length);
    expect(new Set(measures).size).toBe(measures.length);
    for (const q of SYNONYMS.qualifiers) expect([q.from, q.to].every((id) => subjects.includes(id))).toBe(true);
    for (const p of SYNONYMS.phrases) expect([subjects.includes(p.subject), measures.includes(p.measure)]).toEqual([true, true]);
    const units = new Set(CATALOG.units.map((u) => u.id));
    for (const k of Object.keys(SYNONYMS.units)) expect(k === 'ambiguous' || units.has(k), k).toBe(true);
    for (const m of SYNONYMS.measures) expect(m.unit === null || units.has(m.unit), m.id).toBe(true);
  });

  it('no normalised name belongs to two subjects or two measures (a name decides one thing)', () => {
    const owner = new Map<string, string>();
    for (const s of SYNONYMS.subjects) {
      for (const n of [...s.names, ...(s.short ?? []), ...(s.former ?? []), ...(s.en ?? []), ...(s.formerEn ?? [])]) {
        const k = normaliseLabel(n);
        expect(owner.get(k) ?? s.id, `${n}: ${owner.get(k)} and ${s.id}`).toBe(s.id);
        owner.set(k, s.id);
      }
    }
    const mOwner = new Map<string, string>();
    for (const m of SYNONYMS.measures) {
      for (const n of [...m.names, ...(m.en ?? [])]) {
        const k = normaliseLabel(n);
        expect(mOwner.get(k) ?? m.id, n).toBe(m.id);
        mOwner.set(k, m.id);
      }
    }
  });

  it('read with these lists, no two catalog indicators share a subject + measure reading', () => {
    const m = new Matcher(CATALOG, new Vocabulary());
    for (const s of SYNONYMS.subjects) for (const me of SYNONYMS.measures) expect(m.indicatorsFor(s.id, me.id).length, `${s.id}|${me.id}`).toBeLessThanOrEqual(1);
  });
});
