import { Chart } from 'frappe-charts';
import { years, values } from './data.js';
export function draw(el) {
  el.replaceChildren();
  const d = document.createElement('div'); el.append(d);
  return new Chart(d, { type: 'line', height: 160, animate: false, data: { labels: years, datasets: [{ values }] } });
}
