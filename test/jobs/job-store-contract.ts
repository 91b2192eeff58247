/** The contract every JobStore passes: the memory store and the DynamoDB one. */
import { describe, expect, it } from 'vitest';
import { ABANDONED_AFTER_MS, statusLine, type Job } from '../../src/jobs/job.ts';
import type { JobOptionsByKind } from '../../src/jobs/job-options.ts';
import type { JobStore } from '../../src/jobs/job-store.ts';
import { DEFAULT_LOAD_TEST } from '../../src/lab/loadtest/config.ts';

/** Settings a job of each kind might carry (the stores keep them as they are). */
export const SAMPLE_OPTIONS: JobOptionsByKind = {
  setup: {},
  datagen: { scale: 1 },
  loadtest: { ...DEFAULT_LOAD_TEST, workers: { sql1: 50, sql2: 50 } },
  optimize: { rate: 5, duration: 30_000 },
};

export function aJob(id: string, overrides: Partial<Omit<Job, 'options'>> = {}): Job {
  const kind = overrides.kind ?? 'loadtest';
  return {
    id,
    kind,
    requester: 'slack:U1',
    replyTo: { kind: 'console', conversationId: 'console' },
    options: SAMPLE_OPTIONS[kind],
    flags: [],
    status: 'queued',
    progress: undefined,
    result: undefined,
    isStopRequested: false,
    createdAtMs: 1,
    updatedAtMs: 1,
    ...overrides,
  } as Job;
}

export function describeJobStore(name: string, make: () => JobStore | Promise<JobStore>): void {
  describe(`${name} honours the JobStore contract`, () => {
    it('starts one job of a kind at a time, and another once it has finished', async () => {
      const store = await make();
      expect(await store.start(aJob('a'), 'r1')).toMatchObject({ started: true });
      expect(await store.start(aJob('b'), 'r2')).toMatchObject({
        started: false,
        reason: 'already-running',
        job: { id: 'a' },
      });
      expect(await store.start(aJob('c', { kind: 'datagen' }), 'r3')).toMatchObject({ started: true });
      await store.update('a', { status: 'succeeded' }, 2);
      expect(await store.start(aJob('d'), 'r4')).toMatchObject({ started: true });
      expect((await store.latest('loadtest'))?.id).toBe('d');
    });

    it('keeps the status line in each language, and forgets it when asked', async () => {
      const store = await make();
      await store.start(aJob('s'), 'rs');
      await store.update(
        's',
        { status: 'running', progress: '3/9 batches', summaryByLocale: { en: '3/9 batches', 'zh-CN': '3/9 批' } },
        5,
      );
      const running = (await store.get('s'))!;
      expect([statusLine(running, 'zh-CN'), statusLine(running, 'en')]).toEqual(['3/9 批', '3/9 batches']);
      await store.update('s', { status: 'failed', result: 'boom', progress: undefined, summaryByLocale: undefined }, 6);
      const failed = (await store.get('s'))!;
      expect([statusLine(failed, 'zh-CN'), failed.summaryByLocale, failed.progress]).toEqual([
        'boom',
        undefined,
        undefined,
      ]);
    });

    it('lets only one of two simultaneous starts of a kind win', async () => {
      const store = await make();
      const outcomes = await Promise.all([store.start(aJob('x'), 'rx'), store.start(aJob('y'), 'ry')]);
      expect(outcomes.filter((outcome) => outcome.started)).toHaveLength(1);
      expect(outcomes.find((outcome) => !outcome.started)).toMatchObject({ reason: 'already-running' });
    });

    it('lets a new start take the slot of a job abandoned by its worker (untouched for 20 minutes)', async () => {
      const store = await make();
      await store.start(aJob('a'), 'r1');
      await store.update(
        'a',
        { status: 'running', progress: '1/10', summaryByLocale: { en: '1/10 batches', 'zh-CN': '1/10 批' } },
        1000,
      );
      expect(await store.start(aJob('b', { createdAtMs: 1000 + ABANDONED_AFTER_MS - 1 }), 'r2')).toMatchObject({
        started: false,
        reason: 'already-running',
      });
      const taken = await store.start(aJob('c', { createdAtMs: 1000 + ABANDONED_AFTER_MS }), 'r3');
      expect(taken).toMatchObject({ started: true, job: { id: 'c' }, abandoned: { id: 'a', status: 'failed' } });
      expect((await store.latest('loadtest'))?.id).toBe('c');
      // The silent job is not left "running": it failed, and says why.
      const silent = await store.get('a');
      expect(silent?.status).toBe('failed');
      expect(silent?.result).toContain('replaced by job c');
      // What `/… status` shows for it is that reason, not its last progress line.
      expect(silent && statusLine(silent, 'zh-CN')).toContain('replaced by job c');
      // A finished predecessor is just replaced.
      await store.update('c', { status: 'succeeded' }, 2000 + ABANDONED_AFTER_MS);
      const next = await store.start(aJob('d', { createdAtMs: 3000 + ABANDONED_AFTER_MS }), 'r4');
      expect(next.started && next.abandoned).toBeUndefined();
    });

    it('refuses a start while a job of a blocking kind holds its slot, and allows it after', async () => {
      const store = await make();
      const blockedBy = ['datagen'] as const;
      expect(await store.start(aJob('free', { kind: 'optimize' }), 'r0', { blockedBy })).toMatchObject({
        started: true,
      });
      await store.update('free', { status: 'succeeded' }, 2);
      await store.start(aJob('g', { kind: 'datagen' }), 'r1');
      await store.update('g', { status: 'running', progress: '5/9' }, 1000);
      expect(await store.start(aJob('l', { createdAtMs: 2000 }), 'r2', { blockedBy })).toMatchObject({
        started: false,
        reason: 'blocked',
        job: { id: 'g', progress: '5/9' },
      });
      // The refusal left nothing behind: the same request may start once the generation is done.
      expect((await store.latest('loadtest'))?.id).toBeUndefined();
      await store.update('g', { status: 'succeeded' }, 3000);
      expect(await store.start(aJob('l', { createdAtMs: 3000 }), 'r2', { blockedBy })).toMatchObject({
        started: true,
        job: { id: 'l' },
      });
      // With both a generation and a load test running, the generation is named (as both stores check it first).
      await store.start(aJob('g1', { kind: 'datagen', createdAtMs: 3000 }), 'r2b');
      expect(await store.start(aJob('l2', { createdAtMs: 3000 }), 'r2c', { blockedBy })).toMatchObject({
        started: false,
        reason: 'blocked',
        job: { id: 'g1' },
      });
      await store.update('g1', { status: 'succeeded' }, 3000);
      // A generation whose worker went silent blocks no more.
      await store.start(aJob('g2', { kind: 'datagen', createdAtMs: 4000, updatedAtMs: 4000 }), 'r3');
      expect(
        await store.start(aJob('o', { kind: 'optimize', createdAtMs: 4000 + ABANDONED_AFTER_MS }), 'r4', { blockedBy }),
      ).toMatchObject({ started: true });
    });

    it('never starts twice for one request id', async () => {
      const store = await make();
      await store.start(aJob('a'), 'same');
      await store.update('a', { status: 'failed' }, 2);
      expect(await store.start(aJob('b'), 'same')).toMatchObject({
        started: false,
        reason: 'duplicate-request',
        job: { id: 'a' },
      });
    });

    it('updates progress, result and the stop flag, with the time', async () => {
      const store = await make();
      await store.start(aJob('a'), 'r');
      await store.update('a', { status: 'running', progress: '3/10' }, 5);
      const stopped = await store.update('a', { isStopRequested: true }, 6);
      expect(stopped).toMatchObject({ status: 'running', progress: '3/10', isStopRequested: true, updatedAtMs: 6 });
      expect(await store.get('a')).toEqual(stopped);
      await expect(store.update('missing', { status: 'failed' }, 7)).rejects.toThrow();
    });

    it('hands a queued job to one claimant only, and never a finished or unknown one', async () => {
      const store = await make();
      await store.start(aJob('a'), 'r');
      const claims = await Promise.all([store.claim('a', 3), store.claim('a', 3)]);
      expect(claims.filter(Boolean)).toEqual([expect.objectContaining({ id: 'a', status: 'running', updatedAtMs: 3 })]);
      expect(await store.claim('a', 4)).toBeUndefined();
      await store.update('a', { status: 'succeeded' }, 5);
      expect(await store.claim('a', 6)).toBeUndefined();
      expect(await store.claim('missing', 7)).toBeUndefined();
    });
  });
}
