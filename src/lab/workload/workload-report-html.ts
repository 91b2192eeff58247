/**
 * `lab run --report out.html`: one self-contained file to attach to a ticket — no script, no style
 * sheet, no image or font from anywhere else. Latency over time per query and QueryTCU per minute
 * against MaxQueryTCU are inline SVG; then the per-query table, the thresholds and the advisor's
 * findings on each query.
 */
import { adviceJson, type AdviceJson } from '../../advisor/render.ts';
import type { WorkloadResult } from './run-workload.ts';
import { escapeXml, svgChart } from '../../shared/svg-chart.ts';
import { tcuCaveat, workloadJson } from './workload-output.ts';

const WIDTH = 720;
const HEIGHT = 240;
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2'];
const escape = escapeXml;

/** p95 latency per bucket, a line per query (a gap where the query had no answer). */
function latencyChart(result: WorkloadResult): string {
  const series = Object.entries(result.timeline);
  return svgChart({
    width: WIDTH,
    height: HEIGHT,
    xMin: 0,
    xMax: Math.max(1, ...series.flatMap(([, points]) => points.map((point) => point.atSeconds))),
    xLabel: 'seconds into the run',
    yLabel: 'p95 latency, ms',
    label: 'p95 latency over time per query',
    lines: series.map(([name, points], index) => ({
      name,
      color: COLORS[index % COLORS.length]!,
      points: points.map((point) => ({ x: point.atSeconds, y: point.p95Ms })),
    })),
  });
}

/** QueryTCU per minute (the minute's maximum) as bars, MaxQueryTCU as a dashed line. */
function tcuChart(result: WorkloadResult): string {
  if (!('peak' in result.tcu)) return `<p>${escape(result.tcu.unavailable)}</p>`;
  const { minutes, maxQueryTcu } = result.tcu;
  return svgChart({
    width: WIDTH,
    height: HEIGHT,
    xMin: 0,
    xMax: Math.max(1, minutes.length),
    xLabel: 'minute of the run',
    yLabel: 'QueryTCU',
    label: 'QueryTCU per minute against MaxQueryTCU',
    lines: [
      {
        name: 'QueryTCU (minute maximum)',
        color: '#1f77b4',
        kind: 'bars',
        points: minutes.map((minute, index) => ({ x: index + 0.5, y: minute.max })),
      },
    ],
    horizontal: [{ value: maxQueryTcu, label: `MaxQueryTCU ${maxQueryTcu}`, color: '#d62728' }],
  });
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
