/** EventBridge daily schedule → the cost rule → an alert through the outbox (at most once per day). Throws if delivery fails. */
import type { Context, ScheduledEvent } from 'aws-lambda';
import { loadConfig } from '../src/config.ts';
import { awsDeps, monitorDeps } from '../src/deps.ts';
import { runDailyCostCheck } from '../src/monitor/monitor.ts';

const deps = awsDeps(loadConfig());
const monitor = await monitorDeps(deps.config, { clock: deps.clock });
const SAFETY_MARGIN_MS = 3000;

export async function handler(_event: ScheduledEvent, context: Context): Promise<{ verdict: string; posted: boolean }> {
  const deadlineAtMs = deps.clock.now() + context.getRemainingTimeInMillis() - SAFETY_MARGIN_MS;
  const { verdict, posted } = await runDailyCostCheck({ ...monitor, outbox: deps.outbox, logger: deps.logger }, { deadlineAtMs });
  return { verdict: verdict.kind, posted };
}
