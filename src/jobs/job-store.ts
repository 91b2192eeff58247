/**
 * The JobStore port: jobs by id, the active job of each kind (one at a time), and request ids already
 * seen (a retried Slack request or a redelivered SNS message must not start a job twice). The memory
 * implementation serves local runs and tests; a DynamoDB one serves Lambda.
 */
import { abandonedBy, holdsSlot, isActive, type Job, type JobChange, type JobKind } from './job.ts';

export type StartOutcome =
  /** `abandoned`: the silent job whose slot this start took, now marked failed. */
  | { readonly started: true; readonly job: Job; readonly abandoned?: Job }
  /** `job`: the earlier job of the request, the running job of this kind, or the running job that blocks this one. */
  | {
      readonly started: false;
      readonly reason: 'already-running' | 'duplicate-request' | 'blocked';
      readonly job: Job;
    };

export interface StartOptions {
  /** Kinds whose running job (see `holdsSlot`) keeps this one from starting: a load test waits for data generation. */
  readonly blockedBy?: readonly JobKind[];
}

export interface JobStore {
  /**
   * Atomically: if `requestId` was seen, returns the job it started; else if a job of a `blockedBy`
   * kind holds its slot (active and not abandoned, see `holdsSlot`), refuses with it; else if a job of
   * this kind holds its slot, refuses with that; else saves `job` as the active job of its kind, marking an
   * abandoned predecessor failed. A blocking job that starts while this start runs still refuses it.
   */
  start(job: Job, requestId: string, options?: StartOptions): Promise<StartOutcome>;
  get(id: string): Promise<Job | undefined>;
  /** The active or most recent job of a kind. */
  latest(kind: JobKind): Promise<Job | undefined>;
  update(id: string, change: JobChange, nowMs: number): Promise<Job>;
  /**
   * Atomically moves a queued job to running and returns it; undefined when it is not queued (already
   * claimed by another delivery of the same message, finished, or unknown). Whoever gets it runs it.
   */
  claim(id: string, nowMs: number): Promise<Job | undefined>;
}

export class MemoryJobStore implements JobStore {
  private readonly jobs = new Map<string, Job>();
  private readonly latestByKind = new Map<JobKind, string>();
  private readonly requests = new Map<string, string>();

  start(job: Job, requestId: string, options: StartOptions = {}): Promise<StartOutcome> {
    const seen = this.requests.get(requestId);
    if (seen) return Promise.resolve({ started: false, reason: 'duplicate-request', job: this.jobs.get(seen)! });
    // Blocking kinds first, as the DynamoDB store reads them before it claims.
    for (const kind of options.blockedBy ?? []) {
      const blocking = this.latestJob(kind);
      if (blocking && holdsSlot(blocking, job.createdAtMs))
        return Promise.resolve({ started: false, reason: 'blocked', job: blocking });
    }
    const current = this.latestJob(job.kind);
    if (current && holdsSlot(current, job.createdAtMs))
      return Promise.resolve({ started: false, reason: 'already-running', job: current });
    this.jobs.set(job.id, job);
    this.latestByKind.set(job.kind, job.id);
    this.requests.set(requestId, job.id);
    if (!current || !isActive(current)) return Promise.resolve({ started: true, job });
    const abandoned = { ...current, ...abandonedBy(job, current), updatedAtMs: job.createdAtMs };
    this.jobs.set(current.id, abandoned);
    return Promise.resolve({ started: true, job, abandoned });
  }

  get(id: string): Promise<Job | undefined> {
    return Promise.resolve(this.jobs.get(id));
  }

  latest(kind: JobKind): Promise<Job | undefined> {
    return Promise.resolve(this.latestJob(kind));
  }

  update(id: string, change: JobChange, nowMs: number): Promise<Job> {
    const job = this.jobs.get(id);
    if (!job) return Promise.reject(new Error(`no job ${id}`));
    const updated = { ...job, ...change, updatedAtMs: nowMs };
    this.jobs.set(id, updated);
    return Promise.resolve(updated);
  }

  claim(id: string, nowMs: number): Promise<Job | undefined> {
    const job = this.jobs.get(id);
    if (job?.status !== 'queued') return Promise.resolve(undefined);
    const running = { ...job, status: 'running' as const, updatedAtMs: nowMs };
    this.jobs.set(id, running);
    return Promise.resolve(running);
  }

  private latestJob(kind: JobKind): Job | undefined {
    const id = this.latestByKind.get(kind);
    return id ? this.jobs.get(id) : undefined;
  }
}
