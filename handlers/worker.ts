/**
 * SNS jobs topic → the job it names → run it (setup, datagen, load test, report; up to 15 minutes).
 * SNS delivers at least once: a job already claimed is skipped. A message that is not a job throws,
 * so Lambda retries and the dead-letter queue keeps it.
 */
import type { SNSEvent } from 'aws-lambda';
import { loadConfig } from '../src/config.ts';
import { awsWorker } from '../src/deps.ts';
import { parseJobMessage } from '../src/jobs/job-message.ts';

const worker = await awsWorker(loadConfig());

export async function handler(event: SNSEvent): Promise<{ jobs: number }> {
  const jobs = event.Records.map((record) => parseJobMessage(record.Sns.Message));
  for (const job of jobs) await worker.run(job);
  return { jobs: jobs.length };
}
