/** EventBridge daily schedule → the cost rule → an alert through the outbox (at most once per day). Throws if delivery fails. */
import type { Context, ScheduledEvent } from 'aws-lambda';
import { awsDeps, loadAwsConfig, monitorDeps } from '../src/deps.ts';
import { runDailyCostCheck } from '../src/monitor/monitor.ts';
import { lazily } from '../src/shared/lazy.ts';

const deps = lazily(async () => {
  const aws = awsDeps(await loadAwsConfig());
  return { aws, monitor: await monitorDeps(aws.config, { clock: aws.clock }) };
});
const SAFETY_MARGIN_MS = 3000;

export async function handler(_event: ScheduledEvent, context: Context): Promise<{ verdict: string; posted: boolean }> {
  const { aws, monitor } = await deps();
  const deadlineAtMs = aws.clock.now() + context.getRemainingTimeInMillis() - SAFETY_MARGIN_MS;
  const { verdict, posted } = await runDailyCostCheck(
    { ...monitor, outbox: aws.outbox, logger: aws.logger },
    { deadlineAtMs },
  );
  return { verdict: verdict.kind, posted };
}
