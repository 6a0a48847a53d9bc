import { readingOf } from '../core/parse/reading.ts';
import { parseCellKey } from '../core/model/value.ts';
import type { UiLang } from '../storage/store.ts';
import { t } from './i18n.ts';
import type { Session } from './session.svelte.ts';

/**
 * A figure with what the workbook understood it to be, for the status bar and the tooltip:
 * "1.2万 = 12,000 人", "约12 = 约 12 所", "— = 不适用", or for unreadable text why (kind 'invalid').
 * null for an empty cell or an unknown indicator.
 */
export function readingLine(session: Session, key: string, lang: UiLang): { kind: 'value' | 'na' | 'invalid'; text: string } | null {
  const ind = session.index.byId.get(parseCellKey(key).indicator);
  if (!ind) return null;
  const v = session.value(key);
  const r = readingOf(v, ind, session.index.unitOf(ind));
  if (!r) return null;
  const raw = v.raw.trim();
  return r.kind === 'invalid'
    ? { kind: r.kind, text: t(lang, 'readingInvalid', { raw, reason: r.text[lang] }) }
    : { kind: r.kind, text: t(lang, 'readingIs', { raw, reading: r.text[lang] }) };
}
