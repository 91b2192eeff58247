/**
 * JobQueue on SNS: the job is published to the jobs topic, whose subscription invokes the worker
 * Lambda (up to 15 minutes) — the HTTP function can answer Slack within 3 seconds and be done.
 * SNS delivers at least once; the worker dedupes by job status (a job already running or finished is
 * not run again).
 */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Job } from './job.ts';
import type { JobQueue } from './job-queue.ts';

export class SnsJobQueue implements JobQueue {
  constructor(
    private readonly client: SNSClient,
    private readonly topicArn: string,
  ) {}

  async enqueue(job: Job): Promise<void> {
    await this.client.send(
      new PublishCommand({
        TopicArn: this.topicArn,
        Message: JSON.stringify(job),
        MessageAttributes: { kind: { DataType: 'String', StringValue: job.kind } },
      }),
    );
  }
}
