/**
 * How the emulator asks DuckDB what a query will read, and the clock the query sees.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Engine } from '../engine.ts';
import { readPlan, type PlanFacts } from './query-plan.ts';

/** Whether the query asks for the current time (now(), ago(), current_timestamp …). */
export function readsNow(sql: string): boolean {
  return /\b(?:ts_now|now|ago|current_timestamp|current_date|current_time|localtimestamp)\b/i.test(sql);
}

/**
 * Timestream's now() is the emulator's clock (a virtual one in replays), not DuckDB's: the engine's
 * `ts_now()` macro reads the `ts_now` variable, set on the connection that runs the query.
 */
export async function setNow(connection: DuckDBConnection, sql: string, nowMs: number): Promise<void> {
  if (readsNow(sql)) await connection.run(`SET VARIABLE ts_now = make_timestamp(${Math.round(nowMs * 1000)})`);
}

/**
 * One EXPLAIN at a time per engine: DuckDB's `disabled_optimizers` is a global setting (it cannot be
 * set for one connection), so two EXPLAINs toggling it at once would undo each other. A query planned
 * by another connection inside that window only loses those two optimizations; its answer is the same.
 */
const explaining = new WeakMap<Engine, Promise<unknown>>();

/** The query's plan facts, at `nowMs` (DuckDB folds now() into the plan). */
export async function explainQuery(engine: Engine, sql: string, nowMs: number): Promise<PlanFacts> {
  const previous = explaining.get(engine) ?? Promise.resolve();
  const turn = previous.catch(() => undefined).then(() => explainAlone(engine, sql, nowMs));
  explaining.set(engine, turn);
  return turn;
}

async function explainAlone(engine: Engine, sql: string, nowMs: number): Promise<PlanFacts> {
  const explained = await engine.withReader(async (connection) => {
    await setNow(connection, sql, nowMs);
    // Without statistics propagation DuckDB keeps a filter its statistics prove always true, which
    // is the query's own time range: Timestream reads what the query asks for, not what is stored.
    // Without late materialization an ORDER BY … LIMIT stays one TopN over one scan, as written
    // (DuckDB would rewrite it into a self-join on row ids: a second scan and two more operators).
    await connection.run(`SET disabled_optimizers = 'statistics_propagation,late_materialization'`);
    try {
      return (await connection.run(`EXPLAIN (FORMAT json) ${sql}`)).getRows();
    } finally {
      await connection.run('RESET disabled_optimizers');
    }
  });
  return readPlan(String(explained[0]?.[1] ?? '[]'));
}
