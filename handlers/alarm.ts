/** SNS alarms topic → every record → outbox. Throws if any record failed, so Lambda retries and the DLQ keeps it. */
import type { Context, SNSEvent } from 'aws-lambda';
import { forwardSnsEvent } from '../src/alarms/forward.ts';
import { awsDeps, loadAwsConfig } from '../src/deps.ts';
import { lazily } from '../src/shared/lazy.ts';

const deps = lazily(async () => awsDeps(await loadAwsConfig()));
/** Leave time to log and return before Lambda's own timeout. */
const SAFETY_MARGIN_MS = 3000;

export async function handler(event: SNSEvent, context: Context): Promise<{ delivered: number }> {
  const ready = await deps();
  const deadlineAtMs = ready.clock.now() + context.getRemainingTimeInMillis() - SAFETY_MARGIN_MS;
  return forwardSnsEvent(event, { ...ready, deadlineAtMs });
}
