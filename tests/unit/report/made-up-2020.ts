/**
 * A made-up 2020 after the report's 2019 — INVENTED figures, published nowhere — for the report-text
 * tests (unit, CLI, browser). Totals equal their parts and ratios match their figures, so only what a
 * test plants is in doubt. Against 2019: schools +9, students −2519, teachers +197, 毛入园率 −0.33 points.
 */
import { cellKey } from '../../../src/core/model/value.ts';
import type { Workbook } from '../../../src/core/model/workbook.ts';
import { parseValue } from '../../../src/core/parse/value.ts';

/** INVENTED 2020 figures: totals equal their parts, ratios match their figures (so only the planted doubts show). */
export const MADE_UP_2020: Record<string, string> = {
  schools_university: '1',
  schools_open_university: '2',
  schools_senior_high: '18',
  schools_senior_high_complete: '6',
  schools_senior_high_senior: '8',
  schools_senior_high_12year: '4',
  schools_vocational: '6',
  schools_compulsory: '249',
  schools_primary: '151',
  schools_junior: '98',
  schools_kindergarten: '662',
  schools_kindergarten_public: '215',
  schools_kindergarten_private: '447',
  schools_special: '5',
  schools_total: '943',
  students_university: '11890',
  students_open_university: '7950',
  students_senior_high: '46102',
  students_vocational: '16210',
  students_compulsory: '354100',
  students_primary: '255200',
  students_junior: '98900',
  students_kindergarten: '101850',
  students_special: '640',
  students_total: '538742',
  ger_preschool: '97.90',
  enrolment_rate_disabled: '99.45',
  ger_primary: '103.19',
  promotion_rate_primary: '100',
  ger_junior: '115.02',
  ger_senior_secondary: '98.56',
  general_vocational_ratio: '55.5:44.5',
  teachers_university: '480',
  teachers_open_university: '100',
  teachers_vocational: '830',
  teachers_senior_high: '3570',
  teachers_junior: '7300',
  teachers_primary: '14800',
  teachers_kindergarten: '7100',
  teachers_special: '130',
  teachers_total: '34310',
  share_associate_plus_kindergarten: '78.5',
  share_associate_plus_primary: '99.0',
  ptr_kindergarten: '1:14.3',
  ptr_primary: '1:17.2',
  share_bachelor_plus_junior: '89.1',
  share_bachelor_plus_senior_high: '100',
  share_bachelor_plus_vocational: '95.6',
  ptr_junior: '1:13.5',
  ptr_senior_high: '1:12.9',
  ptr_vocational: '1:19.5',
};

/** Adds `period` (if new) and types `figures` into it, for `unit` (default the city). */
export function typed(wb: Workbook, period: string, figures: Record<string, string>, unit?: string): void {
  wb.addPeriod(period);
  wb.apply(
    Object.entries(figures).map(([id, raw]) => {
      const ind = wb.index.indicator(id);
      return { key: cellKey(id, period, unit), after: parseValue(raw, ind, wb.index.unitOf(ind)) };
    }),
  );
}

