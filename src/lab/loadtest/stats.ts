/**
 * The one place samples become numbers: per query and combined, latency from the intended start and
 * service time (from the actual start), nearest-rank percentiles over every sample (exact), errors by
 * exception name with throttles apart. A `StatsAccumulator` keeps what the figures need and nothing
 * more — counts, sums, and two doubles per successful query in typed arrays (16 bytes, where a kept
 * sample object costs several times that) — so a long run holds millions of queries in bounded memory.
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
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function percentiles(values: Values): Percentiles | null {
  if (values.length === 0) return null;
  const sorted = values.sorted();
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    p50: round(percentile(sorted, 50)),
    p90: round(percentile(sorted, 90)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1]!),
  };
}

/** Doubles in a typed array that grows by doubling: 8 bytes a value. */
class Values {
  private data = new Float64Array(16);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) this.grow(this.length * 2);
    this.data[this.length++] = value;
  }

  pushAll(other: Values): void {
    if (this.length + other.length > this.data.length) this.grow(Math.max(this.length * 2, this.length + other.length));
    this.data.set(other.data.subarray(0, other.length), this.length);
    this.length += other.length;
  }

  /** An ascending copy (a typed array sorts numerically). */
  sorted(): Float64Array {
    return this.data.slice(0, this.length).sort();
  }

  private grow(capacity: number): void {
    const data = new Float64Array(capacity);
    data.set(this.data.subarray(0, this.length));
    this.data = data;
  }
}

/** What QueryStats are made of, gathered one sample at a time (and merged across buckets or queries). */
export class StatsAccumulator {
  private started = 0;
  private succeeded = 0;
  private unfinished = 0;
  private readonly errorsByName: Record<string, number> = {};
  private bytesScanned = 0;
  private pages = 0;
  private readonly latency = new Values();
  private readonly serviceTime = new Values();

  add(sample: QuerySample<string>): void {
    this.started += 1;
    this.pages += sample.pages;
    if (sample.outcome === 'ok') {
      this.succeeded += 1;
      this.bytesScanned += sample.bytesScanned;
      this.latency.push(sample.end - sample.intendedStart);
      this.serviceTime.push(sample.end - sample.start);
    } else if (sample.outcome === 'unfinished') {
      this.unfinished += 1;
    } else {
      this.errorsByName[sample.outcome] = (this.errorsByName[sample.outcome] ?? 0) + 1;
    }
  }

  addAll(other: StatsAccumulator): void {
    this.started += other.started;
    this.succeeded += other.succeeded;
    this.unfinished += other.unfinished;
    this.bytesScanned += other.bytesScanned;
    this.pages += other.pages;
    for (const [name, count] of Object.entries(other.errorsByName))
      this.errorsByName[name] = (this.errorsByName[name] ?? 0) + count;
    this.latency.pushAll(other.latency);
    this.serviceTime.pushAll(other.serviceTime);
  }

  get count(): number {
    return this.started;
  }

  get throttled(): number {
    return this.errorsByName.ThrottlingException ?? 0;
  }

  stats(elapsedMs: number, dropped = 0): QueryStats {
    const { started, succeeded, unfinished, throttled } = this;
    return {
      started,
      succeeded,
      throttled,
      failed: started - succeeded - throttled - unfinished,
      unfinished,
      dropped,
      errorsByName: { ...this.errorsByName },
      queriesPerSecond: elapsedMs > 0 ? Math.round((succeeded / (elapsedMs / 1000)) * 100) / 100 : 0,
      latencyMs: percentiles(this.latency),
      serviceTimeMs: percentiles(this.serviceTime),
      bytesScanned: this.bytesScanned,
      pages: this.pages,
    };
  }
}

export function summarize(samples: readonly QuerySample<string>[], elapsedMs: number, dropped = 0): QueryStats {
  const accumulator = new StatsAccumulator();
  for (const sample of samples) accumulator.add(sample);
  return accumulator.stats(elapsedMs, dropped);
}

/**
 * A run's samples as its readers need them: each query's totals (StatsAccumulator) for the report, and
 * for each live view (a progress line, the console's charts) the calls since that view last looked,
 * handed over once. Nothing else is kept: about 24 bytes a call (`npm run bench:lab-samples`).
 */
export class SampleLog<Q extends string = QueryName> {
  private readonly totals = new Map<Q, StatsAccumulator>();
  private readonly views = new Map<string, QuerySample<Q>[]>();

  /** `views`: the live views that will `take` (a view that is never read must not be named). */
  constructor(views: readonly string[] = []) {
    for (const view of views) this.views.set(view, []);
  }

  add(sample: QuerySample<Q>): void {
    let accumulator = this.totals.get(sample.query);
    if (!accumulator) this.totals.set(sample.query, (accumulator = new StatsAccumulator()));
    accumulator.add(sample);
    for (const waiting of this.views.values()) waiting.push(sample);
  }

  /** The calls that ended since `view` last took them. */
  take(view: string): QuerySample<Q>[] {
    const waiting = this.views.get(view);
    if (!waiting) throw new Error(`no view ${view} on this log`);
    this.views.set(view, []);
    return waiting;
  }

  /** One query's totals, or every query's together. */
  totalsOf(query?: Q): StatsAccumulator {
    if (query !== undefined) return this.totals.get(query) ?? new StatsAccumulator();
    const all = new StatsAccumulator();
    for (const accumulator of this.totals.values()) all.addAll(accumulator);
    return all;
  }

  get size(): number {
    let count = 0;
    for (const accumulator of this.totals.values()) count += accumulator.count;
    return count;
  }
}
