import { Chart, LineController, LineElement, PointElement, LinearScale, CategoryScale } from 'chart.js';
Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale);
import { years, values } from './data.js';
let c;
export function draw(el) {
  c?.destroy();
  el.replaceChildren();
  const canvas = document.createElement('canvas'); canvas.width = 320; canvas.height = 160; el.append(canvas);
  c = new Chart(canvas, { type: 'line', data: { labels: years, datasets: [{ data: values, borderColor: '#1f5fbf' }] }, options: { animation: false, responsive: false } });
  return c;
}
