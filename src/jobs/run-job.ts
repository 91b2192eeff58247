/**
 * The worker: runs one job from the lab, posts progress (at most every ~15 s, and at most a few times
 * on Slack's response_url, which takes 5 posts in 30 minutes) and the final report to the conversation
 * that asked, and keeps the JobStore current. `/loadtest stop` sets a flag; the worker sees it within a
 * second and the test still reports what it measured.
 */
import { generationPercent, generationProgressLine, generationProgressNotice } from '../lab/generation-progress.ts';
import type { Notice } from '../chat/notice.ts';
import type { Locale } from '../shared/locale.ts';
import { inEveryLocale, recordProgress, SLACK_PROGRESS_POSTS, watchStop } from './job-progress.ts';
import { runWorkloadJob } from './run-workload-job.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import { compareWorkloads, type WorkloadCompareReport } from '../lab/workload-compare.ts';
import { OPTIMIZE_WORKLOAD } from './job-options.ts';
import { findDataWindow } from '../lab/data-window.ts';
import { generateLab } from '../lab/generate.ts';
import type { LabTarget } from '../lab/lab-target.ts';
import {
  compareNotice,
  generationContinuesNotice,
  generationNotice,
  jobFailedNotice,
  loadTestProgressNotice,
  loadTestResultNotice,
  setupNotice,
} from '../lab/lab-notices.ts';
import { labStrings } from '../lab/lab-strings.ts';
import { LoadTest, type LoadTestResult, type LoadTestTick } from '../lab/loadtest/load-test.ts';
import { setupLab } from '../lab/setup.ts';
import type { TcuSource } from '../monitor/tcu-source.ts';
import type { Job } from './job.ts';
import type { JobStore } from './job-store.ts';
import type { WorkloadCatalog } from '../lab/workload/workload-catalog.ts';

export interface JobRunnerDeps {
  readonly store: JobStore;
  readonly lab: LabTarget;
  readonly tcu: TcuSource | undefined;
  readonly checkpointPath: string;
  /**
   * Posts a notice to the job's conversation through the outbox (`key` makes retries idempotent),
   * composed in the locale of the platform that shows it.
   */
  readonly post: (job: Job, compose: ComposeNotice, key: string) => Promise<void>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly progressEveryMs?: number;
  /**
   * Lambda: when this invocation must be done. Data generation stops starting batches then, saves its
   * checkpoint and hands the rest to a fresh invocation through `continueLater`.
   */
  readonly deadlineAtMs?: number;
  readonly continueLater?: (job: Job) => Promise<void>;
  /** Lambda: the checkpoint file lives in /tmp, so it is copied from and back to the state table. */
  readonly checkpoints?: {
    readonly restore: (path: string) => Promise<void>;
    readonly keep: (path: string) => Promise<void>;
  };
  /** Locally: the console page's live charts and report tables watch jobs here. */
  readonly observer?: JobObserver;
  /** How the before/after report waits for the account to go idle between sides (default: the clock). */
  readonly compareSettle?: ((untilMs: number) => Promise<void>) | undefined;
  /** The workloads `/loadtest start workload=<name>` may name. */
  readonly workloads?: WorkloadCatalog | undefined;
  /** Where workloads run: the file's own database when undefined (locally), the lab database on AWS. */
  readonly workloadDatabase?: string | undefined;
}

/** Figures a job produces as it runs, for whoever draws them (the local console page). */
export interface JobObserver {
  loadTestTick?(job: Job, tick: LoadTestTick): void;
  loadTestResult?(job: Job, result: LoadTestResult): void;
  compareReport?(job: Job, report: WorkloadCompareReport): void;
}

/** A notice in the language of whoever shows it (DingTalk zh-CN, Slack English). */
export type ComposeNotice = (locale: Locale) => Notice;

const NO_TIME_LEFT =
  'the worker had no time left to write a single batch; give its Lambda function a longer timeout (900 s)';

/**
 * Runs the job if this caller claims it. The job is read back from the store, not taken from the
 * message, and a second delivery of the same message (SNS is at least once) finds it claimed and
 * does nothing.
 */
export async function runJob(queued: Pick<Job, 'id' | 'kind'>, deps: JobRunnerDeps): Promise<void> {
  const { store, clock } = deps;
  const job = await store.claim(queued.id, clock.now());
  if (!job) {
    deps.logger.info('job not queued; skipped', { jobId: queued.id, kind: queued.kind });
    return;
  }
  try {
    const { compose, status } = await execute(job, deps);
    const summary = compose('en').summary;
    const summaryByLocale = inEveryLocale((locale) => compose(locale).summary);
    if (status === 'continues') {
      // Queued again with `resume`: the next invocation claims it and writes exactly the rest.
      // The chat hears of it after the hand-over, so a chat outage cannot stop the generation.
      const queued = await store.update(
        job.id,
        { status: 'queued', flags: [...new Set([...job.flags, 'resume'])], progress: summary, summaryByLocale },
        clock.now(),
      );
      await deps.continueLater!(queued);
      await deps
        .post(job, compose, `${job.id}:continues:${summary}`)
        .catch((error: unknown) => deps.logger.warn('progress not posted', { jobId: job.id, error }));
      return;
    }
    await store.update(job.id, { status, result: summary, progress: undefined, summaryByLocale }, clock.now());
    await deps.post(job, compose, `${job.id}:result`);
  } catch (error) {
    const reason = (error as Error).message;
    deps.logger.error('job failed', { jobId: job.id, kind: job.kind, error });
    // The reason is the error's own text; the last progress line no longer says what happened.
    await store.update(
      job.id,
      { status: 'failed', result: reason, progress: undefined, summaryByLocale: undefined },
      clock.now(),
    );
    await deps.post(job, (locale) => jobFailedNotice(job.kind, reason, locale), `${job.id}:result`);
  }
}

async function execute(
  job: Job,
  deps: JobRunnerDeps,
): Promise<{ compose: ComposeNotice; status: 'succeeded' | 'stopped' | 'continues' }> {
  switch (job.kind) {
    case 'setup': {
      const report = await setupLab(deps.lab);
      return { compose: (locale) => setupNotice(report, locale), status: 'succeeded' };
    }
    case 'datagen': {
      const { scale } = job.options;
      const stop = new AbortController();
      const watcher = watchStop(job, deps, () => stop.abort('stop'));
      let postedQuarter = 0;
      // Only a job that can be queued again stops at the deadline; otherwise it runs to the end.
      const deadlineAtMs = deps.continueLater ? deps.deadlineAtMs : undefined;
      if (deadlineAtMs !== undefined && deadlineAtMs <= deps.clock.now()) throw new Error(NO_TIME_LEFT);
      const deadline =
        deadlineAtMs === undefined
          ? undefined
          : setTimeout(() => stop.abort('deadline'), Math.max(0, deadlineAtMs - deps.clock.now()));
      try {
        await deps.checkpoints?.restore(deps.checkpointPath);
        const report = await generateLab(deps.lab, {
          scale,
          resume: job.flags.includes('resume'),
          checkpointPath: deps.checkpointPath,
          signal: stop.signal,
          progressEveryMs: deps.progressEveryMs ?? 15_000,
          onProgress: (progress) => {
            recordProgress(job, (locale) => generationProgressLine(progress, locale), deps);
            // A message at 25, 50 and 75 %: enough to see it move, never a message every few seconds.
            // On Lambda a long generation already posts "continues" per invocation, and a Slack
            // response_url takes 5 posts in all: there, /datagen status tells the rest.
            const quarter = Math.floor(generationPercent(progress) / 25);
            if (quarter <= postedQuarter || quarter >= 4) return;
            postedQuarter = quarter;
            if (job.replyTo.kind === 'slack-response-url' && deps.continueLater) return;
            deps
              .post(
                job,
                (locale) => generationProgressNotice(progress, locale),
                `${job.id}:progress:${progress.batchesDone}`,
              )
              .catch((error: unknown) => deps.logger.warn('progress not posted', { jobId: job.id, error }));
          },
        });
        await deps.checkpoints?.keep(deps.checkpointPath);
        if (report.status === 'stopped' && stop.signal.reason === 'deadline') {
          // An invocation that wrote nothing would queue the same work again forever.
          if (report.batches.writtenThisRun === 0) throw new Error(NO_TIME_LEFT);
          return { compose: (locale) => generationContinuesNotice(report, locale), status: 'continues' };
        }
        return {
          compose: (locale) => generationNotice(report, locale),
          status: report.status === 'complete' ? 'succeeded' : 'stopped',
        };
      } finally {
        watcher.cancel();
        clearTimeout(deadline);
      }
    }
    case 'loadtest': {
      if ('workload' in job.options) return runWorkloadJob(job, job.options.workload, deps);
      const config = job.options;
      await deps.checkpoints?.restore(deps.checkpointPath);
      const window = await findDataWindow(deps.lab, deps.checkpointPath);
      let progressPosts = 0;
      const test = new LoadTest(config, {
        target: deps.lab,
        window,
        tcu: deps.tcu,
        progressEveryMs: deps.progressEveryMs ?? 15_000,
        ...(deps.observer?.loadTestTick
          ? { onTick: (tick: LoadTestTick) => deps.observer?.loadTestTick?.(job, tick) }
          : {}),
        onProgress: (progress) => {
          const line = (locale: Locale) =>
            labStrings(locale).loadTestProgress(
              progress.elapsedSeconds,
              progress.durationSeconds,
              progress.totals.succeeded,
              progress.totals.throttled,
            );
          recordProgress(job, line, deps);
          if (job.replyTo.kind === 'slack-response-url' && progressPosts >= SLACK_PROGRESS_POSTS) return;
          progressPosts += 1;
          deps
            .post(
              job,
              (locale) => loadTestProgressNotice(config, progress, locale),
              `${job.id}:progress:${progress.elapsedSeconds}`,
            )
            .catch((error: unknown) => deps.logger.warn('progress not posted', { jobId: job.id, error }));
        },
      });
      const watcher = watchStop(job, deps, () => test.stop('stop'));
      try {
        const result = await test.run();
        deps.observer?.loadTestResult?.(job, result);
        return {
          compose: (locale) => loadTestResultNotice(result, locale),
          status: result.stoppedBy === 'stop' ? 'stopped' : 'succeeded',
        };
      } finally {
        watcher.cancel();
      }
    }
    case 'optimize': {
      if (!deps.tcu) throw new Error('the before/after report needs QueryTCU (CloudWatch), and this worker has none');
      await deps.checkpoints?.restore(deps.checkpointPath);
      const window = await findDataWindow(deps.lab, deps.checkpointPath);
      const report = await compareWorkloads(
        {
          ratePerSecond: job.options.rate,
          durationMs: job.options.duration,
          maxInFlight: OPTIMIZE_WORKLOAD.maxInFlight,
          maxQueryTcu: job.options.maxquerytcu,
        },
        {
          target: deps.lab,
          window,
          tcu: deps.tcu,
          clock: deps.clock,
          ...(deps.compareSettle ? { settle: deps.compareSettle } : {}),
        },
      );
      deps.observer?.compareReport?.(job, report);
      return { compose: (locale) => compareNotice(report, locale), status: 'succeeded' };
    }
  }
}
