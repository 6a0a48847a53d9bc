/**
 * A table with a column per unit and a 合计 column (tests/fixtures/unit-cols, made-up figures) imported in the
 * app through the real file input: the 合计 column shown as the city (the parent of its six counties), its one
 * figure that is not the counties' sum found by the roll-up check after the import and left as the file says;
 * with a derived city the 合计 column is not imported and the differing figure is named in the preview.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { defaultRules } from '../../src/app.ts';
import { UnitTree } from '../../src/core/model/units.ts';
import tableUrl from '../fixtures/unit-cols/2020年各县（市、区）主要指标-合计有误.csv?url';
import { cleanup, freshDbName, mountApp, testId, type Mounted } from './helpers.ts';

afterEach(async () => {
  for (const d of document.querySelectorAll('[data-testid="import-dialog"]')) d.parentElement?.parentElement?.remove();
  await cleanup();
});

const rules = defaultRules();
const dialog = () => document.querySelector<HTMLElement>('[data-testid="import-dialog"]');
const inDialog = (id: string) => dialog()?.querySelector<HTMLElement>(`[data-testid="${id}"]`) ?? null;
const SLOW = { timeout: 15_000 };
const NAMES = ['泰山区', '岱岳区', '新泰市', '肥城市', '宁阳县', '东平县'];
const IDS = ['taishan', 'daiyue', 'xintai', 'feicheng', 'ningyang', 'dongping'];

async function openTable(a: Mounted, cityMode: 'reported' | 'derived'): Promise<void> {
  const wb = a.app.session.workbook;
  const city = { ...wb.units.get('city')!, mode: cityMode };
  wb.units = new UnitTree([city, ...NAMES.map((zh, i) => ({ id: IDS[i], name: { zh, en: IDS[i] }, parent: 'city', level: 'county' as const, mode: 'reported' as const }))]);
  await userEvent.click(testId(a, 'import'));
  await expect.poll(dialog, SLOW).toBeTruthy();
  const name = '2020年各县（市、区）主要指标-合计有误.csv';
  const dt = new DataTransfer();
  dt.items.add(new File([await (await fetch(tableUrl)).arrayBuffer()], name));
  const input = inDialog('import-file') as HTMLInputElement;
  input.files = dt.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
  await expect.poll(() => inDialog('import-units'), SLOW).toBeTruthy();
}
const pick = (j: number) => (inDialog(`import-unit-name-${j}`) as HTMLSelectElement | null)?.value;

describe('import of a table with a column per unit and a 合计 column', () => {
  it('a reported city: 合计 is the city; after 导入 the roll-up names the figure that is not its counties’ sum, kept as written', async () => {
    const a = await mountApp({ dbName: freshDbName('unit-cols'), rules });
    await openTable(a, 'reported');
    // columns in file order: 合计, then the six counties
    await expect.poll(() => pick(0), SLOW).toBe('city');
    expect([1, 2, 3, 4, 5, 6].map(pick)).toEqual(IDS);
    await expect.poll(() => (inDialog('import-commit') as HTMLButtonElement | null)?.disabled, SLOW).toBe(false);
    await userEvent.click(inDialog('import-commit')!);
    await expect.poll(dialog).toBeNull();
    const wb = a.app.session.workbook;
    expect(wb.get('students_primary', '2020').raw).toBe('241850');
    expect(wb.get('students_primary', '2020', 'taishan').raw).toBe('30120');
    await expect.poll(() => a.app.session.findings.filter((f) => f.kind === 'rollup').map((f) => [f.id, f.expected, f.actual])).toEqual([['rollup.students_primary|2020', 241840, 241850]]);
  });

  it('a derived city: the 合计 column is not imported; the preview says so and names the figure that differs', async () => {
    const a = await mountApp({ dbName: freshDbName('unit-cols-derived'), rules });
    await openTable(a, 'derived');
    await expect.poll(() => pick(0), SLOW).toBe('__out__');
    const text = dialog()!.textContent!;
    expect(text).toContain('“合计”是全市的列；全市的数值由下级单位汇总得出，此列不导入');
    expect(text).toContain('小学在校学生数：“合计” 241850，表中 6 个单位之和 241840，不一致');
    await expect.poll(() => (inDialog('import-commit') as HTMLButtonElement | null)?.disabled, SLOW).toBe(false);
    await userEvent.click(inDialog('import-commit')!);
    await expect.poll(dialog).toBeNull();
    // the city's figure is its counties' sum, never the file's 241850
    const city = a.app.session.workbook.get('students_primary', '2020');
    expect(city.state === 'value' ? city.n : null).toBe(241840);
    expect(a.app.session.workbook.get('students_primary', '2020', 'dongping').raw).toBe('38412');
  });
});
