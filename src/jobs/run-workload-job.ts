/**
 * `/loadtest start workload=<name>` on the worker: reads the named workload again (the file as it is
 * now, checked as at the command), runs its stages against the lab's target in the workload's own
 * database, posts progress like any load test and ends with each query, QueryTCU and the thresholds.
 */
import { WorkloadRun } from '../lab/workload/run-workload.ts';
import { describeWorkload, workloadProgressNotice, workloadResultNotice } from '../lab/workload/workload-notice.ts';
import { recordProgress, SLACK_PROGRESS_POSTS, watchStop } from './job-progress.ts';
import type { Job } from './job.ts';
import type { ComposeNotice, JobRunnerDeps } from './run-job.ts';

export async function runWorkloadJob(
  job: Job,
  name: string,
  deps: JobRunnerDeps,
): Promise<{ compose: ComposeNotice; status: 'succeeded' | 'stopped' }> {
  if (!deps.workloads) throw new Error('this worker reads no workload files');
  const workload = await deps.workloads.find(name);
  let progressPosts = 0;
  const run = new WorkloadRun(workload, {
    target: { ...deps.lab, database: deps.workloadDatabase ?? workload.database },
    tcu: deps.tcu,
    progressEveryMs: deps.progressEveryMs ?? 15_000,
    onProgress: (progress) => {
      recordProgress(job, (locale) => workloadProgressNotice(workload, progress, locale).title, deps);
      if (job.replyTo.kind === 'slack-response-url' && progressPosts >= SLACK_PROGRESS_POSTS) return;
      progressPosts += 1;
      deps
        .post(
          job,
          (locale) => workloadProgressNotice(workload, progress, locale),
          `${job.id}:progress:${Math.round(progress.elapsedMs / 1000)}`,
        )
        .catch((error: unknown) => deps.logger.warn('progress not posted', { jobId: job.id, error }));
    },
  });
  let stopped = false;
  const watcher = watchStop(job, deps, () => {
    stopped = true;
    run.stop();
  });
  deps.logger.info('workload run', { jobId: job.id, workload: describeWorkload(workload, 'en') });
  try {
    const result = await run.run();
    return { compose: (locale) => workloadResultNotice(result, locale), status: stopped ? 'stopped' : 'succeeded' };
  } finally {
    watcher.cancel();
  }
}
