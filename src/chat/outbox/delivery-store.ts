/**
 * The DeliveryStore port: what every concurrent sender must agree on — which messages were delivered
 * (dedupe by SNS MessageId per destination) and each destination's lane (rate window, digest queue).
 * On Lambda several invocations run at once, so this sits in a shared store (dynamo-delivery-store.ts);
 * locally and in tests the memory implementation below.
 */
import { EMPTY_LANE, type LaneChange, type LaneState } from './lane.ts';

/** What a claim found: it is ours to send, it was delivered already, or another sender holds it now. */
export type ClaimResult = 'claimed' | 'delivered' | 'held';

export interface DeliveryStore {
  isDelivered(key: string, nowMs: number): Promise<boolean>;
  markDelivered(keys: readonly string[], expiresAtMs: number): Promise<void>;
  /**
   * Atomically claims a delivery before it is posted, so two senders of the same message never both
   * post it: succeeds when the key is free, or holds only an expired claim or delivery. A claim lasts
   * until `leaseUntilMs` — a sender that crashed after claiming loses it then, and a retry may claim.
   */
  claim(key: string, owner: string, nowMs: number, leaseUntilMs: number): Promise<ClaimResult>;
  /** Gives a claim back (the post failed): only the owner's claim, never a delivery. */
  release(key: string, owner: string): Promise<void>;
  /**
   * Atomically reads one lane, applies `change` and writes the result. `change` must be pure: a
   * shared store may run it again after a conditional-write conflict.
   */
  updateLane<T>(laneId: string, change: (lane: LaneState) => LaneChange<T>): Promise<T>;
}

const MAX_REMEMBERED = 50_000;

export class MemoryDeliveryStore implements DeliveryStore {
  private readonly delivered = new Map<string, number>();
  private readonly claims = new Map<string, { owner: string; untilMs: number }>();
  private readonly lanes = new Map<string, LaneState>();

  isDelivered(key: string, nowMs: number): Promise<boolean> {
    const expiresAt = this.delivered.get(key);
    if (expiresAt !== undefined && expiresAt <= nowMs) this.delivered.delete(key);
    return Promise.resolve(expiresAt !== undefined && expiresAt > nowMs);
  }

  markDelivered(keys: readonly string[], expiresAtMs: number): Promise<void> {
    for (const key of keys) {
      this.delivered.set(key, expiresAtMs);
      this.claims.delete(key);
    }
    if (this.delivered.size > MAX_REMEMBERED) this.forgetOldest();
    return Promise.resolve();
  }

  /** Synchronous check-and-set: atomic within one Node process. */
  claim(key: string, owner: string, nowMs: number, leaseUntilMs: number): Promise<ClaimResult> {
    const deliveredUntil = this.delivered.get(key);
    if (deliveredUntil !== undefined && deliveredUntil > nowMs) return Promise.resolve('delivered');
    const held = this.claims.get(key);
    if (held && held.untilMs > nowMs && held.owner !== owner) return Promise.resolve('held');
    this.claims.set(key, { owner, untilMs: leaseUntilMs });
    return Promise.resolve('claimed');
  }

  release(key: string, owner: string): Promise<void> {
    if (this.claims.get(key)?.owner === owner) this.claims.delete(key);
    return Promise.resolve();
  }

  /** Synchronous read-modify-write: atomic within one Node process. */
  updateLane<T>(laneId: string, change: (lane: LaneState) => LaneChange<T>): Promise<T> {
    const { lane, result } = change(this.lanes.get(laneId) ?? EMPTY_LANE);
    this.lanes.set(laneId, lane);
    return Promise.resolve(result);
  }

  /** Keeps a long-running local process bounded: the earliest-expiring keys go first. */
  private forgetOldest(): void {
    const byExpiry = [...this.delivered].sort((a, b) => a[1] - b[1]);
    for (const [key] of byExpiry.slice(0, byExpiry.length - MAX_REMEMBERED / 2)) this.delivered.delete(key);
  }

  /** For tests and the console: a lane as it stands. */
  lane(laneId: string): LaneState {
    return this.lanes.get(laneId) ?? EMPTY_LANE;
  }
}
