/**
 * One home for the charts tcu-bot draws: a time axis, lines (a gap where a value is missing), bars,
 * horizontal reference lines (a threshold, MaxQueryTCU) and shaded spans (the time in ALARM), as SVG
 * text. The workload report inlines it in HTML; the emulator's GetMetricWidgetImage rasterizes it to
 * PNG with resvg (a standalone SVG then carries its namespace).
 */

export interface ChartLine {
  readonly name: string;
  readonly color: string;
  /** x ascending; y null where the series has no value. */
  readonly points: readonly { readonly x: number; readonly y: number | null }[];
  readonly kind?: 'line' | 'bars';
}

export interface ChartSpec {
  readonly width: number;
  readonly height: number;
  readonly xMin: number;
  readonly xMax: number;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly lines: readonly ChartLine[];
  readonly horizontal?: readonly { readonly value: number; readonly label: string; readonly color: string }[];
  readonly spans?: readonly {
    readonly from: number;
    readonly to: number;
    readonly color: string;
    readonly label: string;
  }[];
  /** The text of an x value at the axis ends (seconds, a clock time). */
  readonly xText?: (x: number) => string;
  readonly title?: string;
  /** A file of its own (PNG rendering) rather than inline in HTML: carries the SVG namespace. */
  readonly standalone?: boolean;
  readonly label: string;
}

const PAD = { left: 56, right: 16, top: 32, bottom: 32 } as const;

export const escapeXml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);

/** A round upper bound for an axis: 1, 2 or 5 times a power of ten, at least `value`. */
export function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((step) => step * power).find((candidate) => candidate >= value) ?? 10 * power;
}

const fixed = (value: number) => value.toFixed(1);

export function svgChart(spec: ChartSpec): string {
  const { width, height } = spec;
  const plotWidth = width - PAD.left - PAD.right;
  const plotHeight = height - PAD.top - PAD.bottom;
  const highest = Math.max(
    1,
    ...spec.lines.flatMap((line) => line.points.map((point) => point.y ?? 0)),
    ...(spec.horizontal ?? []).map((line) => line.value),
  );
  const yMax = niceCeiling(highest * 1.05);
  const xSpan = Math.max(spec.xMax - spec.xMin, 1e-9);
  const x = (value: number) => PAD.left + ((value - spec.xMin) / xSpan) * plotWidth;
  const y = (value: number) => PAD.top + plotHeight - (Math.max(0, value) / yMax) * plotHeight;
  const xText = spec.xText ?? ((value: number) => String(Number(value.toPrecision(3))));
  const parts: string[] = [`<rect width="${width}" height="${height}" fill="#ffffff"/>`];
  for (const span of spec.spans ?? []) {
    const from = x(Math.max(spec.xMin, span.from));
    const to = x(Math.min(spec.xMax, span.to));
    if (to > from)
      parts.push(
        `<rect data-span="${escapeXml(span.label)}" x="${fixed(from)}" y="${PAD.top}" width="${fixed(to - from)}" height="${plotHeight}" fill="${span.color}" fill-opacity="0.18"/>`,
      );
  }
  for (const share of [0, 0.25, 0.5, 0.75, 1]) {
    const value = yMax * share;
    parts.push(
      `<line x1="${PAD.left}" x2="${width - PAD.right}" y1="${fixed(y(value))}" y2="${fixed(y(value))}" stroke="#eeeeee"/>`,
      `<text x="${PAD.left - 6}" y="${fixed(y(value) + 4)}" text-anchor="end">${Number(value.toPrecision(3))}</text>`,
    );
  }
  parts.push(
    `<line x1="${PAD.left}" x2="${width - PAD.right}" y1="${y(0)}" y2="${y(0)}" stroke="#999999"/>`,
    `<text x="${PAD.left}" y="${height - 18}">${escapeXml(xText(spec.xMin))}</text>`,
    `<text x="${width - PAD.right}" y="${height - 18}" text-anchor="end">${escapeXml(xText(spec.xMax))}</text>`,
    `<text x="${width / 2}" y="${height - 6}" text-anchor="middle">${escapeXml(spec.xLabel)}</text>`,
    `<text x="4" y="14">${escapeXml(spec.yLabel)}</text>`,
  );
  if (spec.title) parts.push(`<text x="${PAD.left}" y="14" font-weight="bold">${escapeXml(spec.title)}</text>`);
  spec.lines.forEach((line, index) => {
    const drawn: string[] = [];
    if (line.kind === 'bars') {
      const step = line.points.length > 1 ? plotWidth / line.points.length : plotWidth / 2;
      const barWidth = Math.max(2, step * 0.7);
      for (const point of line.points)
        if (point.y !== null)
          drawn.push(
            `<rect data-value="${point.y}" x="${fixed(x(point.x) - barWidth / 2)}" y="${fixed(y(point.y))}" width="${fixed(barWidth)}" height="${fixed(y(0) - y(point.y))}" fill="${line.color}"/>`,
          );
    } else {
      const runs: string[][] = [[]];
      for (const point of line.points) {
        if (point.y === null) runs.push([]);
        else runs.at(-1)!.push(`${fixed(x(point.x))},${fixed(y(point.y))}`);
      }
      for (const run of runs.filter((each) => each.length > 0)) {
        if (run.length === 1) {
          const [cx, cy] = run[0]!.split(',');
          drawn.push(`<circle cx="${cx}" cy="${cy}" r="2" fill="${line.color}"/>`);
        } else
          drawn.push(`<polyline fill="none" stroke="${line.color}" stroke-width="1.5" points="${run.join(' ')}"/>`);
      }
    }
    // Legends from the middle on (the title and the y label take the left).
    const legendX = width / 2 + index * 140;
    drawn.push(
      `<rect x="${legendX}" y="${PAD.top - 24}" width="10" height="10" fill="${line.color}"/>`,
      `<text x="${legendX + 14}" y="${PAD.top - 15}">${escapeXml(line.name)}</text>`,
    );
    parts.push(`<g data-series="${escapeXml(line.name)}">${drawn.join('')}</g>`);
  });
  for (const line of spec.horizontal ?? []) {
    parts.push(
      `<line data-horizontal="${line.value}" x1="${PAD.left}" x2="${width - PAD.right}" y1="${fixed(y(line.value))}" y2="${fixed(y(line.value))}" stroke="${line.color}" stroke-width="2" stroke-dasharray="6 4"/>`,
      `<text x="${width - PAD.right}" y="${fixed(y(line.value) - 4)}" text-anchor="end" fill="${line.color}">${escapeXml(line.label)}</text>`,
    );
  }
  const namespace = spec.standalone ? ' xmlns="http://www.w3.org/2000/svg"' : '';
  return `<svg${namespace} width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(spec.label)}" font-family="sans-serif" font-size="11">${parts.join('')}</svg>`;
}
