/**
 * The account's query compute, modelled on the work queries do (documented in docs/emulator.md,
 * "Capacity model"; every constant in tcu-profile.ts):
 *
 * - Each admitted query holds its demand — its parallelism, from 4/7 TCU for a light query up — until
 *   its modelled work (TCU-seconds) is done, whatever DuckDB's own speed.
 * - Capacity is allocated in 4-TCU blocks to cover the demand, up to MaxQueryTCU; a block is released
 *   only after it has been held the 30-second billing minimum.
 * - When demand exceeds capacity, running queries share it (processor sharing). A query that would
 *   push demand past `maxSlowdown` × MaxQueryTCU is refused: ThrottlingException, "MaxQueryTCU exceeded".
 * - One meter: the per-minute minimum and maximum of allocated TCU (ResourceCount, minutes with
 *   capacity only) and TCU-seconds billed = allocated capacity over time. Every local TCU and cost
 *   figure reads it.
 */
import type { Clock } from '../../../shared/clock.ts';
import { throttled } from '../../errors.ts';
import type { QueryWork } from './query-work.ts';
import { constantsOf, DEFAULT_TCU_PROFILE, type TcuConstants, type TcuProfile } from './tcu-profile.ts';

const MINUTE_MS = 60_000;
const KEEP_MINUTES = 15 * 24 * 60;
/**
 * A query with less than this left to run (in seconds at its current rate) is done: epoch
 * milliseconds carry about a quarter of a microsecond of precision, so finer steps cannot be taken.
 */
const DONE_SECONDS = 1e-6;

export interface MinuteTcu {
  readonly minuteStartMs: number;
  readonly min: number;
  readonly max: number;
}

/** What monitoring reads from the model (the emulator's CloudWatch and Cost Explorer). */
export interface CapacityReadings {
  maxQueryTcu(): number;
  tcuInUse(): number;
  /** Minutes in [fromMs, toMs) with capacity allocated, oldest first. */
  minuteStats(fromMs: number, toMs: number): MinuteTcu[];
  /** TCU-hours billed in [fromMs, toMs). */
  tcuHours(fromMs: number, toMs: number): number;
}

/** What survives a restart: per-minute TCU range and billed TCU-seconds. */
export interface CapacityHistory {
  readonly minutes: readonly (readonly [minute: number, min: number, max: number])[];
  readonly billedSeconds: readonly (readonly [minute: number, seconds: number])[];
}

export interface QueryTicket {
  readonly id: number;
  readonly admittedAtMs: number;
  readonly work: QueryWork;
}

/** Queries admitted together with the same work progress and finish together: one entry, `count` queries. */
interface RunningQuery {
  readonly id: number;
  readonly parallelismTcu: number;
  readonly count: number;
  remainingTcuSeconds: number;
}

export class CapacityModel implements CapacityReadings {
  readonly constants: TcuConstants;
  private running: RunningQuery[] = [];
  /** Allocation time of each 4-TCU block, oldest first. */
  private blocks: number[] = [];
  private lastMs: number;
  private nextId = 1;
  /** Minute → [min, max] allocated TCU. */
  private readonly minutes = new Map<number, [number, number]>();
  /** Minute → TCU-seconds billed in it. */
  private readonly billedSeconds = new Map<number, number>();

  constructor(
    private readonly clock: Clock,
    private readonly readMaxQueryTcu: () => number,
    readonly profile: TcuProfile = DEFAULT_TCU_PROFILE,
  ) {
    this.constants = constantsOf(profile);
    this.lastMs = clock.now();
  }

  maxQueryTcu(): number {
    return this.readMaxQueryTcu();
  }

  tcuInUse(): number {
    this.advance(this.clock.now());
    return this.level();
  }

  /** Queries whose modelled work is not done yet. */
  get runningQueries(): number {
    this.advance(this.clock.now());
    let queries = 0;
    for (const query of this.running) queries += query.count;
    return queries;
  }

  /** TCU the running queries could use at once. */
  demandTcu(): number {
    this.advance(this.clock.now());
    return this.demand();
  }

  /** Admits a query or throws ThrottlingException when the account would be too far over MaxQueryTCU. */
  admit(work: QueryWork): QueryTicket {
    const entered = this.enter(work, 1);
    if (!entered) {
      throw throttled(
        `Query rejected: MaxQueryTCU exceeded (running queries want ${round(this.demand())} TCU; MaxQueryTCU is ${this.readMaxQueryTcu()}).`,
      );
    }
    return { id: entered.id, admittedAtMs: this.clock.now(), work };
  }

  /**
   * Admits `count` queries with the same work arriving now, as one after another would be: those
   * that fit under the throttling limit run, the rest are counted as throttled. For replaying a
   * workload in virtual time, where one entry per query would cost too much (`tcu-bot lab story`).
   */
  admitMany(work: QueryWork, count: number): { readonly admitted: number; readonly throttled: number } {
    const admitted = this.enter(work, count)?.count ?? 0;
    return { admitted, throttled: count - admitted };
  }

  /** Starts as many of `count` queries as fit under the throttling limit, as one entry; none fit: undefined. */
  private enter(work: QueryWork, count: number): RunningQuery | undefined {
    const now = this.clock.now();
    this.advance(now);
    const room = this.constants.maxSlowdown * this.readMaxQueryTcu() + 1e-9 - this.demand();
    const admitted = Math.max(0, Math.min(count, Math.floor(room / work.parallelismTcu)));
    if (admitted === 0) return undefined;
    const entry = {
      id: this.nextId++,
      parallelismTcu: work.parallelismTcu,
      count: admitted,
      remainingTcuSeconds: work.tcuSeconds,
    };
    this.running.push(entry);
    this.allocate(now);
    return entry;
  }

  /** Whether the query's modelled work is still going on. */
  isRunning(ticket: QueryTicket): boolean {
    this.advance(this.clock.now());
    return this.running.some((query) => query.id === ticket.id);
  }

  /**
   * Resolves when the query's modelled work is done — the moment Timestream would answer it. The
   * estimate is taken again after each wait, as queries that arrive or finish meanwhile change the share.
   */
  async whenDone(ticket: QueryTicket): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      this.advance(now);
      const query = this.running.find((each) => each.id === ticket.id);
      if (!query) return;
      const seconds = query.remainingTcuSeconds / (query.parallelismTcu * this.share());
      await this.clock.sleep(Math.max(1, Math.ceil(seconds * 1000)));
      // A clock that sleeping does not move (a test's frozen clock) cannot pace anything.
      if (this.clock.now() === now) return;
    }
  }

  /** When the next running query finishes if nothing else arrives (for simulations in virtual time). */
  nextCompletionMs(): number | undefined {
    const now = this.clock.now();
    this.advance(now);
    const share = this.share();
    let soonest: number | undefined;
    for (const query of this.running) {
      const at = now + (query.remainingTcuSeconds / (query.parallelismTcu * share)) * 1000;
      soonest = soonest === undefined ? at : Math.min(soonest, at);
    }
    return soonest;
  }

  minuteStats(fromMs: number, toMs: number): MinuteTcu[] {
    this.advance(this.clock.now());
    const result: MinuteTcu[] = [];
    const first = Math.ceil(fromMs / MINUTE_MS);
    const end = Math.ceil(toMs / MINUTE_MS);
    if (end - first <= this.minutes.size) {
      // A short range (an alarm's evaluation window): look its minutes up.
      for (let minute = first; minute < end; minute += 1) {
        const stats = this.minutes.get(minute);
        if (stats) result.push({ minuteStartMs: minute * MINUTE_MS, min: stats[0], max: stats[1] });
      }
      return result;
    }
    for (const [minute, [min, max]] of this.minutes) {
      const start = minute * MINUTE_MS;
      if (start >= fromMs && start < toMs) result.push({ minuteStartMs: start, min, max });
    }
    return result.sort((a, b) => a.minuteStartMs - b.minuteStartMs);
  }

  tcuHours(fromMs: number, toMs: number): number {
    this.advance(this.clock.now());
    let seconds = 0;
    for (const [minute, billed] of this.billedSeconds) {
      const start = minute * MINUTE_MS;
      if (start >= fromMs && start < toMs) seconds += billed;
    }
    return seconds / 3600;
  }

  /** The recorded history (up to now). */
  history(): CapacityHistory {
    this.advance(this.clock.now());
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

  /**
   * Replaces the history of the minutes in [fromMs, toMs) with another model's (a workload replayed
   * in virtual time, `tcu-bot lab story`), so CloudWatch and Cost Explorer answer from it.
   */
  replaceHistory(history: CapacityHistory, fromMs: number, toMs: number): void {
    this.advance(this.clock.now());
    const inRange = (minute: number) => minute * MINUTE_MS >= fromMs && minute * MINUTE_MS < toMs;
    for (const minute of [...this.minutes.keys()]) if (inRange(minute)) this.minutes.delete(minute);
    for (const minute of [...this.billedSeconds.keys()]) if (inRange(minute)) this.billedSeconds.delete(minute);
    for (const [minute, min, max] of history.minutes) if (inRange(minute)) this.minutes.set(minute, [min, max]);
    for (const [minute, seconds] of history.billedSeconds) if (inRange(minute)) this.billedSeconds.set(minute, seconds);
  }

  private level(): number {
    return this.blocks.length * this.constants.tcuPerStep;
  }

  private demand(): number {
    let demand = 0;
    for (const query of this.running) demand += query.parallelismTcu * query.count;
    return demand;
  }

  /**
   * The share of its parallelism each running query gets: all of it, unless demand exceeds the
   * capacity queries may use — what is allocated, but never more than MaxQueryTCU (blocks allocated
   * before MaxQueryTCU was lowered stay until their minimum is served, unused).
   */
  private share(): number {
    const demand = this.demand();
    const usable = Math.min(this.level(), this.readMaxQueryTcu());
    return demand <= usable ? 1 : usable / demand;
  }

  /** Blocks that cover the demand, between one step and MaxQueryTCU (none when nothing runs). */
  private targetBlocks(): number {
    const demand = this.demand();
    if (demand <= 0) return 0;
    const step = this.constants.tcuPerStep;
    const most = Math.max(1, Math.floor(this.readMaxQueryTcu() / step));
    return Math.min(most, Math.max(1, Math.ceil(demand / step - 1e-9)));
  }

  /** Grows the allocation to the target at once; shrinks it only by blocks held their billing minimum. */
  private allocate(now: number): void {
    const before = this.level();
    const target = this.targetBlocks();
    while (this.blocks.length < target) this.blocks.push(now);
    const minimumMs = this.constants.minimumBilledSeconds * 1000;
    while (this.blocks.length > target && now - this.blocks[0]! >= minimumMs) this.blocks.shift();
    const after = this.level();
    if (after !== before) {
      this.noteLevel(now, before);
      this.noteLevel(now, after);
    }
  }

  /** Moves the model to `now`: queries progress, finish, and blocks are released, in order. */
  private advance(now: number): void {
    let time = this.lastMs;
    while (time < now) {
      let end = now;
      const share = this.share();
      for (const query of this.running) {
        end = Math.min(end, time + (query.remainingTcuSeconds / (query.parallelismTcu * share)) * 1000);
      }
      if (this.blocks.length > this.targetBlocks()) {
        end = Math.min(end, Math.max(time, this.blocks[0]! + this.constants.minimumBilledSeconds * 1000));
      }
      if (end <= time) end = time;
      this.account(time, end);
      const seconds = (end - time) / 1000;
      for (const query of this.running) query.remainingTcuSeconds -= query.parallelismTcu * share * seconds;
      this.running = this.running.filter(
        (query) => query.remainingTcuSeconds / (query.parallelismTcu * share) > DONE_SECONDS,
      );
      this.allocate(end);
      // A step that moved no time must have finished a query or released a block; else stop here.
      if (end === time && this.nothingDue(end)) break;
      time = end;
    }
    this.lastMs = Math.max(this.lastMs, now);
  }

  private nothingDue(now: number): boolean {
    const share = this.share();
    const queryDue = this.running.some(
      (query) => query.remainingTcuSeconds / (query.parallelismTcu * share) <= DONE_SECONDS,
    );
    const blockDue =
      this.blocks.length > this.targetBlocks() && now - this.blocks[0]! >= this.constants.minimumBilledSeconds * 1000;
    return !queryDue && !blockDue;
  }

  /** Bills the allocated capacity over [from, to) and notes it in each minute it spans. */
  private account(from: number, to: number): void {
    const level = this.level();
    if (level === 0 || to <= from) return;
    for (let minute = Math.floor(from / MINUTE_MS); minute * MINUTE_MS < to; minute += 1) {
      const overlap = Math.min(to, (minute + 1) * MINUTE_MS) - Math.max(from, minute * MINUTE_MS);
      this.billedSeconds.set(minute, (this.billedSeconds.get(minute) ?? 0) + (level * overlap) / 1000);
      this.noteLevel(minute * MINUTE_MS, level);
    }
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

  private forgetOldMinutes(currentMinute: number): void {
    if (this.minutes.size <= KEEP_MINUTES) return;
    for (const minute of this.minutes.keys()) if (minute < currentMinute - KEEP_MINUTES) this.minutes.delete(minute);
    for (const minute of this.billedSeconds.keys())
      if (minute < currentMinute - KEEP_MINUTES) this.billedSeconds.delete(minute);
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
