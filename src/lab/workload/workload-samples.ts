/**
 * A workload run's samples, kept as the run's figures need them rather than one object each: every
 * query's accumulators per timeline bucket (by when the call ended), plus the calls since the last
 * progress line. A run may last 20 stages of an hour at 200 arrivals a second (WORKLOAD_LIMITS): its
 * 14.4 million calls cost about 24 bytes each here (`npm run bench:lab-samples`), not the 140 a kept
 * sample object costs.
 */
import type { QuerySample } from '../loadtest/sample.ts';
import { StatsAccumulator, type QueryStats } from '../loadtest/stats.ts';

/** At most this many points in a query's latency timeline. */
export const TIMELINE_POINTS = 60;

export interface TimelinePoint {
  readonly atSeconds: number;
  readonly p50Ms: number | null;
  readonly p95Ms: number | null;
  readonly count: number;
}

export class WorkloadSamples {
  private readonly bucketMs: number;
  /** [query][bucket] */
  private readonly buckets: StatsAccumulator[][];
  private readonly index: ReadonlyMap<string, number>;
  private recent: QuerySample<string>[] = [];
  private throttledSoFar = 0;

  /** `fromMs` and `plannedMs` place the timeline's buckets: whole seconds, at most TIMELINE_POINTS of them. */
  constructor(
    private readonly names: readonly string[],
    private readonly fromMs: number,
    plannedMs: number,
  ) {
    this.bucketMs = Math.max(1000, Math.ceil(plannedMs / TIMELINE_POINTS / 1000) * 1000);
    const count = Math.max(1, Math.ceil(plannedMs / this.bucketMs));
    this.buckets = names.map(() => Array.from({ length: count }, () => new StatsAccumulator()));
    this.index = new Map(names.map((name, position) => [name, position]));
  }

  add(sample: QuerySample<string>): void {
    const perBucket = this.buckets[this.index.get(sample.query) ?? -1];
    if (!perBucket) return;
    // A call that ends at or after the planned end (in the grace for calls in flight) counts in the last bucket.
    const bucket = Math.min(perBucket.length - 1, Math.max(0, Math.floor((sample.end - this.fromMs) / this.bucketMs)));
    perBucket[bucket]!.add(sample);
    this.recent.push(sample);
    if (sample.outcome === 'ThrottlingException') this.throttledSoFar += 1;
  }

  /** The calls that ended since the last call of this (for the progress line), handed over once. */
  takeRecent(): QuerySample<string>[] {
    const recent = this.recent;
    this.recent = [];
    return recent;
  }

  get throttled(): number {
    return this.throttledSoFar;
  }

  /** One query's figures over the run. */
  statsOf(name: string, elapsedMs: number, dropped: number): QueryStats {
    return this.merged(this.buckets[this.index.get(name) ?? -1] ?? []).stats(elapsedMs, dropped);
  }

  /** Every query's figures together. */
  combined(elapsedMs: number, dropped: number): QueryStats {
    return this.merged(this.buckets.flat()).stats(elapsedMs, dropped);
  }

  /** Each query's latency over the run, bucket by bucket. */
  timeline(): Record<string, TimelinePoint[]> {
    return Object.fromEntries(
      this.names.map((name, position) => [
        name,
        this.buckets[position]!.map((accumulator, bucket) => {
          const stats = accumulator.stats(this.bucketMs);
          return {
            atSeconds: Math.round(((bucket + 1) * this.bucketMs) / 1000),
            p50Ms: stats.latencyMs?.p50 ?? null,
            p95Ms: stats.latencyMs?.p95 ?? null,
            count: stats.started,
          };
        }),
      ]),
    );
  }

  private merged(parts: readonly StatsAccumulator[]): StatsAccumulator {
    const total = new StatsAccumulator();
    for (const part of parts) total.addAll(part);
    return total;
  }
}
