/**
 * The session's findings kept up to date from the validator's deltas instead of rebuilt on every edit:
 * the sorted list (findings()'s order), the counts, and the marks of each cell. An edit at 1.8M figures
 * re-runs a handful of rule instances; listing, sorting, counting and marking every finding again was
 * most of its time (bench --units-app-edit). The work of `apply` is proportional to the findings that
 * changed (and the list's length for one copy), `remark` to the cells named.
 *
 * Invariants (held to a full rebuild by tests/unit/ui/session-incremental.test.ts): `list` is sorted by
 * the validator's sortKey; `byId`, `byCell` and the counts describe exactly the findings of `list`;
 * `marks` holds, for every cell, what markOf says about the findings naming it, in list order.
 */
import type { Finding, ValidationCounts } from '../core/rules/types.ts';

/** The findings of one cell, by what they say about it (the grid's marks). */
export interface CellMarks {
  errors: Finding[];
  warnings: Finding[];
  notComputable: Finding[];
  /** Failed warnings with an explanation: shown as explained, not as open warnings. */
  explained?: Finding[];
}

export interface SortKey {
  rank: number;
  order: number;
  tie: number;
}

/** Whether a finding marks a cell (not-computable findings only where the rule waits for that cell). */
export type Markable = (f: Finding, cell: string) => boolean;

const cmp = (a: SortKey, b: SortKey): number => a.rank - b.rank || a.order - b.order || a.tie - b.tie;

type Category = 'error' | 'warning' | 'explained' | 'notComputable';

/** What a finding adds to the counts (as Validator.counts counts it). */
function category(f: Finding): Category {
  if (f.outcome === 'not_computable') return 'notComputable';
  if (f.severity === 'error') return 'error';
  return f.explanation ? 'explained' : 'warning';
}

export class FindingsState {
  private items: Finding[] = [];
  private readonly keys = new Map<Finding, SortKey>();
  private readonly byId = new Map<string, Finding>();
  private readonly byCell = new Map<string, Finding[]>();
  private c: ValidationCounts = { error: 0, warning: 0, explained: 0, notComputable: 0, passed: 0 };
  readonly marks = new Map<string, CellMarks>();

  constructor(private readonly sortKey: (f: Finding) => SortKey) {}

  /** The findings in order (a new array after every change, so a reactive field assigned it sees the change). */
  get list(): Finding[] {
    return this.items;
  }

  get counts(): ValidationCounts {
    return { ...this.c };
  }

  get(id: string): Finding | undefined {
    return this.byId.get(id);
  }

  /** Starts over from a full, sorted list and its counts (marks are set by `remarkAll`). */
  reset(findings: Finding[], counts: ValidationCounts): void {
    this.keys.clear();
    this.byId.clear();
    this.byCell.clear();
    this.items = findings;
    for (const f of findings) this.index(f);
    this.c = { ...counts, explained: counts.explained ?? 0 };
  }

  /**
   * Applies a delta: the findings of `removed` ids go, `added` come in at their place; `passedChange`
   * as Validator.update reports it. Returns the findings that went (their cells need new marks).
   */
  apply(removed: readonly string[], added: readonly Finding[], passedChange: number): Finding[] {
    const gone: Finding[] = [];
    for (const id of removed) {
      const f = this.byId.get(id);
      if (f) gone.push(f);
    }
    // an added finding whose id is still listed replaces it
    for (const f of added) {
      const old = this.byId.get(f.id);
      if (old && !gone.includes(old)) gone.push(old);
    }
    const out = new Set(gone);
    const next = out.size ? this.items.filter((f) => !out.has(f)) : this.items.slice();
    for (const f of gone) this.unindex(f);
    const fresh = [...new Set(added)];
    for (const f of fresh) this.index(f);
    for (const f of fresh) next.splice(this.search(next, this.keys.get(f)!), 0, f);
    this.items = next;
    this.c = { ...this.c, passed: this.c.passed + passedChange };
    return gone;
  }

  /** The marks of `cells` again, from the findings naming each (in list order). */
  remark(cells: Iterable<string>, markable: Markable): void {
    for (const c of cells) {
      const fs = this.byCell.get(c);
      let m: CellMarks | undefined;
      if (fs) {
        if (fs.length > 1) fs.sort((a, b) => cmp(this.keys.get(a)!, this.keys.get(b)!));
        for (const f of fs) {
          if (!markable(f, c)) continue;
          m ??= { errors: [], warnings: [], notComputable: [] };
          add(m, f);
        }
      }
      if (m) this.marks.set(c, m);
      else this.marks.delete(c);
    }
  }

  /** Every cell's marks again. */
  remarkAll(markable: Markable): void {
    this.marks.clear();
    for (const f of this.items) {
      for (const c of f.cells) {
        if (!markable(f, c)) continue;
        let m = this.marks.get(c);
        if (!m) this.marks.set(c, (m = { errors: [], warnings: [], notComputable: [] }));
        add(m, f);
      }
    }
  }

  /** First index whose key is not below `k`. */
  private search(list: Finding[], k: SortKey): number {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cmp(this.keys.get(list[mid])!, k) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private index(f: Finding): void {
    this.keys.set(f, this.sortKey(f));
    this.byId.set(f.id, f);
    for (const c of new Set(f.cells)) {
      const list = this.byCell.get(c);
      if (list) list.push(f);
      else this.byCell.set(c, [f]);
    }
    this.c[category(f)]++;
  }

  private unindex(f: Finding): void {
    this.keys.delete(f);
    if (this.byId.get(f.id) === f) this.byId.delete(f.id);
    for (const c of new Set(f.cells)) {
      const list = this.byCell.get(c);
      if (!list) continue;
      const at = list.indexOf(f);
      if (at >= 0) list.splice(at, 1);
      if (!list.length) this.byCell.delete(c);
    }
    this.c[category(f)]--;
  }
}

function add(m: CellMarks, f: Finding): void {
  if (f.outcome === 'not_computable') m.notComputable.push(f);
  else if (f.severity === 'error') m.errors.push(f);
  else if (f.explanation) (m.explained ??= []).push(f);
  else m.warnings.push(f);
}

