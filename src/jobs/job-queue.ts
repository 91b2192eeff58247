/**
 * The JobQueue port: hand a job to whatever runs jobs. On AWS an SNS topic invokes the worker Lambda
 * (15 minutes); locally, in-process, right away — the same runner either way.
 */
import type { Job } from './job.ts';

export interface JobQueue {
  enqueue(job: Job): Promise<void>;
}

/**
 * Runs each job in this process without waiting for it. The runner reports a job's own failure to its
 * conversation; what escapes the runner (the store down when it records the failure) goes to `onError`.
 */
export class InProcessJobQueue implements JobQueue {
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly run: (job: Job) => Promise<void>,
    private readonly onError: (job: Job, error: unknown) => void,
  ) {}

  enqueue(job: Job): Promise<void> {
    const task: Promise<void> = this.run(job)
      .catch((error: unknown) => this.onError(job, error))
      .finally(() => this.running.delete(task));
    this.running.add(task);
    return Promise.resolve();
  }

  /** Waits for every job started so far (tests, shutdown). */
  async drain(): Promise<void> {
    await Promise.all(this.running);
  }
}
