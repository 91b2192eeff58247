/** The load test as Markdown: one row per query and combined, then the QueryTCU window, labelled for what it is. */
import type { LoadTestResult } from './load-test.ts';
import type { QueryStats } from './stats.ts';

const ms = (value: number | undefined) => (value === undefined ? '—' : `${value}`);

function row(name: string, stats: QueryStats): string {
  const errors = Object.entries(stats.errorsByName)
    .filter(([errorName]) => errorName !== 'ThrottlingException')
    .map(([errorName, count]) => `${errorName} ${count}`)
    .join(', ');
  return `| ${name} | ${stats.started} | ${stats.succeeded} | ${stats.queriesPerSecond} | ${ms(stats.latencyMs?.p50)} | ${ms(stats.latencyMs?.p90)} | ${ms(stats.latencyMs?.p95)} | ${ms(stats.latencyMs?.p99)} | ${ms(stats.latencyMs?.max)} | ${stats.throttled} | ${errors || '0'} | ${stats.dropped} | ${(stats.bytesScanned / 1e6).toFixed(1)} |`;
}

export function loadTestMarkdown(result: LoadTestResult): string {
  const lines = [
    `### Load test: ${result.description}`,
    '',
    `${result.startedAt} → ${result.endedAt} (${result.seconds} s), stopped by ${result.stoppedBy}. Latency in ms from each query's intended start to its last page; SDK maxAttempts 1, ${result.sdk.maxSockets} sockets.`,
    '',
    '| query | started | ok | q/s | p50 | p90 | p95 | p99 | max | throttled | other errors | dropped | MB scanned |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    row('SQL1', result.perQuery.sql1),
    row('SQL2', result.perQuery.sql2),
    row('all', result.combined),
    '',
    `Event-loop delay of the load generator: p99 ${result.eventLoopDelayMs.p99} ms, max ${result.eventLoopDelayMs.max} ms.`,
  ];
  if ('unavailable' in result.tcu) lines.push('', `QueryTCU: ${result.tcu.unavailable}.`);
  else {
    const tcu = result.tcu;
    lines.push(
      '',
      `QueryTCU (account-wide, per minute; ${tcu.metric}): baseline ${tcu.baseline} → peak ${tcu.peak} of MaxQueryTCU ${tcu.maxQueryTcu}${tcu.isCapped ? ' — **capacity-capped**' : ''}; ${tcu.tcuHoursMin.toFixed(3)}–${tcu.tcuHoursMax.toFixed(3)} TCU-hours over ${tcu.activeMinutes} active minute(s).`,
      tcu.caveat,
    );
  }
  return lines.join('\n');
}
