/**
 * The report's "一、基本情况" text drafted from the figures: templates as data (template.ts), figures
 * written as the report writes them (figure.ts), the draft with its figures to check (draft.ts).
 */
export { loadReportTemplates, parseTemplateText, type ReportTemplates, type SectionTemplate, type Phrases, type Piece, type TemplateFile } from './template.ts';
export { figureText, numberText, typedDecimals, writtenDecimals } from './figure.ts';
export { renderDraft, draftText, latestDraftYear, templateIndicators, paragraphText, flagLines, noteLines, type Draft, type DraftFlag, type DraftNote, type DraftRun, type DraftParagraph, type DraftChecks, type DraftOptions, type FlagReason } from './draft.ts';
export { bundledTemplates, BUNDLED_TEMPLATE_FILES } from './templates.ts';
