/**
 * A sparkline (Excel's 迷你图): an indicator's years as a tiny line in a grid cell, drawn as inline
 * SVG — a path of a few points needs no chart library.
 */

/**
 * The SVG path of `values` scaled into a w × h box with `pad` pixels of margin; a missing year (null)
 * breaks the line, a lone point between gaps is drawn as a dot (a zero-length segment with round caps).
 * Equal values draw a flat line in the middle. Empty string when there is nothing to draw.
 */
export function sparklinePath(values: readonly (number | null)[], w: number, h: number, pad = 2): string {
  const xs = values.map((v, i) => (v === null || !Number.isFinite(v) ? null : { i, v }));
  const present = xs.filter((p): p is { i: number; v: number } => p !== null);
  if (!present.length) return '';
  const lo = Math.min(...present.map((p) => p.v));
  const hi = Math.max(...present.map((p) => p.v));
  const n = values.length;
  const x = (i: number) => (n === 1 ? w / 2 : pad + (i * (w - 2 * pad)) / (n - 1));
  const y = (v: number) => (hi === lo ? h / 2 : h - pad - ((v - lo) * (h - 2 * pad)) / (hi - lo));
  const r = (z: number) => Math.round(z * 10) / 10;
  let d = '';
  let open = false;
  for (let i = 0; i < n; i++) {
    const p = xs[i];
    if (!p) {
      open = false;
      continue;
    }
    const next = xs[i + 1];
    if (!open) {
      d += `M${r(x(i))} ${r(y(p.v))}`;
      // a point with no neighbour on the right: a dot
      if (!next) d += 'h0';
      open = true;
    } else d += `L${r(x(i))} ${r(y(p.v))}`;
  }
  return d;
}

const SVG = 'http://www.w3.org/2000/svg';

/** The sparkline as an element for a grid cell (decorative: the cell's text says what it shows). */
export function sparklineElement(values: readonly (number | null)[], w = 64, h = 18): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('width', String(w));
  svg.setAttribute('height', String(h));
  svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
  svg.setAttribute('class', 'sparkline');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', sparklinePath(values, w, h));
  path.setAttribute('fill', 'none');
  path.setAttribute('stroke', 'currentColor');
  path.setAttribute('stroke-width', '1.5');
  path.setAttribute('stroke-linecap', 'round');
  path.setAttribute('stroke-linejoin', 'round');
  svg.append(path);
  return svg;
}
