/**
 * Label normalisation for matching rows to indicators. Both sides (the file's label and the
 * catalog's labels and aliases) go through the same function, so it only has to remove what
 * differs between ways of writing the same name, never what tells two indicators apart.
 */

const LEADING_NUMBERING = [
  /^[①-⑳❶-❿➀-➉➊-➓]/, // ①
  /^[一二三四五六七八九十百]+[、.．,，]/, // 一、
  /^[(（][一二三四五六七八九十百\d]+[)）][、.．]?/, // (一) （1）
  // One or two digits only: "985、211高校" is a name, not item 985.
  /^\d{1,2}(?:\.\d{1,2})*[、.．)）]/, // 1. 1、 1.2. 1)
  /^\d{1,2}\s+/, // "1 小学数" (numbering followed by a space)
];

const LEADING_MARKERS = /^(?:其中[:：]?|其中含[:：]?|含[:：]|包括[:：]|#+|＃+|[:：])/;

/** Unit words a trailing bracket may hold ("在校生数（人）", "毛入园率(%)"); such a bracket is dropped. */
const UNIT_WORDS = new Set(['%', '人', '所', '个', '项', '人次', '万人次', '万人', '元', '万元', '亿元', '亩', '分', '期', '名', '比值', '所(个)', '单位:人', '单位:所']);

/** Markers and numbering may be stacked ("其中：①小学"); strips them repeatedly (bounded). */
function stripLeading(label: string): string {
  let s = label;
  for (let guard = 0; guard < 10; guard++) {
    const before = s;
    for (const re of LEADING_NUMBERING) s = s.replace(re, '').trim();
    s = s.replace(LEADING_MARKERS, '').trim();
    if (s === before) break;
  }
  return s;
}

/** A label reduced to what identifies it: see the module comment for what is removed. */
export function normaliseLabel(label: string): string {
  // Numbering and markers go before NFKC too: NFKC turns "①小学" into "1小学", which reads like a name.
  let s = stripLeading(label.trim()).normalize('NFKC').trim();
  // A trailing bracket holding only a unit is how tables state units; it is not part of the name.
  const unit = /[([【〔]([^()[\]【】〔〕]*)[)\]】〕]\s*$/.exec(s);
  if (unit && UNIT_WORDS.has(unit[1].replace(/\s/g, ''))) s = s.slice(0, unit.index).trim();
  s = stripLeading(s);
  return s
    .toLowerCase()
    .replace(/[\s\u3000]+/g, '')
    .replace(/[()[\]【】〔〕{}<>《》「」『』“”"'‘’、·•,，.。:：;；]/g, '');
}

/** The set of character bigrams of a normalised label (single characters for one-character labels). */
export function bigrams(s: string): Set<string> {
  const out = new Set<string>();
  const chars = [...s];
  if (chars.length === 1) out.add(chars[0]);
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i] + chars[i + 1]);
  return out;
}
