/**
 * The compute-capacity model that makes the emulator throttle like a capped account, and the readings
 * CloudWatch and Cost Explorer are answered from (documented in docs/emulator.md).
 *
 * - TCU in use = 4 × ceil(running queries ÷ 7): AWS's sizing table (7 → 4, 14 → 8, 21 → 12),
 *   https://docs.aws.amazon.com/timestream/latest/developerguide/tcu.html. A query that would need more
 *   than MaxQueryTCU is refused with ThrottlingException ("MaxQueryTCU exceeded").
 * - Per minute, the minimum and maximum TCU in use, for minutes with query activity only (what
 *   `ResourceCount` reports; idle minutes have no datapoint).
 * - TCU-hours, per second, in blocks of 4 TCU; each block is billed at least 30 seconds ("per-second
 *   granularity and a minimum of 30 seconds").
 */
import type { Clock } from '../../shared/clock.ts';
import { throttled } from '../errors.ts';

const TCU_PER_STEP = 4;
const QUERIES_PER_STEP = 7;
const MINUTE_MS = 60_000;
const MINIMUM_BILLED_MS = 30_000;
const KEEP_MINUTES = 15 * 24 * 60;

export interface MinuteTcu {
  readonly minuteStartMs: number;
  readonly min: number;
  readonly max: number;
}

/** What monitoring reads from the model (the emulator's CloudWatch and Cost Explorer). */
export interface CapacityReadings {
  maxQueryTcu(): number;
  tcuInUse(): number;
  /** Minutes in [fromMs, toMs) that had query activity, oldest first. */
  minuteStats(fromMs: number, toMs: number): MinuteTcu[];
  /** TCU-hours accrued in [fromMs, toMs). */
  tcuHours(fromMs: number, toMs: number): number;
}

/** What survives a restart: per-minute TCU range and billed TCU-seconds. */
export interface CapacityHistory {
  readonly minutes: readonly (readonly [minute: number, min: number, max: number])[];
  readonly billedSeconds: readonly (readonly [minute: number, seconds: number])[];
}

export function tcuFor(runningQueries: number): number {
  return TCU_PER_STEP * Math.ceil(runningQueries / QUERIES_PER_STEP);
}

export interface QueryTicket {
  readonly admittedAtMs: number;
}

export class CapacityModel implements CapacityReadings {
  private running = 0;
  private level = 0;
  /** Minute → [min, max]. */
  private readonly minutes = new Map<number, [number, number]>();
  /** Minute → TCU-seconds billed in it. */
  private readonly billedSeconds = new Map<number, number>();
  /** Start time of each allocated 4-TCU block, lowest first. */
  private readonly blockStarts: number[] = [];
  private lastObservedMs: number;

  constructor(
    private readonly clock: Clock,
    private readonly readMaxQueryTcu: () => number,
  ) {
    this.lastObservedMs = clock.now();
  }

  maxQueryTcu(): number {
    return this.readMaxQueryTcu();
  }

  tcuInUse(): number {
    return this.level;
  }

  get runningQueries(): number {
    return this.running;
  }

  /** Admits one query or throws ThrottlingException when it would need more than MaxQueryTCU. */
  admit(): QueryTicket {
    const needed = tcuFor(this.running + 1);
    const max = this.readMaxQueryTcu();
    if (needed > max) {
      throw throttled(
        `Query rejected: MaxQueryTCU exceeded (${this.running} queries running use ${this.level} TCU; MaxQueryTCU is ${max}).`,
      );
    }
    this.running += 1;
    this.setLevel(needed);
    return { admittedAtMs: this.clock.now() };
  }

  release(_ticket: QueryTicket): void {
    this.running = Math.max(0, this.running - 1);
    this.setLevel(tcuFor(this.running));
  }

  minuteStats(fromMs: number, toMs: number): MinuteTcu[] {
    this.observe(this.clock.now());
    const result: MinuteTcu[] = [];
    for (const [minute, [min, max]] of this.minutes) {
      const start = minute * MINUTE_MS;
      if (start >= fromMs && start < toMs) result.push({ minuteStartMs: start, min, max });
    }
    return result.sort((a, b) => a.minuteStartMs - b.minuteStartMs);
  }

  tcuHours(fromMs: number, toMs: number): number {
    const now = this.clock.now();
    let seconds = 0;
    for (const [minute, billed] of this.billedSeconds) {
      const start = minute * MINUTE_MS;
      if (start >= fromMs && start < toMs) seconds += billed;
    }
    // Blocks still allocated accrue up to now (their 30-second minimum applies when released).
    for (const startMs of this.blockStarts) seconds += (TCU_PER_STEP * overlapMs(startMs, now, fromMs, toMs)) / 1000;
    return seconds / 3600;
  }

  /** The recorded history; allocations still open (queries running now) are not in it yet. */
  history(): CapacityHistory {
    this.observe(this.clock.now());
    return {
      minutes: [...this.minutes].map(([minute, [min, max]]) => [minute, min, max] as const),
      billedSeconds: [...this.billedSeconds],
    };
  }

  /** Restores history saved by an earlier run (before any query of this one). */
  restore(history: CapacityHistory): void {
    for (const [minute, min, max] of history.minutes) this.minutes.set(minute, [min, max]);
    for (const [minute, seconds] of history.billedSeconds)
      this.billedSeconds.set(minute, (this.billedSeconds.get(minute) ?? 0) + seconds);
  }

  private setLevel(next: number): void {
    const now = this.clock.now();
    this.observe(now);
    while (this.blockStarts.length * TCU_PER_STEP < next) this.blockStarts.push(now);
    while (this.blockStarts.length * TCU_PER_STEP > next) this.bill(this.blockStarts.pop()!, now);
    if (this.level > 0 || next > 0) {
      this.noteLevel(now, this.level);
      this.noteLevel(now, next);
    }
    this.level = next;
  }

  /** Fills the minutes a steady level spanned since the last change, so long queries show every minute. */
  private observe(now: number): void {
    if (this.level > 0) {
      for (
        let minute = Math.floor(this.lastObservedMs / MINUTE_MS) + 1;
        minute <= Math.floor(now / MINUTE_MS);
        minute += 1
      ) {
        this.noteLevel(minute * MINUTE_MS, this.level);
      }
    }
    this.lastObservedMs = now;
  }

  private noteLevel(atMs: number, level: number): void {
    const minute = Math.floor(atMs / MINUTE_MS);
    const stats = this.minutes.get(minute);
    if (stats) {
      stats[0] = Math.min(stats[0], level);
      stats[1] = Math.max(stats[1], level);
      return;
    }
    this.minutes.set(minute, [level, level]);
    this.forgetOldMinutes(minute);
  }

  /** Spreads a released block's TCU-seconds over the minutes it covered, at least 30 seconds' worth. */
  private bill(startMs: number, endMs: number): void {
    const billedEnd = Math.max(endMs, startMs + MINIMUM_BILLED_MS);
    for (let minute = Math.floor(startMs / MINUTE_MS); minute * MINUTE_MS < billedEnd; minute += 1) {
      const seconds =
        (TCU_PER_STEP * overlapMs(startMs, billedEnd, minute * MINUTE_MS, (minute + 1) * MINUTE_MS)) / 1000;
      this.billedSeconds.set(minute, (this.billedSeconds.get(minute) ?? 0) + seconds);
    }
  }

  private forgetOldMinutes(currentMinute: number): void {
    if (this.minutes.size <= KEEP_MINUTES) return;
    for (const minute of this.minutes.keys()) if (minute < currentMinute - KEEP_MINUTES) this.minutes.delete(minute);
    for (const minute of this.billedSeconds.keys())
      if (minute < currentMinute - KEEP_MINUTES) this.billedSeconds.delete(minute);
  }
}

function overlapMs(start: number, end: number, from: number, to: number): number {
  return Math.max(0, Math.min(end, to) - Math.max(start, from));
}
