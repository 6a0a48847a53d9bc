/**
 * The import memory: every decision a user made about a row of a file sent in (matched it to an
 * indicator, left it out, added it as a new indicator), keyed by the row's normalised name and unit,
 * so that the next file from the same source needs no fixes. Stored with the workbook (the workbook
 * JSON's top-level "importMemory", schemas/workbook.schema.json) and consulted first by the matcher.
 * Pure data: persisting it (IndexedDB) is the UI's job.
 */
import { normaliseLabel } from './normalise.ts';

/** One remembered decision about a row name (with its unit) in a file. */
export interface MappingDecision {
  /** The row's name as the file wrote it (shown to the user; matched after normaliseLabel). */
  label: string;
  /** The row's unit as the file wrote it ("所", "人"), or null when the file has no unit there. */
  unit: string | null;
  /** The indicator the row goes to; null = the row is left out. */
  indicator: string | null;
  /** user: matched by hand (or a suggestion accepted); new: added as a new indicator; left-out: not imported. */
  how: 'user' | 'new' | 'left-out';
  /**
   * Optional: the row's context when the name alone is ambiguous (a bare "在校生" under "普通高中"):
   * MappingRow.context, the subject / measure ids the row's place in the table gave ("senior_high",
   * "students"). Decisions without it apply wherever the name and unit occur.
   */
  context?: string;
  /**
   * Optional: the reporting unit (src/core/model/units.ts id) whose file the decision was made on. Such a
   * decision is that unit's own ("在校生" in 东平县's table means what 东平县 writes it for) and comes
   * before the decisions without a unit on that unit's files (ImportMemory.forUnit); other units' files
   * do not use it. Absent in decisions made before units existed: they apply to every file.
   */
  reportingUnit?: string;
}

/** The unit text reduced for comparison (width, spaces, brackets): "（人）" and "人" are the same unit. */
export function normaliseUnit(unit: string | null | undefined): string {
  return (unit ?? '')
    .normalize('NFKC')
    .replace(/[\s()[\]【】〔〕]/g, '')
    .replace(/^单位[:：]?/, '')
    .toLowerCase();
}

function keyOf(label: string, unit: string | null | undefined, context?: string, reportingUnit?: string): string {
  const k = `${normaliseLabel(label)}\u0000${normaliseUnit(unit)}\u0000${context ?? ''}`;
  return reportingUnit ? `${k}\u0000${reportingUnit}` : k;
}

/** Decisions keyed by normalised name + unit (+ context). The latest decision for a key wins. */
export class ImportMemory {
  private readonly byKey = new Map<string, MappingDecision>();

  /** The number of decisions remembered. */
  get size(): number {
    return this.byKey.size;
  }

  /**
   * The decision for a row name and unit: the one made in the same context first, else the one made
   * without a context; undefined when nothing is remembered. A decision remembered with a unit is not
   * used for a row with another unit (a 所 row is not a 人 row).
   */
  get(label: string, unit: string | null | undefined, context?: string): MappingDecision | undefined {
    if (context) {
      const d = this.byKey.get(keyOf(label, unit, context));
      if (d) return d;
    }
    return this.byKey.get(keyOf(label, unit));
  }

  /** Remembers a decision (replacing an earlier one for the same name, unit and context). */
  set(decision: MappingDecision): void {
    const d: MappingDecision = { label: decision.label, unit: decision.unit, indicator: decision.indicator, how: decision.how };
    if (decision.context) d.context = decision.context;
    if (decision.reportingUnit) d.reportingUnit = decision.reportingUnit;
    this.byKey.set(keyOf(d.label, d.unit, d.context, d.reportingUnit), d);
  }

  /**
   * The memory as a file of `reportingUnit` sees it: the decisions without a unit, with that unit's own
   * decisions in their place where both exist; other units' own decisions left out.
   */
  forUnit(reportingUnit: string): ImportMemory {
    const m = new ImportMemory();
    const own: MappingDecision[] = [];
    for (const d of this.byKey.values()) {
      if (!d.reportingUnit) m.set(d);
      else if (d.reportingUnit === reportingUnit) own.push(d);
    }
    for (const d of own) m.set({ ...d, reportingUnit: undefined });
    return m;
  }

  /** Forgets the decision for a name and unit (and context); returns whether there was one. */
  delete(label: string, unit: string | null | undefined, context?: string): boolean {
    return this.byKey.delete(keyOf(label, unit, context));
  }

  /** The decisions in the order they were first made (for the workbook JSON). */
  toJSON(): MappingDecision[] {
    return [...this.byKey.values()].map((d) => ({ ...d }));
  }

  /** A memory holding the given decisions (later ones win for the same key). */
  static fromJSON(list: readonly MappingDecision[]): ImportMemory {
    const m = new ImportMemory();
    for (const d of list) m.set(d);
    return m;
  }

  /** An independent copy. */
  clone(): ImportMemory {
    return ImportMemory.fromJSON(this.toJSON());
  }
}
