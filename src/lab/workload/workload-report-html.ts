/**
 * `lab run --report out.html`: one self-contained file to attach to a ticket — no script, no style
 * sheet, no image or font from anywhere else. Latency over time per query and QueryTCU per minute
 * against MaxQueryTCU are inline SVG; then the per-query table, the thresholds and the advisor's
 * findings on each query.
 */
import { adviceJson, type AdviceJson } from '../../advisor/render.ts';
import type { WorkloadResult } from './run-workload.ts';
import { tcuCaveat, workloadJson } from './workload-output.ts';

const WIDTH = 720;
const HEIGHT = 240;
const PAD = { left: 56, right: 16, top: 32, bottom: 32 };
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2'];

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);

/** A round upper bound for an axis: 1, 2 or 5 times a power of ten, at least `value`. */
function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((step) => step * power).find((candidate) => candidate >= value) ?? 10 * power;
}

interface Axes {
  readonly x: (value: number) => number;
  readonly y: (value: number) => number;
  readonly frame: string;
}

function axes(xMax: number, yMax: number, xLabel: string, yLabel: string): Axes {
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const x = (value: number) => PAD.left + (value / Math.max(xMax, 1e-9)) * plotWidth;
  const y = (value: number) => PAD.top + plotHeight - (value / yMax) * plotHeight;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((share) => {
    const value = yMax * share;
    return `<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(value)}" y2="${y(value)}" stroke="#eee"/><text x="${PAD.left - 6}" y="${y(value) + 4}" text-anchor="end">${Number(value.toPrecision(3))}</text>`;
  });
  const frame = `${ticks.join('')}<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(0)}" y2="${y(0)}" stroke="#999"/><text x="${WIDTH / 2}" y="${HEIGHT - 6}" text-anchor="middle">${escape(xLabel)}</text><text x="4" y="14">${escape(yLabel)}</text><text x="${WIDTH - PAD.right}" y="${HEIGHT - 18}" text-anchor="end">${Number(xMax.toPrecision(3))}</text>`;
  return { x, y, frame };
}

const svg = (body: string, label: string) =>
  `<svg width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escape(label)}" font-family="sans-serif" font-size="11">${body}</svg>`;

/** p95 latency per bucket, a line per query (a gap where the query had no answer). */
function latencyChart(result: WorkloadResult): string {
  const series = Object.entries(result.timeline);
  const xMax = Math.max(1, ...series.flatMap(([, points]) => points.map((point) => point.atSeconds)));
  const yMax = niceCeiling(Math.max(1, ...series.flatMap(([, points]) => points.map((point) => point.p95Ms ?? 0))));
  const { x, y, frame } = axes(xMax, yMax, 'seconds into the run', 'p95 latency, ms');
  const lines = series.map(([name, points], index) => {
    const color = COLORS[index % COLORS.length]!;
    const segments: string[][] = [[]];
    for (const point of points) {
      if (point.p95Ms === null) segments.push([]);
      else segments.at(-1)!.push(`${x(point.atSeconds).toFixed(1)},${y(point.p95Ms).toFixed(1)}`);
    }
    const drawn = segments
      .filter((segment) => segment.length > 0)
      .map((segment) =>
        segment.length === 1
          ? `<circle cx="${segment[0]!.split(',')[0]}" cy="${segment[0]!.split(',')[1]}" r="2" fill="${color}"/>`
          : `<polyline fill="none" stroke="${color}" stroke-width="1.5" points="${segment.join(' ')}"/>`,
      )
      .join('');
    const legend = `<rect x="${PAD.left + 120 + index * 140}" y="5" width="10" height="10" fill="${color}"/><text x="${PAD.left + 134 + index * 140}" y="14">${escape(name)}</text>`;
    return `<g data-query="${escape(name)}">${drawn}${legend}</g>`;
  });
  return svg(frame + lines.join(''), 'p95 latency over time per query');
}

/** QueryTCU per minute (the minute's maximum) as bars, MaxQueryTCU as a dashed line. */
function tcuChart(result: WorkloadResult): string {
  if (!('peak' in result.tcu)) return `<p>${escape(result.tcu.unavailable)}</p>`;
  const { minutes, maxQueryTcu } = result.tcu;
  const yMax = niceCeiling(Math.max(maxQueryTcu, ...minutes.map((minute) => minute.max)) * 1.1);
  const count = Math.max(1, minutes.length);
  const { x, y, frame } = axes(count, yMax, 'minute of the run', 'QueryTCU');
  const barWidth = Math.max(2, (x(1) - x(0)) * 0.7);
  const bars = minutes
    .map(
      (minute, index) =>
        `<rect data-tcu="${minute.max}" x="${(x(index + 0.5) - barWidth / 2).toFixed(1)}" y="${y(minute.max).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${(y(0) - y(minute.max)).toFixed(1)}" fill="#1f77b4"/>`,
    )
    .join('');
  const cap = `<line data-max-query-tcu="${maxQueryTcu}" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(maxQueryTcu)}" y2="${y(maxQueryTcu)}" stroke="#d62728" stroke-dasharray="6 4"/><text x="${WIDTH - PAD.right}" y="${y(maxQueryTcu) - 4}" text-anchor="end" fill="#d62728">MaxQueryTCU ${maxQueryTcu}</text>`;
  return svg(frame + bars + cap, 'QueryTCU per minute against MaxQueryTCU');
}

function queryTable(result: WorkloadResult): string {
  const json = workloadJson(result);
  const cell = (value: number | null) => `<td>${value === null ? '—' : escape(value.toLocaleString('en'))}</td>`;
  const rows = Object.entries(json.queries).map(
    ([name, query]) =>
      `<tr><th>${escape(name)}</th>${[query.count, query.succeeded, query.throttled, query.failed, result.perQuery[name]!.dropped, query.latencyMs.p50, query.latencyMs.p95, query.latencyMs.p99, query.bytesScanned].map(cell).join('')}</tr>`,
  );
  return `<table><tr><th>query</th><th>count</th><th>ok</th><th>throttled</th><th>failed</th><th>dropped</th><th>p50 ms</th><th>p95 ms</th><th>p99 ms</th><th>bytes scanned</th></tr>${rows.join('')}</table>`;
}

function thresholdList(result: WorkloadResult): string {
  if (result.thresholds.length === 0) return '<p>No thresholds in the workload file.</p>';
  const rows = result.thresholds.map(
    (threshold) =>
      `<tr class="${threshold.ok ? 'ok' : 'failed'}"><td>${threshold.ok ? '✓ holds' : '✗ fails'}</td><td>${escape(threshold.metric)}</td><td>${escape(threshold.query ?? 'all queries')}</td><td>${threshold.actual ?? 'not measured'}</td><td>${threshold.below}</td></tr>`,
  );
  return `<table><tr><th></th><th>metric</th><th>query</th><th>actual</th><th>below</th></tr>${rows.join('')}</table>`;
}

function findingsList(advice: readonly { name: string; json: AdviceJson }[]): string {
  return advice
    .map(({ name, json }) => {
      const items = json.findings.map(
        (finding) =>
          `<li><b>${escape(finding.rule)}</b> (line ${finding.span.line}, column ${finding.span.column}): ${escape(finding.title)} — ${escape(finding.why)} <i>${escape(finding.fix)}</i>${finding.rewrite ? `<pre>${escape(finding.rewrite.text)}</pre>` : ''}</li>`,
      );
      return `<h3>${escape(name)}</h3>${items.length > 0 ? `<ul>${items.join('')}</ul>` : '<p>No findings.</p>'}`;
    })
    .join('');
}

export function workloadReportHtml(
  result: WorkloadResult,
  advice: readonly { name: string; advice: Parameters<typeof adviceJson>[0] }[],
): string {
  const title = `tcu-bot workload ${result.workload} — ${result.startedAt}`;
  const findings = advice.map(({ name, advice: each }) => ({ name, json: adviceJson(each, 'en') }));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>body{font-family:sans-serif;max-width:760px;margin:2em auto;color:#222}table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}th:first-child{text-align:left}tr.failed td{color:#b00}pre{background:#f6f6f6;padding:4px;white-space:pre-wrap}</style>
</head><body>
<h1>${escape(title)}</h1>
<p>${result.seconds} s${result.stoppedEarly ? ', stopped early' : ''} · <b>${result.ok ? 'every threshold holds' : 'a threshold fails'}</b></p>
<h2>Latency over time (p95 per bucket, from each query's intended start)</h2>
${latencyChart(result)}
<h2>QueryTCU per minute against MaxQueryTCU</h2>
${tcuChart(result)}
<p>${escape(tcuCaveat(result.tcu))}${'peak' in result.tcu ? ` Peak ${result.tcu.peak}, at most ${result.tcu.hours.toFixed(4)} TCU-hours (each minute counted at its maximum).` : ''}</p>
<h2>Queries</h2>
${queryTable(result)}
<p>failed counts errors other than throttles and queries unanswered when the run ended; dropped counts arrivals that found every slot busy (never sent).</p>
<h2>Thresholds</h2>
${thresholdList(result)}
<h2>Advisor findings</h2>
<p>Each finding cites the Amazon Timestream for LiveAnalytics Developer Guide, “Queries” best practices (page queries-bp.html).</p>
${findingsList(findings)}
</body></html>
`;
}
