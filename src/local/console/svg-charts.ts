/**
 * Small SVG charts for the console page, drawn from numbers alone (no library, no network): line
 * charts for the live load-test series and grouped bar charts for the reports. The SVG scales to its
 * container, so the same chart reads on a laptop and on a phone.
 */
import { escapeHtml } from './render-html.ts';

export interface Series {
  readonly name: string;
  readonly colour: string;
  /** SVG stroke-dasharray, '' for solid. */
  readonly dash: string;
  readonly points: readonly (readonly [x: number, y: number])[];
}

const WIDTH = 560;
const HEIGHT = 240;
const PAD = { left: 52, right: 12, top: 28, bottom: 46 };

/** A round step for about five gridlines up to `max`. */
function niceStep(max: number): number {
  if (max <= 0) return 1;
  const rough = max / 5;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  return [1, 2, 5, 10].map((factor) => factor * magnitude).find((step) => step >= rough) ?? magnitude * 10;
}

function format(value: number): string {
  if (value >= 1e9) return `${(value / 1e9).toFixed(1)}G`;
  if (value >= 1e6) return `${(value / 1e6).toFixed(1)}M`;
  if (value >= 1e3) return `${(value / 1e3).toFixed(1)}k`;
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

function legend(items: readonly { name: string; colour: string; dash: string }[]): string {
  return items
    .map((item, index) => {
      const x = PAD.left + (index % 4) * 125;
      const y = HEIGHT - 22 + Math.floor(index / 4) * 12;
      return `<line x1="${x}" y1="${y}" x2="${x + 16}" y2="${y}" stroke="${item.colour}" stroke-width="2" stroke-dasharray="${item.dash}"/><text x="${x + 20}" y="${y + 4}" class="legend">${escapeHtml(item.name)}</text>`;
    })
    .join('');
}

export function lineChartSvg(series: readonly Series[], options: { title: string; xLabel: string }): string {
  const all = series.flatMap((line) => line.points);
  const maxX = Math.max(1, ...all.map(([x]) => x));
  const step = niceStep(Math.max(...all.map(([, y]) => y), 0));
  const maxY = Math.max(step, Math.ceil(Math.max(0, ...all.map(([, y]) => y)) / step) * step);
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const sx = (x: number) => PAD.left + (x / maxX) * plotW;
  const sy = (y: number) => PAD.top + plotH - (y / maxY) * plotH;
  const grid: string[] = [];
  for (let y = 0; y <= maxY + 1e-9; y += step)
    grid.push(
      `<line x1="${PAD.left}" y1="${sy(y)}" x2="${WIDTH - PAD.right}" y2="${sy(y)}" class="grid"/><text x="${PAD.left - 6}" y="${sy(y) + 4}" class="axis" text-anchor="end">${format(y)}</text>`,
    );
  const lines = series
    .filter((line) => line.points.length > 0)
    .map(
      (line) =>
        `<polyline data-series="${escapeHtml(line.name)}" data-points="${line.points.length}" fill="none" stroke="${line.colour}" stroke-width="2" stroke-dasharray="${line.dash}" points="${line.points.map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ')}"/>`,
    );
  return `<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeHtml(options.title)}"><text x="${PAD.left}" y="16" class="title">${escapeHtml(options.title)}</text>${grid.join('')}<text x="${WIDTH - PAD.right}" y="${PAD.top + plotH + 14}" class="axis" text-anchor="end">${format(maxX)} ${escapeHtml(options.xLabel)}</text>${lines.join('')}${legend(series)}</svg>`;
}

export interface BarGroup {
  readonly label: string;
  readonly values: readonly { readonly name: string; readonly colour: string; readonly value: number }[];
}

export function barChartSvg(groups: readonly BarGroup[], options: { title: string }): string {
  const values = groups.flatMap((group) => group.values.map((bar) => bar.value));
  const step = niceStep(Math.max(0, ...values));
  const maxY = Math.max(step, Math.ceil(Math.max(0, ...values) / step) * step);
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const sy = (y: number) => PAD.top + plotH - (y / maxY) * plotH;
  const groupW = plotW / Math.max(groups.length, 1);
  const grid: string[] = [];
  for (let y = 0; y <= maxY + 1e-9; y += step)
    grid.push(
      `<line x1="${PAD.left}" y1="${sy(y)}" x2="${WIDTH - PAD.right}" y2="${sy(y)}" class="grid"/><text x="${PAD.left - 6}" y="${sy(y) + 4}" class="axis" text-anchor="end">${format(y)}</text>`,
    );
  const bars = groups.flatMap((group, groupIndex) => {
    const barW = (groupW * 0.7) / Math.max(group.values.length, 1);
    const left = PAD.left + groupIndex * groupW + groupW * 0.15;
    return [
      ...group.values.map(
        (bar, index) =>
          `<rect data-bar="${escapeHtml(`${group.label} ${bar.name}`)}" x="${(left + index * barW).toFixed(1)}" y="${sy(bar.value).toFixed(1)}" width="${(barW - 2).toFixed(1)}" height="${(PAD.top + plotH - sy(bar.value)).toFixed(1)}" fill="${bar.colour}"><title>${escapeHtml(`${group.label} ${bar.name}: ${format(bar.value)}`)}</title></rect>`,
      ),
      `<text x="${(left + groupW * 0.35).toFixed(1)}" y="${PAD.top + plotH + 14}" class="axis" text-anchor="middle">${escapeHtml(group.label)}</text>`,
    ];
  });
  const names = [
    ...new Map(
      groups.flatMap((group) =>
        group.values.map((bar) => [bar.name, { name: bar.name, colour: bar.colour, dash: '' }] as const),
      ),
    ).values(),
  ];
  return `<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeHtml(options.title)}"><text x="${PAD.left}" y="16" class="title">${escapeHtml(options.title)}</text>${grid.join('')}${bars.join('')}${legend(names)}</svg>`;
}

export function lineChart(
  container: Element,
  series: readonly Series[],
  options: { title: string; xLabel: string },
): void {
  container.innerHTML = lineChartSvg(series, options);
}

export function barChart(container: Element, groups: readonly BarGroup[], options: { title: string }): void {
  container.innerHTML = barChartSvg(groups, options);
}
