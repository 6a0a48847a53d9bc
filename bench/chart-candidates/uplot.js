import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { years, values } from './data.js';
export function draw(el) {
  el.replaceChildren();
  const u = new uPlot({ width: 320, height: 160, series: [{}, { label: 'v', stroke: '#1f5fbf', points: { show: true } }], axes: [{ values: (_, s) => s.map(String) }, {}], scales: { x: { time: false } } }, [years.map(Number), values], el);
  return u;
}
