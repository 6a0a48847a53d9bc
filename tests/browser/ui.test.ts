import { afterEach, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { CATALOG } from '../../src/core/data/catalog.ts';
import { buildValidationReport } from '../../src/core/io/report.ts';
import { workbookFromJson, workbookToJson } from '../../src/core/io/workbook-json.ts';
import { cleanup, freshDbName, mountApp, testId } from './helpers.ts';

afterEach(cleanup);

describe('the screen', () => {
  it('is in Chinese by default; the English switch is remembered', async () => {
    const dbName = freshDbName('lang');
    const a = await mountApp({ dbName });
    expect(testId(a, 'add-year').textContent).toContain('添加下一年');
    expect(a.target.querySelector('.ag-row[row-id="schools_total"] [col-id="name"]')?.textContent).toBe('各级各类学校(幼儿园)数');
    expect(a.target.querySelector('.section-row')?.textContent).toContain('教育发展规模');
    await userEvent.click(testId(a, 'lang'));
    await expect.poll(() => a.target.querySelector('.ag-row[row-id="schools_total"] [col-id="name"]')?.textContent).toBe(
      'Schools of all levels and types (incl. kindergartens)',
    );
    expect(testId(a, 'add-year').textContent).toContain('Add next year');
    expect(a.target.querySelector('.ag-header-cell[col-id="p:2019"]')?.textContent).toContain('2019');
    await a.app.session.settled();
    await a.unmount();
    const b = await mountApp({ dbName });
    expect(testId(b, 'lang').textContent).toBe('中文');
  });

  it('exports the workbook as JSON that reads back to the same figures, with its validation report', async () => {
    const a = await mountApp({ dbName: freshDbName('export') });
    a.app.session.setCells([
      { key: 'schools_total@2019', raw: '940' },
      { key: 'students_total@2019', raw: '54.1万' },
    ]);
    const s = a.app.session;
    const validation = buildValidationReport(s.workbook, s.rules, s.validationResult(), new Date().toISOString());
    const json = JSON.parse(JSON.stringify(workbookToJson(s.workbook, { validation }))) as { validation: { valid: boolean; counts: { error: number } } };
    expect(json.validation.valid).toBe(false);
    expect(json.validation.counts.error).toBe(1);
    const back = workbookFromJson(json, CATALOG);
    expect(back.get('schools_total', '2019').raw).toBe('940');
    expect(back.get('students_total', '2019').n).toBe(541000);
    expect(back.values.size).toBe(a.app.session.workbook.values.size);
  });

  it('every catalog indicator is a row, in report order, with its hierarchy indented', async () => {
    const a = await mountApp({ dbName: freshDbName('rows') });
    const api = a.app.grid()!.api;
    const ids: string[] = [];
    api.forEachNode((n) => {
      if (n.data?.kind === 'indicator') ids.push(n.data.id);
    });
    expect(ids).toEqual(a.app.session.index.ordered.map((i) => i.id));
    expect(ids.length).toBe(CATALOG.indicators.length);
    // indented by a class on the cell itself (no element per row), 18px a level
    const name = (id: string) => a.target.querySelector<HTMLElement>(`.ag-row[row-id="${id}"] [col-id="name"]`)!;
    expect(name('schools_university').classList.contains('ind-depth-1')).toBe(true);
    expect(getComputedStyle(name('schools_university')).textIndent).toBe('18px');
    expect(getComputedStyle(name('schools_total')).textIndent).toBe('0px');
    expect(name('schools_university').children.length).toBe(0);
  });

  it('an edit redraws its row once (setData), not a second time through refreshCells', async () => {
    const a = await mountApp({ dbName: freshDbName('redraw') });
    const refresh = vi.spyOn(a.app.grid()!.api, 'refreshCells');
    // no rule reads students_total: no marks change, so nothing but the row's own redraw
    a.app.session.setCells([{ key: 'students_total@2019', raw: '541262' }]);
    expect(a.target.querySelector('.ag-row[row-id="students_total"] [col-id="p:2019"]')?.textContent).toBe('541262');
    expect(refresh).not.toHaveBeenCalled();
  });
});
