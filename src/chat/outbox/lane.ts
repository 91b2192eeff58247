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
  /** Messages being sent (a digest, or one alarm alone): admitted, not yet delivered. */
  readonly inFlight: readonly InFlight[];
}

/**
 * A message a sender has taken and is posting. If that sender dies (its lease runs out, or a local
 * process restarts on its state file), the message is sent again the way it went — one alarm alone,
 * or the same digest — under the same idempotency key, so a platform that dedupes by key (DingTalk's
 * msgUuid) shows it once, and no alarm is named in two different messages.
 */
export interface InFlight {
  readonly owner: string;
  readonly entries: readonly DigestEntry[];
  readonly leaseUntilMs: number;
  /**
   * One alarm sent alone: only that alarm's own sender can render it again (a digest needs only the
   * entries), so it is retried by the alarm's redelivery (SNS, or the local journal), not by claimDigest.
   */
  readonly solo: boolean;
}

/** A solo message whose sender died and whose alarm never came back (its retries ran out) is forgotten after this. */
const ORPHAN_SOLO_KEEP_MS = 3600_000;

export const EMPTY_LANE: LaneState = {
  sentAtMs: [],
  pending: [],
  pendingSinceMs: undefined,
  blockedUntilMs: 0,
  inFlight: [],
};

/** A lane as a store read it back: lanes written before a field existed get its empty value. */
export function storedLane(json: string): LaneState {
  return { ...EMPTY_LANE, ...(JSON.parse(json) as Partial<LaneState>) };
}

export interface LanePolicy extends RatePolicy {
  /** A digest waits this long after its first entry, gathering the rest of the burst. */
  readonly digestDelayMs: number;
}

export type AdmitDecision =
  /** `again`: the same alarm alone, whose sender died after taking its slot: send it as it went. */
  | { readonly action: 'send'; readonly reason: 'within-budget' | 'again' }
  | {
      readonly action: 'queue';
      readonly reason: 'over-solo-limit' | 'digest-waiting' | 'blocked' | 'already-queued' | 'muted';
      readonly wakeAtMs: number;
    };

export type ClaimDecision =
  | { readonly action: 'idle' }
  | { readonly action: 'wait'; readonly wakeAtMs: number }
  /** `again`: a dead sender's digest, already fitted to one message: send it as it is. */
  | { readonly action: 'send-digest'; readonly entries: readonly DigestEntry[]; readonly again: boolean };

/** Who takes a digest, and until when it is theirs. */
export interface DigestClaim {
  readonly owner: string;
  readonly leaseUntilMs: number;
}

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
  const inFlight = lane.inFlight.filter((taken) => !taken.solo || taken.leaseUntilMs > nowMs - ORPHAN_SOLO_KEEP_MS);
  if (firstKept === 0 && inFlight.length === lane.inFlight.length) return lane;
  return { ...lane, sentAtMs: firstKept < 0 ? [] : lane.sentAtMs.slice(firstKept), inFlight };
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

/**
 * Should a message needing `slots` sends go out now, alone, or wait for a digest — and why. A message
 * sent alone is held in flight by `claim` until settled.
 */
export function admit(
  lane: LaneState,
  entry: DigestEntry,
  slots: number,
  nowMs: number,
  policy: LanePolicy,
  claim: DigestClaim,
): LaneChange<AdmitDecision> {
  const current = prune(lane, nowMs, policy);
  const isThis = (queued: DigestEntry) => queued.id === entry.id;
  const taken = current.inFlight.find((candidate) => candidate.entries.some(isThis));
  const takeSlots = (state: LaneState) => [...state.sentAtMs, ...Array.from({ length: slots }, () => nowMs)];
  if (taken?.solo && taken.leaseUntilMs <= nowMs && current.blockedUntilMs <= nowMs) {
    return {
      lane: {
        ...current,
        sentAtMs: takeSlots(current),
        inFlight: current.inFlight.map((candidate) => (candidate === taken ? { ...taken, ...claim } : candidate)),
      },
      result: { action: 'send', reason: 'again' },
    };
  }
  if (taken || current.pending.some(isThis)) {
    return {
      lane: current,
      result: { action: 'queue', reason: 'already-queued', wakeAtMs: digestDueAt(current, nowMs, policy) },
    };
  }
  const reason =
    current.blockedUntilMs > nowMs
      ? 'blocked'
      : entry.muted
        ? 'muted'
        : // Muted entries wait for the digest without holding back the messages that may page someone.
          current.pending.some((queued) => !queued.muted)
          ? 'digest-waiting'
          : current.sentAtMs.length + slots > policy.soloLimit
            ? 'over-solo-limit'
            : undefined;
  if (reason === undefined) {
    return {
      lane: {
        ...current,
        sentAtMs: takeSlots(current),
        inFlight: [...current.inFlight, { ...claim, entries: [entry], solo: true }],
      },
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

/**
 * Takes one digest to send when a slot is free: first a dead sender's in-flight digest (the same
 * entries again), else the oldest waiting entries once the burst has gathered.
 */
export function claimDigest(
  lane: LaneState,
  nowMs: number,
  policy: LanePolicy,
  claim: DigestClaim,
): LaneChange<ClaimDecision> {
  const current = prune(lane, nowMs, policy);
  const orphan = current.inFlight.find((taken) => !taken.solo && taken.leaseUntilMs <= nowMs);
  if (orphan) {
    const freeAt = slotsFreeAt(current, 1, nowMs, policy);
    if (freeAt > nowMs) return { lane: current, result: { action: 'wait', wakeAtMs: freeAt } };
    return {
      lane: {
        ...current,
        sentAtMs: [...current.sentAtMs, nowMs],
        inFlight: current.inFlight.map((digest) => (digest === orphan ? { ...orphan, ...claim } : digest)),
      },
      result: { action: 'send-digest', entries: orphan.entries, again: true },
    };
  }
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
      inFlight: [...current.inFlight, { ...claim, entries, solo: false }],
    },
    result: { action: 'send-digest', entries, again: false },
  };
}

/** The digest of `owner` names only `kept` (one message's worth): the rest go back to the head of the queue. */
export function narrowDigest(
  lane: LaneState,
  owner: string,
  kept: readonly DigestEntry[],
  nowMs: number,
): LaneChange<void> {
  const keptIds = new Set(kept.map((entry) => entry.id));
  const digest = lane.inFlight.find((candidate) => candidate.owner === owner);
  const back = digest ? digest.entries.filter((entry) => !keptIds.has(entry.id)) : [];
  const narrowed: LaneState = {
    ...lane,
    inFlight: lane.inFlight.map((candidate) => (candidate === digest ? { ...candidate, entries: kept } : candidate)),
  };
  return back.length > 0 ? releaseEntries(narrowed, back, nowMs) : { lane: narrowed, result: undefined };
}

/** The message of `owner` was accepted: it leaves the lane (its entries are recorded delivered). */
export function settleInFlight(lane: LaneState, owner: string): LaneChange<void> {
  return { lane: { ...lane, inFlight: lane.inFlight.filter((digest) => digest.owner !== owner) }, result: undefined };
}

/**
 * The message of `owner` failed. It stays in flight with its lease over, so the next sender posts the
 * same message under the same key: if the platform did post it unanswered, its key dedupes the repeat.
 */
export function abandonInFlight(lane: LaneState, owner: string, nowMs: number): LaneChange<void> {
  return {
    lane: {
      ...lane,
      inFlight: lane.inFlight.map((taken) => (taken.owner === owner ? { ...taken, leaseUntilMs: nowMs } : taken)),
    },
    result: undefined,
  };
}

/** A process that owns its state file alone restarts: every message in flight lost its sender, now. */
export function orphanInFlight(lane: LaneState, nowMs: number): LaneState {
  return {
    ...lane,
    inFlight: lane.inFlight.map((taken) => ({ ...taken, leaseUntilMs: Math.min(taken.leaseUntilMs, nowMs) })),
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
