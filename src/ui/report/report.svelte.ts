/**
 * The 生成文字 view's state: which year, unit and language to draft, the draft itself (recomputed from
 * the session's workbook and findings whenever a figure, a period or a finding changes), and the
 * actions copy / export text / export Word. Loaded on demand with the view (dynamic import).
 */
import { CITY } from '../../core/model/value.ts';
import type { Catalog } from '../../core/model/catalog.ts';
import { bundledTemplates, draftText, latestDraftYear, renderDraft, type Draft, type ReportTemplates } from '../../core/report/index.ts';
import { DOCX_MIME, draftDocx } from '../../core/io/docx.ts';
import type { UiLang } from '../../storage/store.ts';
import { download } from '../download.ts';
import { t } from '../i18n.ts';
import type { Session } from '../session.svelte.ts';

export class ReportState {
  year = $state('');
  unit = $state(CITY);
  lang = $state<UiLang>('zh');
  /** What the last copy or export said (copied, or why it failed). */
  status = $state('');
  /** Bumped on every change of the workbook the session announces (cells, structure, marks). */
  private changes = $state(0);
  private templatesFor: { catalog: Catalog; templates: ReportTemplates } | null = null;
  private readonly off: () => void;

  constructor(private readonly session: Session) {
    this.lang = session.lang;
    this.year = this.latestYear();
    this.off = session.on(() => this.changes++);
  }

  /** The reporting units to choose from (read again on every change the session announces). */
  readonly units = $derived.by(() => {
    void this.changes;
    return this.session.workbook.units.all();
  });

  /** The years the workbook has, latest first. */
  readonly years = $derived.by(() => [...this.session.periods].reverse());

  /** The draft now (null in a workbook without years); the year falls back to the latest when the chosen one was removed. */
  readonly draft = $derived.by((): Draft | null => {
    void this.changes;
    const findings = this.session.findings;
    const wb = this.session.workbook;
    const period = this.session.periods.includes(this.year) ? this.year : this.latestYear();
    if (!wb.periods.includes(period)) return null;
    const unit = wb.units.has(this.unit) ? this.unit : CITY;
    return renderDraft(wb, this.templates(), { findings, covers: (k) => this.session.coversCell(k), rules: this.session.rules }, { period, unit, lang: this.lang });
  });

  readonly text = $derived.by(() => (this.draft ? draftText(this.draft, this.templates()) : ''));

  /** The bundled templates, checked against the workbook's catalog (again only when the catalog changes). */
  templates(): ReportTemplates {
    const catalog = this.session.workbook.catalog;
    if (this.templatesFor?.catalog !== catalog) this.templatesFor = { catalog, templates: bundledTemplates(catalog) };
    return this.templatesFor.templates;
  }

  /** The latest year holding any figure of the draft (or the last year). */
  private latestYear(): string {
    const wb = this.session.workbook;
    return latestDraftYear(wb, this.templates()) ?? wb.periods[wb.periods.length - 1] ?? '';
  }

  private fileName(d: Draft, ext: string): string {
    const units = this.session.workbook.units;
    const unit = units.label(d.unit, d.lang);
    return d.lang === 'zh' ? `基本情况-${d.period}-${unit}.${ext}` : `basic-facts-${d.period}-${unit.replace(/\s+/g, '-')}.${ext}`;
  }

  async copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.text);
      this.status = t(this.session.lang, 'reportCopied');
    } catch (e) {
      this.status = t(this.session.lang, 'reportCopyFailed', { detail: e instanceof Error ? e.message : String(e) });
    }
  }

  exportText(): void {
    // a BOM so that Notepad on an older Windows reads the Chinese as UTF-8
    this.save((d) => ({ name: this.fileName(d, 'txt'), bytes: new TextEncoder().encode(`\ufeff${this.text.replace(/\n/g, '\r\n')}`), mime: 'text/plain;charset=utf-8' }));
  }

  exportDocx(): void {
    this.save((d) => ({ name: this.fileName(d, 'docx'), bytes: draftDocx(d, this.templates()), mime: DOCX_MIME }));
  }

  private save(make: (d: Draft) => { name: string; bytes: Uint8Array; mime: string }): void {
    if (!this.draft) return;
    try {
      const f = make(this.draft);
      download(f.name, f.bytes, f.mime);
      this.status = '';
    } catch (e) {
      // any failure is said, never a button that does nothing
      this.status = t(this.session.lang, 'reportExportFailed', { detail: e instanceof Error ? e.message : String(e) });
    }
  }

  destroy(): void {
    this.off();
  }
}
