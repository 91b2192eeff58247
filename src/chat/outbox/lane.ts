/**
 * The delivery lane of one destination: what it sent in the rolling window, what waits for a digest,
 * and whether the platform has blocked it. Every decision is a pure function of (lane, now, policy)
 * returning the next lane and a reason, so tests call them directly and a shared store can replay them
 * on a write conflict (Alertmanager's `needsUpdate` style, notify/dedup_stage.go).
 */
import type { RatePolicy } from '../destination.ts';
import type { DigestEntry } from '../notice.ts';

export interface LaneState {
  /** Send times inside the current window, oldest first. */
  readonly sentAtMs: readonly number[];
  /** Entries waiting for a digest, oldest first. */
  readonly pending: readonly DigestEntry[];
  /** When the oldest pending entry started waiting. */
  readonly pendingSinceMs: number | undefined;
  /** The platform refused us for rate (DingTalk 410100): nothing goes out before this. */
  readonly blockedUntilMs: number;
}

export const EMPTY_LANE: LaneState = { sentAtMs: [], pending: [], pendingSinceMs: undefined, blockedUntilMs: 0 };

export interface LanePolicy extends RatePolicy {
  /** A digest waits this long after its first entry, gathering the rest of the burst. */
  readonly digestDelayMs: number;
}

export type AdmitDecision =
  | { readonly action: 'send'; readonly reason: 'within-budget' }
  | {
      readonly action: 'queue';
      readonly reason: 'over-solo-limit' | 'digest-waiting' | 'blocked' | 'already-queued';
      readonly wakeAtMs: number;
    };

export type ClaimDecision =
  | { readonly action: 'idle' }
  | { readonly action: 'wait'; readonly wakeAtMs: number }
  | { readonly action: 'send-digest'; readonly entries: readonly DigestEntry[] };

export interface LaneChange<T> {
  readonly lane: LaneState;
  readonly result: T;
}

/**
 * A slot is taken when a send is admitted, but the request reaches the platform later (rendering,
 * the network, a burst of concurrent sends): measured at the platform, 1,000 alarms put 30 requests
 * in one rolling minute of a 20-a-minute robot. A slot is therefore held this much longer than the
 * window, so the platform's own count never exceeds the limit.
 */
export const SEND_LATENCY_MARGIN_MS = 5000;

function prune(lane: LaneState, nowMs: number, policy: LanePolicy): LaneState {
  const since = nowMs - policy.windowMs - SEND_LATENCY_MARGIN_MS;
  const firstKept = lane.sentAtMs.findIndex((at) => at > since);
  if (firstKept === 0) return lane;
  return { ...lane, sentAtMs: firstKept < 0 ? [] : lane.sentAtMs.slice(firstKept) };
}

/** When the window has room for `slots` more sends. */
function slotsFreeAt(lane: LaneState, slots: number, nowMs: number, policy: LanePolicy): number {
  const overflow = lane.sentAtMs.length + slots - policy.limit;
  if (overflow <= 0) return Math.max(nowMs, lane.blockedUntilMs);
  const oldestToExpire = lane.sentAtMs[overflow - 1] ?? nowMs;
  return Math.max(oldestToExpire + policy.windowMs + SEND_LATENCY_MARGIN_MS + 1, lane.blockedUntilMs);
}

function digestDueAt(lane: LaneState, nowMs: number, policy: LanePolicy): number {
  return Math.max(slotsFreeAt(lane, 1, nowMs, policy), (lane.pendingSinceMs ?? nowMs) + policy.digestDelayMs);
}

/** Should a message needing `slots` sends go out now, alone, or wait for a digest — and why. */
export function admit(
  lane: LaneState,
  entry: DigestEntry,
  slots: number,
  nowMs: number,
  policy: LanePolicy,
): LaneChange<AdmitDecision> {
  const current = prune(lane, nowMs, policy);
  if (current.pending.some((pending) => pending.id === entry.id)) {
    return {
      lane: current,
      result: { action: 'queue', reason: 'already-queued', wakeAtMs: digestDueAt(current, nowMs, policy) },
    };
  }
  const reason =
    current.blockedUntilMs > nowMs
      ? 'blocked'
      : current.pending.length > 0
        ? 'digest-waiting'
        : current.sentAtMs.length + slots > policy.soloLimit
          ? 'over-solo-limit'
          : undefined;
  if (reason === undefined) {
    return {
      lane: { ...current, sentAtMs: [...current.sentAtMs, ...Array.from({ length: slots }, () => nowMs)] },
      result: { action: 'send', reason: 'within-budget' },
    };
  }
  const queued: LaneState = {
    ...current,
    pending: [...current.pending, entry],
    pendingSinceMs: current.pendingSinceMs ?? nowMs,
  };
  return { lane: queued, result: { action: 'queue', reason, wakeAtMs: digestDueAt(queued, nowMs, policy) } };
}

/** Takes the oldest waiting entries for one digest message when a slot is free and the burst has gathered. */
export function claimDigest(lane: LaneState, nowMs: number, policy: LanePolicy): LaneChange<ClaimDecision> {
  const current = prune(lane, nowMs, policy);
  if (current.pending.length === 0) return { lane: current, result: { action: 'idle' } };
  const dueAt = digestDueAt(current, nowMs, policy);
  if (dueAt > nowMs) return { lane: current, result: { action: 'wait', wakeAtMs: dueAt } };
  const entries = current.pending.slice(0, policy.digestMaxEntries);
  const rest = current.pending.slice(entries.length);
  return {
    lane: {
      ...current,
      sentAtMs: [...current.sentAtMs, nowMs],
      pending: rest,
      // The rest of a burst has already gathered; it goes as soon as a slot frees.
      pendingSinceMs: rest.length > 0 ? current.pendingSinceMs : undefined,
    },
    result: { action: 'send-digest', entries },
  };
}

/** A digest that could not be delivered puts its entries back at the head of the queue. */
export function releaseEntries(lane: LaneState, entries: readonly DigestEntry[], nowMs: number): LaneChange<void> {
  const waiting = new Set(lane.pending.map((entry) => entry.id));
  const back = entries.filter((entry) => !waiting.has(entry.id));
  return {
    lane: {
      ...lane,
      pending: [...back, ...lane.pending],
      pendingSinceMs: Math.min(lane.pendingSinceMs ?? nowMs, nowMs),
    },
    result: undefined,
  };
}

/** The platform said "too fast": hold the whole lane until `untilMs`. */
export function blockLane(lane: LaneState, untilMs: number): LaneChange<void> {
  return { lane: { ...lane, blockedUntilMs: Math.max(lane.blockedUntilMs, untilMs) }, result: undefined };
}
