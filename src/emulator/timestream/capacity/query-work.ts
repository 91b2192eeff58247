/**
 * The compute one query needs, from what it does: a fixed part, its heavy operators (GROUP BY,
 * ORDER BY/TopN, JOIN, window, DISTINCT, UNNEST), the bytes it scans after pruning, and the partitions
 * it touches. Work is in TCU-seconds; parallelism — the TCU the query can use at once — grows with the
 * partitions it touches, from the 4/7 TCU a light query holds
 * (https://docs.aws.amazon.com/timestream/latest/developerguide/tcu.html: "depending upon the data
 * partitions the query accesses").
 */
import type { TcuConstants } from './tcu-profile.ts';

/** What the emulator learns of a query before it runs (from DuckDB's plan and the tables' statistics). */
export interface QueryShape {
  readonly bytesScanned: number;
  /** Spatial × time partitions, summed over the tables scanned. */
  readonly partitions: number;
  readonly heavyOperators: number;
}

export interface QueryWork {
  readonly tcuSeconds: number;
  /** TCU the query can use at once, before other queries compete. */
  readonly parallelismTcu: number;
}

export function queryWork(shape: QueryShape, constants: TcuConstants, maxQueryTcu: number): QueryWork {
  const tcuSeconds =
    constants.baseTcuSeconds +
    constants.heavyOperatorTcuSeconds * shape.heavyOperators +
    shape.bytesScanned / constants.bytesPerTcuSecond +
    constants.partitionTcuSeconds * shape.partitions;
  const lightShare = constants.tcuPerStep / constants.lightQueriesPerStep;
  const parallelismTcu = Math.max(lightShare, Math.min(maxQueryTcu, shape.partitions / constants.partitionsPerTcu));
  return { tcuSeconds, parallelismTcu };
}

/** How long the query would take alone on the account, in seconds. */
export function uncontendedSeconds(work: QueryWork): number {
  return work.tcuSeconds / work.parallelismTcu;
}
