/**
 * `tcu-bot lab calibrate`: fits the TCU model's unpublished constants to an account. Three queries on
 * the lab's tables, each run by enough closed-loop users to keep the account's capacity busy:
 *
 * - a last-point query (one heavy operator, a few KB),
 * - a group-by query (two heavy operators, a few KB),
 * - a scan (no heavy operator, many MB).
 *
 * When capacity C (QueryTCU's per-minute maximum) is all in use, the users share it, so each query
 * takes L = users × W ÷ C: it costs W = C × L ÷ users TCU-seconds (the median L; latency, unlike
 * throughput, does not depend on where in a cycle of answers the run happens to stop). The model says
 * W = fixed + operators × per-operator + bytes ÷ bytes-per-TCU-second: three queries, three equations,
 * solved exactly. Partition costs are not separated (they fold into the fixed part) and keep the
 * profile's values. The result is a profile file for
 * `tcu-bot emulator --tcu-profile`.
 */
import type { TcuSource } from '../monitor/tcu-source.ts';
import type { Clock } from '../shared/clock.ts';
import type { LabTarget } from './lab-target.ts';
import { runQuery } from './run-query.ts';
import type { DataWindow } from './scenario.ts';
import { device } from './scenario.ts';
import { idleAfter } from './workload-compare.ts';

const MINUTE_MS = 60_000;

export interface CalibrationOptions {
  /** Closed-loop users per query; enough that users × 4/7 TCU exceeds the account's capacity. */
  readonly users: number;
  readonly durationMs: number;
}

export interface CalibrationPoint {
  readonly query: 'last-point' | 'group-by' | 'scan';
  readonly sql: string;
  readonly queriesPerSecond: number;
  /** QueryTCU's maximum over the run's minutes. */
  readonly tcu: number;
  readonly bytesScanned: number;
  readonly medianLatencyMs: number;
  readonly tcuSecondsPerQuery: number;
}

export interface CalibrationResult {
  readonly points: readonly CalibrationPoint[];
  readonly constants: {
    readonly baseTcuSeconds: number;
    readonly heavyOperatorTcuSeconds: number;
    readonly bytesPerTcuSecond: number;
  };
}

export interface CalibrationDeps {
  readonly target: LabTarget;
  readonly window: DataWindow;
  readonly tcu: TcuSource;
  readonly clock: Clock;
  /** Waits until the account is idle again (30 s of held capacity, into the next minute). */
  readonly settle?: (untilMs: number) => Promise<void>;
  readonly onPoint?: (point: CalibrationPoint) => void;
}

function calibrationQueries(target: LabTarget, window: DataWindow): Record<CalibrationPoint['query'], string> {
  const table = (name: string) => `"${target.database.replace(/"/g, '""')}"."${name}"`;
  const deviceNo = device(0).deviceNo;
  const lastHour = `time BETWEEN from_milliseconds(${window.endMs - 3600_000}) AND from_milliseconds(${window.endMs})`;
  return {
    'last-point': `SELECT time, value FROM ${table('power')} WHERE deviceNo = '${deviceNo}' AND measure_name = 'power_1' AND ${lastHour} ORDER BY time DESC LIMIT 1`,
    'group-by': `SELECT bin(time, 1m) AS minute, max(value) AS peak FROM ${table('power')} WHERE deviceNo = '${deviceNo}' AND measure_name = 'power_1' AND ${lastHour} GROUP BY bin(time, 1m) ORDER BY minute`,
    scan: `SELECT max(value), min(value) FROM ${table('legacy')} WHERE time BETWEEN from_milliseconds(${window.startMs}) AND from_milliseconds(${window.endMs})`,
  };
}

async function measure(
  query: CalibrationPoint['query'],
  sql: string,
  options: CalibrationOptions,
  deps: CalibrationDeps,
): Promise<CalibrationPoint> {
  const settle = deps.settle ?? ((untilMs: number) => deps.clock.sleep(Math.max(0, untilMs - deps.clock.now())));
  const client = deps.target.loadTestClient(options.users + 4, new AbortController().signal);
  const first = await runQuery(client, sql);
  const fromMs = deps.clock.now();
  const endMs = fromMs + options.durationMs;
  let completed = 0;
  const latencies: number[] = [];
  const user = async () => {
    while (deps.clock.now() < endMs) {
      try {
        const started = deps.clock.now();
        await runQuery(client, sql);
        latencies.push(deps.clock.now() - started);
        completed += 1;
      } catch (error) {
        // A throttle means the account is past saturation: the next call tries again.
        if ((error as Error).name !== 'ThrottlingException') throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: options.users }, user));
  const toMs = deps.clock.now();
  client.destroy();
  const idleAt = idleAfter(toMs);
  await settle(idleAt);
  const minutes = await deps.tcu.minuteTcu(Math.floor(fromMs / MINUTE_MS) * MINUTE_MS, idleAt);
  const tcu = minutes.reduce((most, minute) => Math.max(most, minute.max), 0);
  const queriesPerSecond = completed / ((toMs - fromMs) / 1000);
  latencies.sort((a, b) => a - b);
  const medianSeconds = (latencies[Math.floor(latencies.length / 2)] ?? Number.NaN) / 1000;
  const point = {
    query,
    sql,
    queriesPerSecond,
    tcu,
    bytesScanned: first.bytesScanned,
    medianLatencyMs: medianSeconds * 1000,
    tcuSecondsPerQuery: (tcu * medianSeconds) / options.users,
  };
  deps.onPoint?.(point);
  return point;
}

export async function calibrate(options: CalibrationOptions, deps: CalibrationDeps): Promise<CalibrationResult> {
  const texts = calibrationQueries(deps.target, deps.window);
  const points: CalibrationPoint[] = [];
  for (const query of ['last-point', 'group-by', 'scan'] as const)
    points.push(await measure(query, texts[query], options, deps));
  const [lastPoint, groupBy, scan] = points as [CalibrationPoint, CalibrationPoint, CalibrationPoint];
  // W(last-point) = fixed + 1 op + B₁k; W(group-by) = fixed + 2 ops + B₂k; W(scan) = fixed + B₃k, k = 1/β.
  const w = (point: CalibrationPoint) => point.tcuSecondsPerQuery;
  const perByte =
    (w(groupBy) - 2 * w(lastPoint) + w(scan)) / (groupBy.bytesScanned - 2 * lastPoint.bytesScanned + scan.bytesScanned);
  const heavyOperatorTcuSeconds = w(groupBy) - w(lastPoint) - (groupBy.bytesScanned - lastPoint.bytesScanned) * perByte;
  const baseTcuSeconds = w(scan) - scan.bytesScanned * perByte;
  const bytesPerTcuSecond = 1 / perByte;
  for (const [name, value] of Object.entries({ heavyOperatorTcuSeconds, baseTcuSeconds, bytesPerTcuSecond })) {
    if (!(value > 0) || !Number.isFinite(value)) {
      throw new Error(
        `calibration gave ${name} = ${value}: the account was probably not saturated; run with more --users or a longer --duration`,
      );
    }
  }
  return { points, constants: { baseTcuSeconds, heavyOperatorTcuSeconds, bytesPerTcuSecond } };
}

/** The profile file `tcu-bot emulator --tcu-profile` reads: the measured constants, labelled as such. */
export function calibratedProfile(result: CalibrationResult, account: string, atIso: string): Record<string, unknown> {
  const source = (what: string) =>
    `measured on ${account} at ${atIso} by tcu-bot lab calibrate: ${what} (${result.points
      .map((point) => `${point.query} ${point.queriesPerSecond.toFixed(1)} QPS at ${point.tcu} TCU`)
      .join(', ')})`;
  return {
    name: `calibrated ${account} ${atIso.slice(0, 10)}`,
    constants: {
      baseTcuSeconds: {
        value: result.constants.baseTcuSeconds,
        label: 'measured',
        source: source('W(last-point) − one operator'),
      },
      heavyOperatorTcuSeconds: {
        value: result.constants.heavyOperatorTcuSeconds,
        label: 'measured',
        source: source('W(group-by) − W(last-point)'),
      },
      bytesPerTcuSecond: {
        value: result.constants.bytesPerTcuSecond,
        label: 'measured',
        source: source('bytes of the scan ÷ (W(scan) − the fixed part)'),
      },
    },
  };
}
