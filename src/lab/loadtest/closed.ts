/**
 * The closed model (k6 constant-vus; the case study's thread pool): W workers per query, each running
 * its query back to back — or, with `every`, starting at most once per interval. A worker's next
 * intended start is its previous intended start plus the interval, so a slow answer shows as latency
 * instead of silently lowering the load.
 */
import type { Clock } from '../../shared/clock.ts';
import type { QueryName } from '../queries.ts';
import type { ExecuteQuery, LoadModel, QuerySample } from './sample.ts';

export class ClosedModel implements LoadModel {
  constructor(
    private readonly workers: Readonly<Record<QueryName, number>>,
    private readonly everyMs: number | undefined,
    private readonly execute: ExecuteQuery,
    private readonly clock: Clock,
  ) {}

  validate(): string[] {
    const problems: string[] = [];
    if (this.workers.sql1 + this.workers.sql2 === 0) problems.push('no workers');
    if (this.everyMs !== undefined && this.everyMs <= 0) problems.push('every must be above 0');
    return problems;
  }

  describe(): string {
    return `closed: ${this.workers.sql1} + ${this.workers.sql2} workers${this.everyMs ? `, every ${this.everyMs} ms` : ''}`;
  }

  async run(
    signal: AbortSignal,
    deadline: number,
    emit: (sample: QuerySample) => void,
  ): Promise<{ dropped: Record<QueryName, number> }> {
    const worker = async (query: QueryName) => {
      let intended = this.clock.now();
      while (!signal.aborted && intended < deadline) {
        emit(await this.execute(query, intended, signal));
        if (this.everyMs === undefined) {
          intended = this.clock.now();
          continue;
        }
        intended += this.everyMs;
        const wait = intended - this.clock.now();
        if (wait > 0 && intended < deadline)
          await this.clock.sleep(Math.min(wait, deadline - this.clock.now()), signal).catch(() => undefined);
      }
    };
    const all = (['sql1', 'sql2'] as const).flatMap((query) =>
      Array.from({ length: this.workers[query] }, () => worker(query)),
    );
    await Promise.all(all);
    return { dropped: { sql1: 0, sql2: 0 } };
  }
}
