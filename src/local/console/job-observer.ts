/** What the console page draws from running jobs: live load-test ticks, results and before/after reports. */
import type { Clock } from '../../shared/clock.ts';
import type { JobObserver } from '../../jobs/run-job.ts';
import type { ConsoleHub } from './hub.ts';

export function consoleJobObserver(
  hub: ConsoleHub,
  clock: Clock,
  tcu: () => { inUse: number; max: number } | undefined,
): JobObserver {
  return {
    loadTestTick: (job, tick) => hub.publish({ type: 'tick', at: clock.now(), jobId: job.id, ...tick, tcu: tcu() }),
    loadTestResult: (job, result) =>
      hub.publish({
        type: 'loadtest-result',
        at: clock.now(),
        jobId: job.id,
        description: result.description,
        seconds: result.seconds,
        perQuery: Object.fromEntries(
          Object.entries(result.perQuery).map(([query, stats]) => [
            query,
            {
              queriesPerSecond: stats.queriesPerSecond,
              succeeded: stats.succeeded,
              throttled: stats.throttled,
              failed: stats.failed,
              latencyMs: stats.latencyMs,
            },
          ]),
        ),
        tcuPeak: 'unavailable' in result.tcu ? undefined : result.tcu.peak,
      }),
    compareReport: (job, report) =>
      hub.publish({
        type: 'compare',
        at: clock.now(),
        jobId: job.id,
        answersEqual: report.answersEqual,
        sides: [report.legacy, report.optimized].map((side) => ({
          schema: side.schema,
          tcuPeak: side.tcu.peak,
          tcuHours: side.tcu.hours,
          costUsd: side.costUsd,
          throttled: side.throttled,
          p50Ms: side.latencyMs?.p50 ?? null,
          bytesScanned: side.bytesScanned,
        })),
      }),
  };
}
