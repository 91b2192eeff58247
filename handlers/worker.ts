/**
 * SNS jobs topic → the job it names → run it (setup, datagen, load test, report; up to 15 minutes).
 * SNS delivers at least once: a job already claimed is skipped. Data generation longer than one
 * invocation checkpoints and queues itself again. A message that is not a job throws,
 * so Lambda retries and the dead-letter queue keeps it.
 */
import type { Context, SNSEvent } from 'aws-lambda';
import { awsWorker, loadAwsConfig } from '../src/deps.ts';
import { parseJobMessage } from '../src/jobs/job-message.ts';
import { lazily } from '../src/shared/lazy.ts';

const worker = lazily(async () => awsWorker(await loadAwsConfig()));
/**
 * Data generation stops starting batches this long before Lambda's timeout: the batches in flight
 * finish (with their retries), the checkpoint is copied to the table and the rest is queued again.
 */
const WRAP_UP_MS = 60_000;

export async function handler(event: SNSEvent, context: Context): Promise<{ jobs: number }> {
  const jobs = event.Records.map((record) => parseJobMessage(record.Sns.Message));
  const { deps, run } = await worker();
  const deadlineAtMs = deps.clock.now() + context.getRemainingTimeInMillis() - WRAP_UP_MS;
  for (const job of jobs) await run(job, deadlineAtMs);
  return { jobs: jobs.length };
}
