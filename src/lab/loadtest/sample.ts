/** What a load model reports for every query it ran, and the interface every model implements. */
import type { QueryName } from '../queries.ts';

export interface QuerySample<Q extends string = QueryName> {
  readonly query: Q;
  /** When the schedule meant it to start (ms on the performance clock): latency counts from here. */
  readonly intendedStart: number;
  readonly start: number;
  readonly end: number;
  /** `ok`, or the exception name (`ThrottlingException`, …), or `unfinished` when the run ended first. */
  readonly outcome: string;
  readonly bytesScanned: number;
  readonly pages: number;
}

/** Runs one query; resolves with its sample (never rejects). */
export type ExecuteQuery = (query: QueryName, intendedStart: number, signal: AbortSignal) => Promise<QuerySample>;

export interface LoadModel {
  /** Every problem with the model's settings (empty when it can run). */
  validate(): string[];
  describe(): string;
  /** Runs until `deadline` (performance clock) or until `signal` aborts; emits every sample. */
  run(
    signal: AbortSignal,
    deadline: number,
    emit: (sample: QuerySample) => void,
  ): Promise<{ dropped: Readonly<Record<QueryName, number>> }>;
}
