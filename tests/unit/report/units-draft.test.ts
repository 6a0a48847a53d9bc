/**
 * The report's text for a reporting unit (issue 17): a unit that sent nothing says so, and a derived
 * parent's figure is to be checked when a figure of its units it is added up from is — naming them.
 * The six-county sample (made-up county figures that add up to the 2019 city totals).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CATALOG } from '../../../src/core/data/catalog.ts';
import { workbookFromJson } from '../../../src/core/io/workbook-json.ts';
import type { Workbook } from '../../../src/core/model/workbook.ts';
import { cellKey } from '../../../src/core/model/value.ts';
import { parseValue } from '../../../src/core/parse/value.ts';
import { deriveAll } from '../../../src/core/rules/rollup.ts';
import { compileRules } from '../../../src/core/rules/validator.ts';
import { paragraphText, renderDraft, type Draft } from '../../../src/core/report/index.ts';
import { RULES, TEMPLATES } from './helpers.ts';

const SAMPLE = resolve(import.meta.dirname, '../../../data/samples/units-2019-six-counties.json');

/** The sample with the city derived from its units (as the session keeps it), after `edit`. */
function round(edit: (wb: Workbook) => void = () => {}, cityDerived = true): Workbook {
  const wb = workbookFromJson(JSON.parse(readFileSync(SAMPLE, 'utf8')), CATALOG, 'sample.json');
  edit(wb);
  if (cityDerived) {
    wb.units.setMode('city', 'derived');
    wb.apply(deriveAll(wb, RULES));
  }
  return wb;
}

function draft(wb: Workbook, unit = 'city'): Draft {
  const v = compileRules(RULES, wb);
  const { findings } = v.validateAll();
  return renderDraft(wb, TEMPLATES, { findings, covers: (k) => v.slotOfKey(k) !== undefined, rules: RULES }, { period: '2019', unit, lang: 'zh' });
}

const set = (wb: Workbook, id: string, unit: string, raw: string) => {
  const ind = wb.index.indicator(id);
  wb.apply([{ key: cellKey(id, '2019', unit), after: parseValue(raw, ind, wb.index.unitOf(ind)) }]);
};

describe('the draft of a derived parent follows its units', () => {
  it('the consistent round: the derived city\'s draft has no figure to check', () => {
    expect(draft(round()).flags).toEqual([]);
  });

  it.each([
    ['a county left its figure empty', '', '南湖县小学在校生数（未填报）'],
    ['a county\'s figure cannot be read', '九万x', '南湖县小学在校生数（'],
  ])('%s: the city\'s sum is to be checked, naming the county', (_, raw, named) => {
    const d = draft(round((wb) => set(wb, 'students_primary', 'nanhu', raw)));
    const flag = d.flags.find((f) => f.indicator === 'students_primary' && f.unit === 'city')!;
    expect(flag).toMatchObject({ reason: 'unchecked' });
    expect(flag.why.zh).toContain('由下级单位汇总，下级的数待核：');
    expect(flag.why.zh).toContain(named);
    // the other counties' own figures are not in doubt for it (the roll-up it breaks is the city's)
    expect(flag.why.zh).not.toContain('江北区');
  });

  it('a reported city with the same gap in a county is written from its own figure (its roll-up says the rest)', () => {
    const d = draft(round((wb) => set(wb, 'students_primary', 'nanhu', ''), false));
    const flag = d.flags.find((f) => f.indicator === 'students_primary' && f.unit === 'city');
    expect(flag?.why.zh ?? '').not.toContain('由下级单位汇总');
  });
});

describe('a unit that sent nothing', () => {
  it('every figure of its draft is 【待核】 saying the unit has sent nothing for the year', () => {
    const wb = round((w) => {
      for (const k of [...w.values.keys()]) if (k.endsWith('#linhai')) w.values.delete(k);
    }, false);
    const d = draft(wb, 'linhai');
    expect(d.flags.length).toBeGreaterThan(10);
    expect(new Set(d.flags.filter((f) => f.period === '2019').map((f) => f.why.zh))).toEqual(new Set(['本单位本年尚未报送']));
    expect(d.paragraphs.map(paragraphText).join('')).toContain('临海市各级各类学校（幼儿园）【待核】');
  });
});
