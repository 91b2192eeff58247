/** The DeliveryStore contract, run against every implementation (memory, DynamoDB, the local state file). */
import { describe, expect, it } from 'vitest';
import type { DeliveryStore } from '../../src/chat/outbox/delivery-store.ts';
import type { LaneState } from '../../src/chat/outbox/lane.ts';

/** A lane change that records one send and answers how many sends the lane now holds. */
const send = (atMs: number) => (lane: LaneState) => ({
  lane: { ...lane, sentAtMs: [...lane.sentAtMs, atMs] },
  result: lane.sentAtMs.length + 1,
});

export function describeDeliveryStore(name: string, make: () => DeliveryStore) {
  describe(`${name} honours the DeliveryStore contract`, () => {
    it('remembers a delivery until its window ends', async () => {
      const store = make();
      expect(await store.isDelivered('slack:ops|m1', 1000)).toBe(false);
      await store.markDelivered(['slack:ops|m1', 'dingtalk:default|m1'], 5000);
      expect(await store.isDelivered('slack:ops|m1', 4999)).toBe(true);
      expect(await store.isDelivered('dingtalk:default|m1', 4999)).toBe(true);
      expect(await store.isDelivered('slack:ops|m1', 5000)).toBe(false);
      expect(await store.isDelivered('slack:ops|m2', 1000)).toBe(false);
    });

    it('starts a lane empty and keeps what a change wrote, per lane', async () => {
      const store = make();
      expect(await store.updateLane('slack:ops', send(1))).toBe(1);
      expect(
        await store.updateLane('slack:ops', (lane) => ({ lane: { ...lane, blockedUntilMs: 99 }, result: lane })),
      ).toEqual({ sentAtMs: [1], pending: [], pendingSinceMs: undefined, blockedUntilMs: 0, inFlight: [] });
      expect(await store.updateLane('slack:ops', (lane) => ({ lane, result: lane.blockedUntilMs }))).toBe(99);
      expect(await store.updateLane('dingtalk:default', send(2))).toBe(1);
    });

    it('lets exactly one of many concurrent senders claim a delivery, and only the owner release it', async () => {
      const store = make();
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, index) => store.claim('slack:ops|m9', `sender-${index}`, 1000, 61_000)),
      );
      expect(results.filter((result) => result === 'claimed')).toHaveLength(1);
      expect(results.filter((result) => result === 'held')).toHaveLength(7);
      const owner = `sender-${results.indexOf('claimed')}`;
      expect(await store.isDelivered('slack:ops|m9', 2000)).toBe(false);
      await store.release('slack:ops|m9', 'someone-else');
      expect(await store.claim('slack:ops|m9', 'late', 2000, 62_000)).toBe('held');
      await store.release('slack:ops|m9', owner);
      expect(await store.claim('slack:ops|m9', 'late', 2000, 62_000)).toBe('claimed');
      await store.markDelivered(['slack:ops|m9'], 90_000);
      expect(await store.claim('slack:ops|m9', 'again', 3000, 63_000)).toBe('delivered');
      expect(await store.isDelivered('slack:ops|m9', 3000)).toBe(true);
    });

    it('frees a claim whose lease ran out (its sender crashed), and a delivery whose window ended', async () => {
      const store = make();
      expect(await store.claim('dingtalk:default|m7', 'crashed', 1000, 5000)).toBe('claimed');
      expect(await store.claim('dingtalk:default|m7', 'retry', 4999, 70_000)).toBe('held');
      expect(await store.claim('dingtalk:default|m7', 'retry', 5001, 70_000)).toBe('claimed');
      await store.markDelivered(['dingtalk:default|m7'], 80_000);
      expect(await store.claim('dingtalk:default|m7', 'next-day', 80_001, 90_000)).toBe('claimed');
    });

    it('loses no change when many senders update one lane at once', async () => {
      const store = make();
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, index) => store.updateLane('dingtalk:default', send(index))),
      );
      expect([...results].sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, index) => index + 1));
      expect(await store.updateLane('dingtalk:default', (lane) => ({ lane, result: lane.sentAtMs.length }))).toBe(12);
    });
  });
}
