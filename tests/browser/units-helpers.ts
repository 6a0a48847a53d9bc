/**
 * Helpers of the reporting-unit browser tests (units.test.ts, unit-returns.test.ts): the units editor, its
 * two made-up counties added by typing, and a cell of the 各县（市、区） view.
 */
import { expect } from 'vitest';
import { userEvent } from 'vitest/browser';
import { testId, type Mounted } from './helpers.ts';

export const frame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));

/** A cell of the 各县（市、区） view: an indicator's row in a unit's column, scrolled into view and drawn. */
export async function unitCell(m: Mounted, indicator: string, unit: string): Promise<HTMLElement> {
  const api = m.app.grid()!.api;
  const node = api.getRowNode(indicator);
  if (node?.rowIndex != null) api.ensureIndexVisible(node.rowIndex, 'middle');
  const sel = `.ag-row[row-id="${indicator}"] [col-id="u:${unit}"]`;
  await expect.poll(() => m.target.querySelector(sel)).toBeTruthy();
  await frame();
  await frame();
  return m.target.querySelector<HTMLElement>(sel)!;
}

/** The units editor, or null when it is closed. */
export const editor = () => document.querySelector<HTMLElement>('[data-testid="unit-editor"]');
/** An element of the open units editor by its test id. */
export const inEditor = (id: string) => {
  const el = editor()?.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  if (!el) throw new Error(`no [data-testid=${id}] in the units editor`);
  return el;
};

/** Adds a unit below the one chosen in the open units editor, by typing into its form. */
export async function addUnit(zh: string, en: string, code: string) {
  await userEvent.fill(inEditor('unit-add-zh'), zh);
  await userEvent.fill(inEditor('unit-add-en'), en);
  await userEvent.fill(inEditor('unit-add-code'), code);
  await userEvent.click(inEditor('unit-add'));
}

/** Opens the units editor, adds 江城区 (c441702) and 阳东区 (c441704) under the city, and closes it. */
export async function addCounties(m: Mounted) {
  await userEvent.click(testId(m, 'units-edit'));
  await expect.poll(editor).toBeTruthy();
  await addUnit('江城区', 'Jiangcheng', '441702');
  // the new unit is chosen; add the next one under the city again
  await userEvent.click(editor()!.querySelector<HTMLElement>('[data-unit="city"]')!);
  await addUnit('阳东区', 'Yangdong', '441704');
  await expect.poll(() => m.app.session.units.map((u) => u.id)).toEqual(['city', 'c441702', 'c441704']);
  await userEvent.click(inEditor('unit-editor-close'));
  await expect.poll(editor).toBeNull();
}

/** Sets the city to derived in the units editor (chosen when it opens) and shows the 各县（市、区） view. */
export async function deriveCity(m: Mounted) {
  await userEvent.click(testId(m, 'units-edit'));
  await expect.poll(editor).toBeTruthy();
  await userEvent.selectOptions(inEditor('unit-mode'), 'derived');
  await userEvent.click(inEditor('unit-save'));
  await expect.poll(() => m.app.session.isDerived('city')).toBe(true);
  await userEvent.click(inEditor('unit-editor-close'));
  await userEvent.selectOptions(testId(m, 'unit-view'), 'units');
}
