/**
 * The one place samples become numbers: per query and combined, latency from the intended start and
 * service time (from the actual start), nearest-rank percentiles over every sample (exact: a run holds
 * at most some tens of thousands), errors by exception name with throttles apart.
 */
import type { QueryName } from '../queries.ts';
import type { QuerySample } from './sample.ts';

export interface Percentiles {
  readonly p50: number;
  readonly p90: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

export interface QueryStats {
  /** Queries sent (including those that failed or did not finish). */
  readonly started: number;
  readonly succeeded: number;
  readonly throttled: number;
  readonly failed: number;
  readonly unfinished: number;
  readonly dropped: number;
  readonly errorsByName: Readonly<Record<string, number>>;
  readonly queriesPerSecond: number;
  /** Successful queries, ms from the intended start to the last page. */
  readonly latencyMs: Percentiles | null;
  /** Successful queries, ms from the actual start. */
  readonly serviceTimeMs: Percentiles | null;
  readonly bytesScanned: number;
  readonly pages: number;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function percentiles(values: number[]): Percentiles | null {
  if (values.length === 0) return null;
  const sorted = values.sort((a, b) => a - b);
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    p50: round(percentile(sorted, 50)),
    p90: round(percentile(sorted, 90)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1)!),
  };
}

export function summarize(samples: readonly QuerySample<string>[], elapsedMs: number, dropped = 0): QueryStats {
  const ok = samples.filter((sample) => sample.outcome === 'ok');
  const errorsByName: Record<string, number> = {};
  for (const sample of samples) {
    if (sample.outcome !== 'ok' && sample.outcome !== 'unfinished')
      errorsByName[sample.outcome] = (errorsByName[sample.outcome] ?? 0) + 1;
  }
  const throttled = errorsByName.ThrottlingException ?? 0;
  const unfinished = samples.filter((sample) => sample.outcome === 'unfinished').length;
  return {
    started: samples.length,
    succeeded: ok.length,
    throttled,
    failed: samples.length - ok.length - throttled - unfinished,
    unfinished,
    dropped,
    errorsByName,
    queriesPerSecond: elapsedMs > 0 ? Math.round((ok.length / (elapsedMs / 1000)) * 100) / 100 : 0,
    latencyMs: percentiles(ok.map((sample) => sample.end - sample.intendedStart)),
    serviceTimeMs: percentiles(ok.map((sample) => sample.end - sample.start)),
    bytesScanned: ok.reduce((sum, sample) => sum + sample.bytesScanned, 0),
    pages: samples.reduce((sum, sample) => sum + sample.pages, 0),
  };
}

/** Collects samples as they arrive; progress, status and the report read from here. */
export class SampleLog<Q extends string = QueryName> {
  private readonly samples: QuerySample<Q>[] = [];

  add(sample: QuerySample<Q>): void {
    this.samples.push(sample);
  }

  all(query?: Q): QuerySample<Q>[] {
    return query ? this.samples.filter((sample) => sample.query === query) : [...this.samples];
  }

  /** Samples that ended in [from, to) on the performance clock. */
  between(from: number, to: number, query?: Q): QuerySample<Q>[] {
    return this.all(query).filter((sample) => sample.end >= from && sample.end < to);
  }

  get size(): number {
    return this.samples.length;
  }
}
