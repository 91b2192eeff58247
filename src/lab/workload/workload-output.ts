/**
 * A workload run as the CLI prints it: the `--json` contract other tools read (documented in the
 * README: keep its shape), and the summary a person reads.
 */
import type { QueryStats } from '../loadtest/stats.ts';
import type { WorkloadResult } from './run-workload.ts';

/** `failed` counts errors other than throttles and the queries still unanswered when the run ended. */
function queryJson(stats: QueryStats) {
  return {
    count: stats.started,
    succeeded: stats.succeeded,
    throttled: stats.throttled,
    failed: stats.failed + stats.unfinished,
    latencyMs: {
      p50: stats.latencyMs?.p50 ?? null,
      p95: stats.latencyMs?.p95 ?? null,
      p99: stats.latencyMs?.p99 ?? null,
    },
    bytesScanned: stats.bytesScanned,
  };
}

/** `lab run --json`: { queries: { <name>: … }, tcu: { peak, hours }, thresholds: [ … ], ok }. */
export function workloadJson(result: WorkloadResult) {
  return {
    queries: Object.fromEntries(Object.entries(result.perQuery).map(([name, stats]) => [name, queryJson(stats)])),
    tcu: 'peak' in result.tcu ? { peak: result.tcu.peak, hours: result.tcu.hours } : { peak: null, hours: null },
    thresholds: result.thresholds.map(({ metric, query, below, actual, ok }) => ({ metric, query, below, actual, ok })),
    ok: result.ok,
  };
}

const ms = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${Math.round(value)}`);

/** What QueryTCU figures are, said wherever they are shown. */
export function tcuCaveat(tcu: WorkloadResult['tcu']): string {
  if (!('peak' in tcu)) return `QueryTCU: ${tcu.unavailable}`;
  return tcu.isLocalEstimate
    ? 'QueryTCU is the emulator’s work-based model (modelled locally, not a bill), per minute.'
    : 'QueryTCU is the account’s CloudWatch metric (AWS/Usage ResourceCount, Resource=QueryTCU): account-wide, per minute — other queries on the account count too; the last minutes may still be arriving.';
}

export function workloadSummary(result: WorkloadResult): string {
  const rows = Object.entries(result.perQuery).map(([name, stats]) => {
    const json = queryJson(stats);
    return `| ${name} | ${json.count} | ${json.succeeded} | ${json.throttled} | ${json.failed} | ${stats.dropped} | ${ms(json.latencyMs.p50)} | ${ms(json.latencyMs.p95)} | ${ms(json.latencyMs.p99)} | ${json.bytesScanned.toLocaleString('en')} |`;
  });
  const lines = [
    `workload ${result.workload}: ${result.seconds} s${result.stoppedEarly ? ' (stopped early)' : ''}`,
    '',
    '| query | count | ok | throttled | failed | dropped | p50 ms | p95 ms | p99 ms | bytes scanned |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
  ];
  if ('peak' in result.tcu)
    lines.push(
      `QueryTCU: peak ${result.tcu.peak} of MaxQueryTCU ${result.tcu.maxQueryTcu} · at most ${result.tcu.hours.toFixed(4)} TCU-hours (each minute counted at its maximum)`,
    );
  lines.push(tcuCaveat(result.tcu));
  if (result.thresholds.length > 0) {
    lines.push('', 'thresholds:');
    for (const threshold of result.thresholds)
      lines.push(
        `  ${threshold.ok ? '✓' : '✗'} ${threshold.metric}${threshold.query ? ` (${threshold.query})` : ''} = ${threshold.actual ?? 'not measured'} (below ${threshold.below})`,
      );
  }
  lines.push('', result.ok ? 'ok: every threshold holds' : 'FAILED: a threshold does not hold (exit 99)');
  return lines.join('\n');
}
