import { describe, expect, it } from 'vitest';
import type { Job } from '../../src/jobs/job.ts';
import { InProcessJobQueue } from '../../src/jobs/job-queue.ts';

const job = { id: 'job-1', kind: 'setup' } as Job;

describe('InProcessJobQueue', () => {
  it('hands what escapes the runner to onError instead of dropping it', async () => {
    const escaped: { jobId: string; error: unknown }[] = [];
    const failure = new Error('state table unreachable');
    const queue = new InProcessJobQueue(
      () => Promise.reject(failure),
      (failed, error) => escaped.push({ jobId: failed.id, error }),
    );
    await queue.enqueue(job);
    await queue.drain();
    expect(escaped).toEqual([{ jobId: 'job-1', error: failure }]);
  });

  it('does not wait for the job: enqueue settles first, drain waits', async () => {
    let finish!: () => void;
    const events: string[] = [];
    const queue = new InProcessJobQueue(
      () => new Promise<void>((resolve) => (finish = resolve)).then(() => void events.push('ran')),
      () => events.push('error'),
    );
    await queue.enqueue(job);
    events.push('enqueued');
    const drained = queue.drain().then(() => events.push('drained'));
    finish();
    await drained;
    expect(events).toEqual(['enqueued', 'ran', 'drained']);
  });
});
