import { describe, expect, it } from 'vitest';
import {
  admit,
  blockLane,
  abandonInFlight,
  claimDigest,
  narrowDigest,
  orphanInFlight,
  settleInFlight,
  storedLane,
  EMPTY_LANE,
  releaseEntries,
  type LanePolicy,
  type LaneState,
  SEND_LATENCY_MARGIN_MS,
} from '../../../src/chat/outbox/lane.ts';
import type { DigestEntry } from '../../../src/chat/notice.ts';

const POLICY: LanePolicy = { limit: 20, windowMs: 60_000, soloLimit: 10, digestMaxEntries: 3, digestDelayMs: 10_000 };
const CLAIM = { owner: 'first', leaseUntilMs: 80_000 };
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
    const { lane, result } = admit(EMPTY_LANE, entry('a'), 2, 1000, POLICY, CLAIM);
    expect(result).toEqual({ action: 'send', reason: 'within-budget' });
    expect(lane.sentAtMs).toEqual([1000, 1000]);
  });

  it('queues past the solo limit and says when the digest is due', () => {
    const { lane, result } = admit(sentTimes(10, 0), entry('a'), 1, 1000, POLICY, CLAIM);
    expect(result).toEqual({ action: 'queue', reason: 'over-solo-limit', wakeAtMs: 11_000 });
    expect(lane.pending.map((pending) => pending.id)).toEqual(['a']);
  });

  it('queues behind a waiting digest even when there is budget, so order holds', () => {
    const waiting = admit(sentTimes(10, 0), entry('a'), 1, 0, POLICY, CLAIM).lane;
    const later = admit(waiting, entry('b'), 1, 61_000, POLICY, CLAIM);
    expect(later.result).toMatchObject({ action: 'queue', reason: 'digest-waiting' });
  });

  it('forgets sends older than the window and its latency margin', () => {
    expect(admit(sentTimes(10, 0), entry('a'), 1, 60_001, POLICY, CLAIM).result).toMatchObject({ action: 'queue' });
    expect(admit(sentTimes(10, 0), entry('a'), 1, 60_001 + SEND_LATENCY_MARGIN_MS, POLICY, CLAIM).result).toEqual({
      action: 'send',
      reason: 'within-budget',
    });
  });

  it('does not queue the same entry twice (a retried delivery)', () => {
    const once = admit(sentTimes(10, 0), entry('a'), 1, 0, POLICY, CLAIM).lane;
    const twice = admit(once, entry('a'), 1, 5, POLICY, CLAIM);
    expect(twice.result).toMatchObject({ action: 'queue', reason: 'already-queued' });
    expect(twice.lane.pending).toHaveLength(1);
  });

  it('holds everything while the platform blocks the lane', () => {
    const blocked = blockLane(EMPTY_LANE, 600_000).lane;
    expect(admit(blocked, entry('a'), 1, 1000, POLICY, CLAIM).result).toEqual({
      action: 'queue',
      reason: 'blocked',
      wakeAtMs: 600_000,
    });
  });
});

describe('claimDigest', () => {
  it('is idle with nothing pending', () => {
    expect(claimDigest(EMPTY_LANE, 0, POLICY, CLAIM).result).toEqual({ action: 'idle' });
  });

  it('waits for the gathering delay, then takes the oldest entries up to the cap', () => {
    let lane = sentTimes(10, 0);
    for (const id of ['a', 'b', 'c', 'd']) lane = admit(lane, entry(id), 1, 1000, POLICY, CLAIM).lane;
    expect(claimDigest(lane, 5000, POLICY, CLAIM).result).toEqual({ action: 'wait', wakeAtMs: 11_000 });
    const first = claimDigest(lane, 11_000, POLICY, CLAIM);
    expect(first.result).toEqual({
      action: 'send-digest',
      entries: [entry('a'), entry('b'), entry('c')],
      again: false,
    });
    expect(first.lane.sentAtMs).toHaveLength(11);
    // The rest of the burst has gathered already: it may go at once.
    expect(claimDigest(first.lane, 11_000, POLICY, CLAIM).result).toEqual({
      action: 'send-digest',
      entries: [entry('d')],
      again: false,
    });
  });

  it('never exceeds the limit in the rolling window', () => {
    let lane = admit(sentTimes(20, 30_000), entry('a'), 1, 30_000, POLICY, CLAIM).lane;
    const free = 90_001 + SEND_LATENCY_MARGIN_MS;
    expect(claimDigest(lane, 50_000, POLICY, CLAIM).result).toEqual({ action: 'wait', wakeAtMs: free });
    lane = claimDigest(lane, free, POLICY, CLAIM).lane;
    expect(lane.sentAtMs).toEqual([free]);
  });
});

describe('digests in flight', () => {
  const burst = () => {
    let lane = sentTimes(10, 0);
    for (const id of ['a', 'b', 'c']) lane = admit(lane, entry(id), 1, 0, POLICY, CLAIM).lane;
    return claimDigest(lane, 20_000, POLICY, CLAIM).lane;
  };

  it('keeps a taken digest in the lane, so its entries are neither queued again nor lost', () => {
    const lane = burst();
    expect(lane.pending).toEqual([]);
    expect(lane.inFlight).toEqual([{ ...CLAIM, entries: [entry('a'), entry('b'), entry('c')], solo: false }]);
    expect(admit(lane, entry('b'), 1, 21_000, POLICY, CLAIM).result).toMatchObject({
      action: 'queue',
      reason: 'already-queued',
    });
    expect(admit(lane, entry('b'), 1, 21_000, POLICY, CLAIM).lane.pending).toEqual([]);
  });

  it('narrows a digest to what fits one message and queues the rest first', () => {
    const lane = narrowDigest(burst(), CLAIM.owner, [entry('a')], 21_000).lane;
    expect(lane.inFlight[0]!.entries).toEqual([entry('a')]);
    expect(lane.pending.map((pending) => pending.id)).toEqual(['b', 'c']);
  });

  it("sends a dead sender's digest again, with the same entries, once its lease is over", () => {
    const lane = burst();
    expect(claimDigest(lane, 30_000, POLICY, { owner: 'next', leaseUntilMs: 90_000 }).result).toEqual({
      action: 'idle',
    });
    const again = claimDigest(lane, CLAIM.leaseUntilMs, POLICY, { owner: 'next', leaseUntilMs: 200_000 });
    expect(again.result).toEqual({ action: 'send-digest', entries: [entry('a'), entry('b'), entry('c')], again: true });
    expect(again.lane.inFlight).toEqual([
      { owner: 'next', leaseUntilMs: 200_000, entries: [entry('a'), entry('b'), entry('c')], solo: false },
    ]);
  });

  it('keeps a failed digest whole for the next sender, and forgets a delivered one', () => {
    const failed = abandonInFlight(burst(), CLAIM.owner, 21_000).lane;
    expect(claimDigest(failed, 21_000, POLICY, { owner: 'next', leaseUntilMs: 90_000 }).result).toMatchObject({
      action: 'send-digest',
      again: true,
    });
    expect(settleInFlight(burst(), CLAIM.owner).lane.inFlight).toEqual([]);
    expect(orphanInFlight(burst(), 25_000).inFlight[0]!.leaseUntilMs).toBe(25_000);
  });

  it('reads lanes stored before digests were tracked in flight', () => {
    expect(storedLane(JSON.stringify({ sentAtMs: [1], pending: [], blockedUntilMs: 0 })).inFlight).toEqual([]);
  });
});

describe('single messages in flight', () => {
  const sentAlone = () => admit(EMPTY_LANE, entry('a'), 1, 1000, POLICY, CLAIM).lane;

  it('holds an alarm sent alone until it is settled', () => {
    expect(sentAlone().inFlight).toEqual([{ ...CLAIM, entries: [entry('a')], solo: true }]);
    expect(settleInFlight(sentAlone(), CLAIM.owner).lane.inFlight).toEqual([]);
  });

  it("sends a dead sender's alarm alone again (same key), never into a digest", () => {
    const orphaned = orphanInFlight(sentAlone(), 1500);
    const again = admit(orphaned, entry('a'), 1, 2000, POLICY, { owner: 'next', leaseUntilMs: 90_000 });
    expect(again.result).toEqual({ action: 'send', reason: 'again' });
    expect(again.lane.inFlight).toEqual([{ owner: 'next', leaseUntilMs: 90_000, entries: [entry('a')], solo: true }]);
    expect(again.lane.pending).toEqual([]);
    expect(claimDigest(orphaned, 2000, POLICY, CLAIM).result).toEqual({ action: 'idle' });
  });

  it('lets a live sender finish: a second arrival of the same alarm waits', () => {
    expect(admit(sentAlone(), entry('a'), 1, 2000, POLICY, CLAIM).result).toMatchObject({
      action: 'queue',
      reason: 'already-queued',
    });
  });

  it('forgets an orphan whose alarm never came back, after an hour', () => {
    const orphaned = orphanInFlight(sentAlone(), 1500);
    expect(
      admit(orphaned, entry('b'), 1, 3601_501, POLICY, CLAIM).lane.inFlight.map((taken) => taken.entries[0]!.id),
    ).toEqual(['b']);
  });
});

describe('releaseEntries', () => {
  it('puts a failed digest back at the head, without duplicates', () => {
    let lane = sentTimes(10, 0);
    for (const id of ['a', 'b']) lane = admit(lane, entry(id), 1, 0, POLICY, CLAIM).lane;
    const claimed = claimDigest(lane, 20_000, POLICY, CLAIM);
    const afterNew = admit(claimed.lane, entry('c'), 1, 21_000, POLICY, CLAIM).lane;
    const released = releaseEntries(afterNew, [entry('a'), entry('b'), entry('c')], 22_000).lane;
    expect(released.pending.map((pending) => pending.id)).toEqual(['a', 'b', 'c']);
  });
});
