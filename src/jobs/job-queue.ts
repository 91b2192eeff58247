/**
 * The JobQueue port: hand a job to whatever runs jobs. On AWS an SNS topic invokes the worker Lambda
 * (15 minutes); locally, in-process, right away — the same runner either way.
 */
import type { Job } from './job.ts';

export interface JobQueue {
  enqueue(job: Job): Promise<void>;
}

/** Runs each job in this process without waiting for it; failures are the runner's to report. */
export class InProcessJobQueue implements JobQueue {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly run: (job: Job) => Promise<void>) {}

  enqueue(job: Job): Promise<void> {
    const task = this.run(job).catch(() => undefined);
    this.running.add(task);
    void task.finally(() => this.running.delete(task));
    return Promise.resolve();
  }

  /** Waits for every job started so far (tests, shutdown). */
  async drain(): Promise<void> {
    await Promise.all(this.running);
  }
}
