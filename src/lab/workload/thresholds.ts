/**
 * k6-style thresholds over a workload run: each names a metric (of one query, or of all of them) and
 * the bound it must stay below. A metric the run could not measure (no successful query, QueryTCU not
 * readable) fails its threshold: a pass must be shown, never assumed.
 */
import type { QueryStats } from '../loadtest/stats.ts';
import type { ThresholdMetric, WorkloadThreshold } from './workload-schema.ts';

export interface ThresholdResult {
  readonly metric: ThresholdMetric;
  readonly query: string | null;
  readonly below: number;
  readonly actual: number | null;
  readonly ok: boolean;
}

export interface ThresholdInputs {
  readonly perQuery: Readonly<Record<string, QueryStats>>;
  readonly combined: QueryStats;
  readonly tcu: { readonly peak: number; readonly hours: number } | undefined;
}

function measured(metric: ThresholdMetric, stats: QueryStats, tcu: ThresholdInputs['tcu']): number | null {
  const finished = stats.succeeded + stats.throttled + stats.failed + stats.unfinished;
  switch (metric) {
    case 'latency_p50_ms':
      return stats.latencyMs?.p50 ?? null;
    case 'latency_p95_ms':
      return stats.latencyMs?.p95 ?? null;
    case 'latency_p99_ms':
      return stats.latencyMs?.p99 ?? null;
    case 'throttled_ratio':
      return finished > 0 ? stats.throttled / finished : null;
    case 'failed_ratio':
      return finished > 0 ? (stats.failed + stats.unfinished) / finished : null;
    case 'tcu_peak':
      return tcu?.peak ?? null;
    case 'tcu_hours':
      return tcu?.hours ?? null;
  }
}

export function evaluateThresholds(
  thresholds: readonly WorkloadThreshold[],
  inputs: ThresholdInputs,
): ThresholdResult[] {
  return thresholds.map((threshold) => {
    const stats = threshold.query === undefined ? inputs.combined : inputs.perQuery[threshold.query]!;
    const actual = measured(threshold.metric, stats, inputs.tcu);
    return {
      metric: threshold.metric,
      query: threshold.query ?? null,
      below: threshold.below,
      actual: actual === null ? null : Math.round(actual * 10_000) / 10_000,
      ok: actual !== null && actual < threshold.below,
    };
  });
}
