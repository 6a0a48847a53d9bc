import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { baselineWorkbook } from '../../../src/app.ts';
import { CATALOG } from '../../../src/core/data/catalog.ts';
import type { FollowUp } from '../../../src/core/model/annotations.ts';
import { loadRuleFile } from '../../../src/core/rules/load.ts';
import { MemoryBackend } from '../../../src/storage/memory-store.ts';
import { Session } from '../../../src/ui/session.svelte.ts';

const RULES = loadRuleFile({ version: 't', rules: [] }, CATALOG);

async function open(backend = new MemoryBackend()) {
  const store = await backend.factory()('default');
  return Session.open({ catalog: CATALOG, rules: RULES, baseline: () => baselineWorkbook(), store });
}

const KEYS = ['schools_total@2019', 'students_vocational@2019', 'teachers_total@2018', 'constructor@2019'];
const TEXTS = ['新校区投入使用，中职招生增加', '  口径待核实 ', '', '   ', '__proto__'];

type Op = { op: 'note'; key: string; text: string | undefined } | { op: 'follow'; key: string; on: boolean; reason?: string } | { op: 'undo' } | { op: 'redo' } | { op: 'edit'; key: string; raw: string };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('note' as const), key: fc.constantFrom(...KEYS), text: fc.option(fc.constantFrom(...TEXTS), { nil: undefined }) }),
  fc.record({ op: fc.constant('follow' as const), key: fc.constantFrom(...KEYS), on: fc.boolean(), reason: fc.option(fc.constantFrom('核对学籍', ''), { nil: undefined }) }),
  fc.constant({ op: 'undo' as const }),
  fc.constant({ op: 'redo' as const }),
  fc.record({ op: fc.constant('edit' as const), key: fc.constantFrom(...KEYS.slice(0, 3)), raw: fc.constantFrom('1', '2', '') }),
);

/** What the screen shows of the notes and flags: text by key, flag reason by key. */
const view = (s: Session) => ({
  notes: Object.fromEntries([...s.workbook.notes].map(([k, n]) => [k, n.text]).sort()),
  follow: Object.fromEntries([...s.workbook.followUp].map(([k, f]) => [k, f.reason ?? '']).sort()),
  values: Object.fromEntries([...s.workbook.values].map(([k, v]) => [k, v.raw]).sort()),
});

describe('notes and follow-up flags in the session', () => {
  it('setNote trims, refuses unknown cells and no-ops, and an empty text deletes', async () => {
    const s = await open();
    expect(s.setNote('schools_total@2019', '  新校区  ')).toBe(true);
    expect(s.noteOf('schools_total@2019')?.text).toBe('新校区');
    expect(Number.isNaN(Date.parse(s.noteOf('schools_total@2019')!.time))).toBe(false);
    expect(s.setNote('schools_total@2019', '新校区')).toBe(false);
    expect(s.setNote('no_such@2019', 'x')).toBe(false);
    expect(s.setNote('schools_total@1999', 'x')).toBe(false);
    expect(s.setNote('schools_total@2019', '   ')).toBe(true);
    expect(s.noteOf('schools_total@2019')).toBeUndefined();
    expect(s.setNote('schools_total@2019', undefined)).toBe(false);
    expect(s.setFollowUp('schools_total@2019', undefined)).toBe(false);
    expect(s.setFollowUp('schools_total@2019', { time: '2026-11-30T07:00:00.000Z', reason: ' 待核 ' })).toBe(true);
    expect(s.followUpOf('schools_total@2019')).toEqual({ time: '2026-11-30T07:00:00.000Z', reason: '待核' });
    expect(s.setFollowUp('schools_total@2019', { time: '2026-11-30T08:00:00.000Z', reason: '待核' })).toBe(false);
  });

  it('property: any sequence of notes, flags, edits, undos and redos matches a model of undo stacks, and the store gives the same back on reopening', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { maxLength: 25 }), async (ops) => {
        const backend = new MemoryBackend();
        const s = await open(backend);
        // the model: a stack of states; an action that changes something pushes, undo/redo move
        const states = [view(s)];
        let at = 0;
        for (const o of ops) {
          let changed = false;
          if (o.op === 'note') changed = s.setNote(o.key, o.text);
          else if (o.op === 'follow') changed = s.setFollowUp(o.key, o.on ? { time: '2026-11-30T07:00:00.000Z', ...(o.reason !== undefined ? { reason: o.reason } : {}) } : undefined);
          else if (o.op === 'edit') changed = s.setCells([{ key: o.key, raw: o.raw }]).length > 0;
          else if (o.op === 'undo') {
            if (at > 0) at--;
            s.undo();
          } else {
            if (at < states.length - 1) at++;
            s.redo();
          }
          if (changed) {
            states.length = at + 1;
            states.push(view(s));
            at++;
          }
          expect(view(s)).toEqual(states[at]);
        }
        await s.settled();
        const again = await open(backend);
        expect({ notes: view(again).notes, follow: view(again).follow }).toEqual({ notes: states[at].notes, follow: states[at].follow });
        await again.close();
        await s.close();
      }),
      { numRuns: 40 },
    );
  });

  it('a note keeps its figure: an edit of the figure after the note leaves the note, undo of the edit too', async () => {
    const s = await open();
    const key = 'schools_total@2019';
    s.setNote(key, '含新校区');
    s.setCells([{ key, raw: '940' }]);
    expect(s.noteOf(key)?.text).toBe('含新校区');
    s.undo();
    expect(s.noteOf(key)?.text).toBe('含新校区');
    s.undo();
    expect(s.noteOf(key)).toBeUndefined();
    const f: FollowUp = { time: '2026-11-30T07:00:00.000Z' };
    s.setFollowUp(key, f);
    expect(s.followUpOf(key)).toEqual(f);
  });
});
