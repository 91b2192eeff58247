/**
 * `lab compare`, the before/after report: on the same data, each legacy query and its optimized twin,
 * a warm-up run discarded, then N runs each; the answers must be the same (SQL1: the same device,
 * metric, latest time and value set; SQL2: the same bins with averages within 1e-9), and the report gives
 * p50/p99 latency, bytes scanned and an estimated TCU cost per run with the reductions. A different
 * answer fails the report, loudly.
 */
import { percentile } from './loadtest/stats.ts';
import type { LabTarget } from './lab-target.ts';
import { legacyQueries, optimizedQueries, type QueryName } from './queries.ts';
import { runQuery, type QueryRun } from './run-query.ts';
import type { DataWindow } from './scenario.ts';

export interface SideFigures {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly bytesScanned: number;
  /**
   * TCU-seconds one run occupies, estimated as its latency × the TCU one query holds in AWS's sizing
   * (4 TCU for up to 7 concurrent queries, so 4/7 each). An estimate, not a metered figure.
   */
  readonly estimatedTcuSeconds: number;
  readonly rows: number;
}

export interface PairReport {
  readonly query: QueryName;
  readonly equivalent: boolean;
  readonly difference: string | undefined;
  readonly legacy: SideFigures;
  readonly optimized: SideFigures;
  readonly reduction: {
    readonly latencyPercent: number;
    readonly latencyTimes: number;
    readonly scanPercent: number;
    readonly scanTimes: number;
    readonly tcuPercent: number;
  };
}

export interface CompareReport {
  readonly ok: boolean;
  readonly runs: number;
  readonly pairs: readonly PairReport[];
}

/** AWS sizing: 4 TCU serve up to 7 concurrent queries (https://docs.aws.amazon.com/timestream/latest/developerguide/tcu.html). */
const TCU_PER_QUERY = 4 / 7;

async function timedRuns(target: LabTarget, sql: string, runs: number): Promise<{ times: number[]; last: QueryRun }> {
  await runQuery(target.clients.query, sql); // warm-up, discarded
  const times: number[] = [];
  let last: QueryRun | undefined;
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    last = await runQuery(target.clients.query, sql, { keepRows: run === runs - 1 });
    times.push(performance.now() - started);
  }
  return { times, last: last! };
}

function figures(times: number[], run: QueryRun): SideFigures {
  const sorted = [...times].sort((a, b) => a - b);
  const p50 = percentile(sorted, 50);
  return {
    p50Ms: Math.round(p50 * 100) / 100,
    p99Ms: Math.round(percentile(sorted, 99) * 100) / 100,
    bytesScanned: run.bytesScanned,
    estimatedTcuSeconds: Math.round((p50 / 1000) * TCU_PER_QUERY * 1e6) / 1e6,
    rows: run.rows.length,
  };
}

/** Rows as comparable keys; SQL2 averages are compared with a tolerance. */
export function compareAnswers(query: QueryName, legacy: QueryRun, optimized: QueryRun): string | undefined {
  const index = (run: QueryRun, name: string) => run.columns.indexOf(name);
  const key = (run: QueryRun, row: (string | null)[], names: string[]) =>
    names.map((name) => row[index(run, name)]).join('|');
  const keyNames =
    query === 'sql1'
      ? ['systemId', 'deviceNo', 'name', 'time']
      : ['time', 'name', 'deviceNo', 'modelKey', 'productKey'];
  const toMap = (run: QueryRun) =>
    new Map(run.rows.map((row) => [key(run, row, keyNames), Number(row[index(run, 'value')])]));
  const before = toMap(legacy);
  const after = toMap(optimized);
  if (before.size === 0) return 'the legacy query returned no rows: generate data first';
  if (before.size !== after.size) return `row counts differ: legacy ${before.size}, optimized ${after.size}`;
  for (const [rowKey, value] of before) {
    const other = after.get(rowKey);
    if (other === undefined) return `row ${rowKey} is missing from the optimized answer`;
    const tolerance = query === 'sql1' ? 0 : 1e-9 * Math.max(1, Math.abs(value));
    if (Math.abs(other - value) > tolerance) return `row ${rowKey}: legacy ${value}, optimized ${other}`;
  }
  return undefined;
}

const reductionPercent = (before: number, after: number) =>
  before > 0 ? Math.round((1 - after / before) * 1000) / 10 : 0;
const times = (before: number, after: number) => (after > 0 ? Math.round((before / after) * 10) / 10 : 0);

export async function compareSchemas(target: LabTarget, window: DataWindow, runs = 10): Promise<CompareReport> {
  const legacy = legacyQueries(target.database, window);
  const optimized = optimizedQueries(target.database, window);
  const pairs: PairReport[] = [];
  for (const query of ['sql1', 'sql2'] as const) {
    const before = await timedRuns(target, legacy[query], runs);
    const after = await timedRuns(target, optimized[query], runs);
    const difference = compareAnswers(query, before.last, after.last);
    const legacyFigures = figures(before.times, before.last);
    const optimizedFigures = figures(after.times, after.last);
    pairs.push({
      query,
      equivalent: difference === undefined,
      difference,
      legacy: legacyFigures,
      optimized: optimizedFigures,
      reduction: {
        latencyPercent: reductionPercent(legacyFigures.p50Ms, optimizedFigures.p50Ms),
        latencyTimes: times(legacyFigures.p50Ms, optimizedFigures.p50Ms),
        scanPercent: reductionPercent(legacyFigures.bytesScanned, optimizedFigures.bytesScanned),
        scanTimes: times(legacyFigures.bytesScanned, optimizedFigures.bytesScanned),
        tcuPercent: reductionPercent(legacyFigures.estimatedTcuSeconds, optimizedFigures.estimatedTcuSeconds),
      },
    });
  }
  return { ok: pairs.every((pair) => pair.equivalent), runs, pairs };
}

export function compareMarkdown(report: CompareReport, isLocal: boolean): string {
  const lines = [
    `### Before / after: legacy schema and SQL vs the optimized ones (${report.runs} runs each, warm-up discarded)`,
    '',
    report.ok
      ? 'Answers: **equivalent** for both queries.'
      : '**FAILED: the optimized answers differ from the legacy ones** — the figures below do not compare like with like.',
    '',
    '| query | p50 ms before → after | p99 ms before → after | MB scanned before → after | est. TCU-s per run before → after | latency | scan |',
    '|---|---|---|---|---|---|---|',
    ...report.pairs.map(
      (pair) =>
        `| ${pair.query.toUpperCase()}${pair.equivalent ? '' : ' ✗'} | ${pair.legacy.p50Ms} → ${pair.optimized.p50Ms} | ${pair.legacy.p99Ms} → ${pair.optimized.p99Ms} | ${(pair.legacy.bytesScanned / 1e6).toFixed(2)} → ${(pair.optimized.bytesScanned / 1e6).toFixed(2)} | ${pair.legacy.estimatedTcuSeconds} → ${pair.optimized.estimatedTcuSeconds} | −${pair.reduction.latencyPercent}% (${pair.reduction.latencyTimes}×) | −${pair.reduction.scanPercent}% (${pair.reduction.scanTimes}×) |`,
    ),
    ...report.pairs
      .filter((pair) => pair.difference)
      .map((pair) => `\n${pair.query.toUpperCase()} difference: ${pair.difference}`),
    '',
    `Estimated TCU-seconds = p50 latency × 4/7 TCU (AWS sizing: 4 TCU serve up to 7 concurrent queries) — an estimate, not a metered figure.${isLocal ? ' Bytes scanned come from the emulator’s model (rows in the time range × widths of the columns read).' : ''}`,
  ];
  return lines.join('\n');
}
