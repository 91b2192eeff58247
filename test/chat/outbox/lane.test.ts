import { describe, expect, it } from 'vitest';
import {
  admit,
  blockLane,
  claimDigest,
  EMPTY_LANE,
  releaseEntries,
  type LanePolicy,
  type LaneState,
  SEND_LATENCY_MARGIN_MS,
} from '../../../src/chat/outbox/lane.ts';
import type { DigestEntry } from '../../../src/chat/notice.ts';

const POLICY: LanePolicy = { limit: 20, windowMs: 60_000, soloLimit: 10, digestMaxEntries: 3, digestDelayMs: 10_000 };
const entry = (id: string): DigestEntry => ({
  id,
  severity: 'critical',
  state: 'ALARM',
  name: id,
  regionCode: 'ap-northeast-1',
  atMs: 0,
});

function sentTimes(count: number, at: number): LaneState {
  return { ...EMPTY_LANE, sentAtMs: Array.from({ length: count }, () => at) };
}

describe('admit', () => {
  it('sends alone while under the solo limit, recording the slots used', () => {
    const { lane, result } = admit(EMPTY_LANE, entry('a'), 2, 1000, POLICY);
    expect(result).toEqual({ action: 'send', reason: 'within-budget' });
    expect(lane.sentAtMs).toEqual([1000, 1000]);
  });

  it('queues past the solo limit and says when the digest is due', () => {
    const { lane, result } = admit(sentTimes(10, 0), entry('a'), 1, 1000, POLICY);
    expect(result).toEqual({ action: 'queue', reason: 'over-solo-limit', wakeAtMs: 11_000 });
    expect(lane.pending.map((pending) => pending.id)).toEqual(['a']);
  });

  it('queues behind a waiting digest even when there is budget, so order holds', () => {
    const waiting = admit(sentTimes(10, 0), entry('a'), 1, 0, POLICY).lane;
    const later = admit(waiting, entry('b'), 1, 61_000, POLICY);
    expect(later.result).toMatchObject({ action: 'queue', reason: 'digest-waiting' });
  });

  it('forgets sends older than the window and its latency margin', () => {
    expect(admit(sentTimes(10, 0), entry('a'), 1, 60_001, POLICY).result).toMatchObject({ action: 'queue' });
    expect(admit(sentTimes(10, 0), entry('a'), 1, 60_001 + SEND_LATENCY_MARGIN_MS, POLICY).result).toEqual({
      action: 'send',
      reason: 'within-budget',
    });
  });

  it('does not queue the same entry twice (a retried delivery)', () => {
    const once = admit(sentTimes(10, 0), entry('a'), 1, 0, POLICY).lane;
    const twice = admit(once, entry('a'), 1, 5, POLICY);
    expect(twice.result).toMatchObject({ action: 'queue', reason: 'already-queued' });
    expect(twice.lane.pending).toHaveLength(1);
  });

  it('holds everything while the platform blocks the lane', () => {
    const blocked = blockLane(EMPTY_LANE, 600_000).lane;
    expect(admit(blocked, entry('a'), 1, 1000, POLICY).result).toEqual({
      action: 'queue',
      reason: 'blocked',
      wakeAtMs: 600_000,
    });
  });
});

describe('claimDigest', () => {
  it('is idle with nothing pending', () => {
    expect(claimDigest(EMPTY_LANE, 0, POLICY).result).toEqual({ action: 'idle' });
  });

  it('waits for the gathering delay, then takes the oldest entries up to the cap', () => {
    let lane = sentTimes(10, 0);
    for (const id of ['a', 'b', 'c', 'd']) lane = admit(lane, entry(id), 1, 1000, POLICY).lane;
    expect(claimDigest(lane, 5000, POLICY).result).toEqual({ action: 'wait', wakeAtMs: 11_000 });
    const first = claimDigest(lane, 11_000, POLICY);
    expect(first.result).toEqual({ action: 'send-digest', entries: [entry('a'), entry('b'), entry('c')] });
    expect(first.lane.sentAtMs).toHaveLength(11);
    // The rest of the burst has gathered already: it may go at once.
    expect(claimDigest(first.lane, 11_000, POLICY).result).toEqual({ action: 'send-digest', entries: [entry('d')] });
  });

  it('never exceeds the limit in the rolling window', () => {
    let lane = admit(sentTimes(20, 30_000), entry('a'), 1, 30_000, POLICY).lane;
    const free = 90_001 + SEND_LATENCY_MARGIN_MS;
    expect(claimDigest(lane, 50_000, POLICY).result).toEqual({ action: 'wait', wakeAtMs: free });
    lane = claimDigest(lane, free, POLICY).lane;
    expect(lane.sentAtMs).toEqual([free]);
  });
});

describe('releaseEntries', () => {
  it('puts a failed digest back at the head, without duplicates', () => {
    let lane = sentTimes(10, 0);
    for (const id of ['a', 'b']) lane = admit(lane, entry(id), 1, 0, POLICY).lane;
    const claimed = claimDigest(lane, 20_000, POLICY);
    const afterNew = admit(claimed.lane, entry('c'), 1, 21_000, POLICY).lane;
    const released = releaseEntries(afterNew, [entry('a'), entry('b'), entry('c')], 22_000).lane;
    expect(released.pending.map((pending) => pending.id)).toEqual(['a', 'b', 'c']);
  });
});
