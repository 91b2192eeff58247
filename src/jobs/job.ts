/**
 * A job: a command that outlives the chat platform's 3-second answer (setup, data generation, a load
 * test, the before/after report). Serializable: it sits in the JobStore (memory locally, DynamoDB on
 * AWS) and travels through the JobQueue (in-process locally, SNS on AWS).
 */
import { formatDateTime } from '../shared/time-format.ts';
import type { Locale } from '../shared/locale.ts';
import type { JobRequest } from './job-options.ts';

export const JOB_KINDS = ['setup', 'datagen', 'loadtest', 'optimize'] as const;
export type JobKind = (typeof JOB_KINDS)[number];
export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'stopped';

/** Where a job's progress and result go: the conversation that asked. */
export type ReplyAddress =
  /** Slack's response_url lives 30 minutes; after that the bot posts to the channel with chat.postMessage. */
  | {
      readonly kind: 'slack-response-url';
      readonly url: string;
      readonly expiresAtMs: number;
      readonly channelId: string;
    }
  | {
      readonly kind: 'dingtalk-session';
      readonly url: string;
      readonly expiresAtMs: number;
      readonly conversationId: string;
    }
  | { readonly kind: 'console'; readonly conversationId: string };

/** A job: its kind with the settings it runs with (parsed where the command arrived), and its state. */
export type Job = JobState & JobRequest;

interface JobState {
  readonly id: string;
  /** `platform:userId` of whoever asked. */
  readonly requester: string;
  readonly replyTo: ReplyAddress;
  readonly flags: readonly string[];
  readonly status: JobStatus;
  /** One line of the latest progress, for `status` commands. */
  readonly progress: string | undefined;
  /** The final report (Markdown) or the failure reason. */
  readonly result: string | undefined;
  /**
   * The latest progress or result line in each language, when the worker could word it (a failure's
   * reason cannot be): what `/… status` shows, before `progress` and `result`.
   */
  readonly summaryByLocale?: Readonly<Record<Locale, string>> | undefined;
  readonly isStopRequested: boolean;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
}

/** What a store's `update` may change. */
export type JobChange = Partial<
  Pick<Job, 'status' | 'progress' | 'result' | 'isStopRequested' | 'flags' | 'summaryByLocale'>
>;

/** The line `/… status` shows for a job, in the caller's language when the worker gave one. */
export function statusLine(job: Job, locale: Locale): string | undefined {
  return job.summaryByLocale?.[locale] ?? job.progress ?? job.result;
}

export function isActive(job: Job): boolean {
  return job.status === 'queued' || job.status === 'running';
}

/**
 * A worker reports at least every 15 s while it works and a Lambda lives 15 minutes at most, so an
 * active job untouched for longer died with its worker (timeout, out of memory) or was never
 * delivered. It no longer holds its kind's slot: a new start may take it.
 */
export const ABANDONED_AFTER_MS = 20 * 60_000;

export function holdsSlot(job: Job, nowMs: number): boolean {
  return isActive(job) && nowMs - job.updatedAtMs < ABANDONED_AFTER_MS;
}

/** What a store records on an active job whose slot a new start took: it failed, and why. */
export function abandonedBy(replacement: Job, silent: Job): JobChange {
  return {
    status: 'failed',
    progress: undefined,
    summaryByLocale: undefined,
    result: `its worker stopped reporting at ${formatDateTime(silent.updatedAtMs, 'UTC')} UTC (timed out or crashed); replaced by job ${replacement.id}`,
  };
}
