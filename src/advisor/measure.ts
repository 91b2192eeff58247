/**
 * `advise --measure`: the query and its mechanical rewrite (every finding's rewrite applied) run on
 * the target, each with QueryInsights (spatial coverage, temporal range) and its bytes scanned, and
 * their answers compared. TCU-seconds come from the emulator's TCU model, which it states for each
 * query; Timestream publishes no per-query TCU (QueryTCU is account-wide and per minute), so on AWS
 * that figure is left out rather than guessed.
 */
import { QueryCommand, type QueryCommandOutput, type TimestreamQueryClient } from '@aws-sdk/client-timestream-query';
import { MODELLED_TCU_SECONDS_HEADER } from '../timestream/modelled-tcu-header.ts';
import type { Clock } from '../shared/clock.ts';
import type { Advice } from './advise.ts';

/** Timestream takes one QueryInsights query a second per account. */
const INSIGHTS_GAP_MS = 1100;

export interface QueryMeasure {
  readonly sql: string;
  readonly rows: number;
  readonly bytesScanned: number;
  /** QueryInsights: the largest share of a table's partitions read, 0–1. */
  readonly spatialCoverage: number | null;
  /** QueryInsights: the widest time range read, in nanoseconds. */
  readonly temporalRangeNs: number | null;
  /** The emulator's TCU model's work for the query; null on AWS (not published per query). */
  readonly tcuSeconds: number | null;
}

export interface AdviceMeasure {
  readonly before: QueryMeasure;
  /** null when no finding has a mechanical rewrite. */
  readonly after: QueryMeasure | null;
  /** Whether both return the same rows (as multisets); null without a rewrite. */
  readonly answersEqual: boolean | null;
  readonly tcuSecondsSource: 'emulator TCU model' | 'not published per query by Timestream';
}

/** The SQL with every finding's rewrite in place (non-overlapping, as the rules make them); undefined when none has one. */
export function rewrittenSql(advice: Advice): string | undefined {
  const rewrites = advice.findings
    .flatMap((finding) => (finding.rewrite ? [finding.rewrite] : []))
    .sort((a, b) => b.span.start - a.span.start);
  if (rewrites.length === 0) return undefined;
  let sql = advice.sql;
  let limit = Number.POSITIVE_INFINITY;
  for (const rewrite of rewrites) {
    // A rewrite inside one already applied (nested findings) is left to the outer one.
    if (rewrite.span.end > limit) continue;
    sql = `${sql.slice(0, rewrite.span.start)}${rewrite.text}${sql.slice(rewrite.span.end)}`;
    limit = rewrite.span.start;
  }
  return sql;
}

/** The emulator's TCU header of the answer being read (null when the target sent none). */
interface HeaderHolder {
  tcuSeconds: number | null;
}

/** Runs one query to its last page with QueryInsights. */
async function measureOne(
  client: TimestreamQueryClient,
  sql: string,
  header: HeaderHolder,
  clock: Clock,
): Promise<QueryMeasure & { readonly answer: string[] }> {
  header.tcuSeconds = null;
  const answer: string[] = [];
  let response: QueryCommandOutput | undefined;
  let insights: QueryCommandOutput['QueryInsightsResponse'];
  let tcuSeconds: number | null = null;
  do {
    const command = new QueryCommand({
      QueryString: sql,
      NextToken: response?.NextToken,
      ...(response ? {} : { QueryInsights: { Mode: 'ENABLED_WITH_RATE_CONTROL' } }),
    });
    response = response ? await send(client, command) : await inInsightsSlot(() => send(client, command), clock);
    tcuSeconds ??= header.tcuSeconds;
    insights ??= response.QueryInsightsResponse;
    for (const row of response.Rows ?? []) answer.push(JSON.stringify(row.Data ?? []));
  } while (response.NextToken);
  return {
    sql,
    rows: answer.length,
    bytesScanned: response.QueryStatus?.CumulativeBytesScanned ?? 0,
    spatialCoverage: insights?.QuerySpatialCoverage?.Max?.Value ?? null,
    temporalRangeNs: insights?.QueryTemporalRange?.Max?.Value ?? null,
    tcuSeconds,
    answer,
  };
}

// Options (even empty) make the client resolve its middleware for this call, ours included.
const send = (client: TimestreamQueryClient, command: QueryCommand) => client.send(command, {});

/** An insights query, sent again a second later while another holds the account's one-a-second slot. */
async function inInsightsSlot<T>(run: () => Promise<T>, clock: Clock): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await run();
    } catch (error) {
      if ((error as Error).name !== 'ThrottlingException' || attempt >= 5) throw error;
      await clock.sleep(INSIGHTS_GAP_MS);
    }
  }
}

/** Reads the emulator's TCU header off every answer the client receives, into `header`. */
function watchTcuHeader(client: TimestreamQueryClient, header: HeaderHolder): () => void {
  const name = 'advise-measure-tcu-header';
  client.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const value = (result.response as { headers?: Record<string, string> }).headers?.[MODELLED_TCU_SECONDS_HEADER];
      header.tcuSeconds = value === undefined ? null : Number(value);
      return result;
    },
    { step: 'deserialize', name },
  );
  return () => client.middlewareStack.remove(name);
}

function sameRows(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const left = [...a].sort();
  const right = [...b].sort();
  return left.every((row, index) => row === right[index]);
}

export async function measureAdvice(
  advice: Advice,
  client: TimestreamQueryClient,
  options: { readonly isLocal: boolean; readonly clock: Clock },
): Promise<AdviceMeasure> {
  const header: HeaderHolder = { tcuSeconds: null };
  const unwatch = watchTcuHeader(client, header);
  let beforeRows: string[];
  let before: QueryMeasure;
  let after: { measure: QueryMeasure; rows: string[] } | undefined;
  try {
    ({ answer: beforeRows, ...before } = await measureOne(client, advice.sql, header, options.clock));
    const rewritten = rewrittenSql(advice);
    if (rewritten !== undefined) {
      await options.clock.sleep(INSIGHTS_GAP_MS);
      const { answer, ...measure } = await measureOne(client, rewritten, header, options.clock);
      after = { measure, rows: answer };
    }
  } finally {
    unwatch();
  }
  // Only the emulator states a query's TCU-seconds; anything else claiming to is not trusted.
  const strip = (measure: QueryMeasure) => (options.isLocal ? measure : { ...measure, tcuSeconds: null });
  return {
    before: strip(before),
    after: after ? strip(after.measure) : null,
    answersEqual: after ? sameRows(beforeRows, after.rows) : null,
    tcuSecondsSource: options.isLocal ? 'emulator TCU model' : 'not published per query by Timestream',
  };
}
