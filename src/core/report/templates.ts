/** The report templates bundled with the app (data/report-templates/*.json), checked once at load. */
import { CATALOG } from '../data/catalog.ts';
import type { Catalog } from '../model/catalog.ts';
import { loadReportTemplates, type ReportTemplates } from './template.ts';
import phrases from '../../../data/report-templates/phrases.json' with { type: 'json' };
import scale from '../../../data/report-templates/scale.json' with { type: 'json' };
import participation from '../../../data/report-templates/participation.json' with { type: 'json' };
import teachers from '../../../data/report-templates/teachers.json' with { type: 'json' };

/** The bundled template files, as TemplateFile records (for loadReportTemplates). */
export const BUNDLED_TEMPLATE_FILES = [
  { file: 'data/report-templates/phrases.json', json: phrases as unknown },
  { file: 'data/report-templates/scale.json', json: scale as unknown },
  { file: 'data/report-templates/participation.json', json: participation as unknown },
  { file: 'data/report-templates/teachers.json', json: teachers as unknown },
];

/** The bundled templates checked against `catalog` (a workbook's catalog may hold custom indicators too). */
export function bundledTemplates(catalog: Catalog = CATALOG): ReportTemplates {
  return loadReportTemplates(BUNDLED_TEMPLATE_FILES, catalog);
}
