/**
 * Ids and English names for units added by hand (the units editor, the import preview's 新增单位…).
 *
 * Id: from the unit's code when it has one (`c` + the code: 370902 → c370902, the same id whoever adds the
 * unit), else from its Chinese name (`u-` + a base-36 FNV-1a hash of the name: 高新区 → the same id in every
 * workbook, no pinyin guessed); a taken id gets -2, -3 … Ids must match UNIT_ID (they are part of cell keys).
 *
 * English name: optional (schemas/workbook.schema.json, format 3). A unit added without one has none — no
 * transliteration is made up — and the English interface shows its Chinese name (`unitLabel`); the units
 * editor lists it with "（未填英文名）" and shows its English field empty. Pure.
 */
import { UNIT_ID, unitNameOf, type ReportingUnit, type UnitName } from './units.ts';

function fnv1a36(text: string): string {
  let h = 0x811c9dc5;
  for (const ch of text) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}

/** A free id for a new unit (see the module comment). `taken`: the ids in use (the tree, units added alongside). */
export function newUnitId(taken: { has(id: string): boolean }, unit: { code?: string; name: string }): string {
  const code = (unit.code ?? '').normalize('NFKC').toLowerCase().replace(/[^a-z0-9_-]/g, '').slice(0, 60);
  const name = unit.name.normalize('NFKC').replace(/\s+/g, '');
  const base = code ? `c${code}` : `u-${fnv1a36(name || '?')}`;
  for (let n = 1; ; n++) {
    const id = n === 1 ? base : `${base}-${n}`;
    if (!taken.has(id) && UNIT_ID.test(id)) return id;
  }
}

/** The names of a unit added with `en` possibly empty: blank (or the Chinese name again) is no English name. */
export function unitName(zh: string, en = ''): UnitName {
  return unitNameOf({ zh, en });
}

/** True when a unit has no English name of its own (the Chinese name is shown in its place). */
export function englishNameMissing(u: Pick<ReportingUnit, 'name'>): boolean {
  return u.name.en === undefined;
}

/** A unit name as a file writes it, offered as the new unit's name: spaces inside a Chinese name ("泰 山 区") and an English tail dropped. */
export function suggestedUnitName(text: string): string {
  const s = text.normalize('NFKC').trim();
  if (!/[\u3400-\u9fff]/.test(s)) return s;
  return s.replace(/\s+[A-Za-z][A-Za-z .'’&-]*$/, '').replace(/(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])/g, '');
}
