/**
 * Writes a generation plan, whoever made it (the case study's four tables or a workload file's):
 * 100-record MULTI batches with CommonAttributes, several calls in flight, every record checked
 * before it is sent, rejections logged one by one while the run goes on, throttles and 5xx retried
 * with backoff and jitter, and a checkpoint so `--resume` after a crash writes exactly the rest.
 */
import type { _Record } from '@aws-sdk/client-timestream-write';
import { fromRanges, readCheckpoint, toRanges, writeCheckpoint, type Checkpoint } from './checkpoint.ts';
import type { LabLog, LabTarget } from './lab-target.ts';
import type { DataWindow } from './scenario.ts';
import { GenerationError, writeWithRetry } from './write-batch.ts';

/** One WriteRecords call: its table, the attributes its records share, and the records. */
export interface WriteBatch {
  readonly index: number;
  readonly table: string;
  readonly common: _Record;
  readonly records: _Record[];
}

/** Every call of a run, numbered: batch i is always the same records, which makes `--resume` exact. */
export interface DataPlan<B extends WriteBatch = WriteBatch> {
  readonly totalBatches: number;
  readonly totalRecords: number;
  readonly recordsPerTable: Readonly<Record<string, number>>;
  batch(index: number): B;
}

/** Why a record of the batch's table is not sent (undefined: it may be). */
export type RecordCheck = (record: _Record, batch: WriteBatch, nowMs: number) => string | undefined;

export interface WritePlanOptions<B extends WriteBatch> {
  /** Which data the checkpoint is of: a resume of other data is refused. */
  readonly source: string;
  readonly scale: number;
  readonly seed: number;
  readonly window: DataWindow;
  readonly plan: DataPlan<B>;
  readonly check: RecordCheck;
  readonly checkpointPath: string;
  /** Batches finished by the run being resumed. */
  readonly doneBefore: ReadonlySet<number>;
  readonly inFlight?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: GenerateProgress) => void;
  readonly progressEveryMs?: number;
  readonly log?: LabLog;
  readonly maxRetries?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Changes a batch before it is checked and sent (tests inject bad records with it). */
  readonly tamper?: (batch: B) => B;
}

/** How any generation run is driven and observed, whatever data it writes. */
export type WriterControls = Pick<
  WritePlanOptions<WriteBatch>,
  'inFlight' | 'signal' | 'onProgress' | 'progressEveryMs' | 'log' | 'maxRetries' | 'now' | 'sleep'
>;

export interface GenerateProgress {
  readonly batchesDone: number;
  readonly batchesTotal: number;
  readonly recordsWritten: number;
  readonly recordsRejected: number;
  readonly recordsPerSecond: number;
  readonly etaSeconds: number | undefined;
}

export interface WriteOutcome {
  readonly status: 'complete' | 'stopped';
  readonly batchesWrittenThisRun: number;
  readonly written: number;
  readonly rejectedBeforeSending: number;
  readonly rejectedByService: number;
  readonly perTable: Readonly<Record<string, number>>;
  readonly retries: number;
  readonly seconds: number;
}

/** The checkpoint to resume from, refused when it is of another database or other data. */
export function resumableCheckpoint(
  path: string,
  resume: boolean | undefined,
  database: string,
  source: string,
): Checkpoint | undefined {
  if (!resume) return undefined;
  const previous = readCheckpoint(path);
  if (!previous) throw new GenerationError(`nothing to resume: no checkpoint at ${path}`);
  if (previous.database !== database)
    throw new GenerationError(`the checkpoint belongs to database ${previous.database}, not ${database}`);
  const previousSource = previous.source ?? 'case-study';
  if (previousSource !== source)
    throw new GenerationError(`the checkpoint is of ${previousSource}, not ${source}: generate it afresh`);
  return previous;
}

export const doneIn = (checkpoint: Checkpoint | undefined): Set<number> =>
  checkpoint ? fromRanges(checkpoint.done) : new Set<number>();

export async function writePlan<B extends WriteBatch>(
  target: LabTarget,
  options: WritePlanOptions<B>,
): Promise<WriteOutcome> {
  const { plan } = options;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const log = options.log ?? (() => undefined);
  const done = new Set(options.doneBefore);
  const save = () =>
    writeCheckpoint(options.checkpointPath, {
      version: 1,
      source: options.source,
      database: target.database,
      scale: options.scale,
      seed: options.seed,
      window: options.window,
      totalBatches: plan.totalBatches,
      done: toRanges(done),
    } satisfies Checkpoint);
  save();

  const pending = [...Array(plan.totalBatches).keys()].filter((index) => !done.has(index));
  const counts = { written: 0, rejectedBeforeSending: 0, rejectedByService: 0, retries: 0, batches: 0 };
  const perTable: Record<string, number> = {};
  const started = now();
  let lastProgress = started;
  let lastSave = started;
  const progress = (force = false) => {
    const at = now();
    if (!force && at - lastProgress < (options.progressEveryMs ?? 1000)) return;
    lastProgress = at;
    const seconds = Math.max(0.001, (at - started) / 1000);
    const rate = counts.written / seconds;
    const remainingRecords = plan.totalRecords * (1 - done.size / plan.totalBatches);
    options.onProgress?.({
      batchesDone: done.size,
      batchesTotal: plan.totalBatches,
      recordsWritten: counts.written,
      recordsRejected: counts.rejectedBeforeSending + counts.rejectedByService,
      recordsPerSecond: Math.round(rate),
      etaSeconds: rate > 0 ? Math.round(remainingRecords / rate) : undefined,
    });
  };

  let cursor = 0;
  const worker = async () => {
    while (cursor < pending.length && !options.signal?.aborted) {
      const index = pending[cursor++]!;
      const batch = (options.tamper ?? ((unchanged: B) => unchanged))(plan.batch(index));
      const valid: { index: number; record: _Record }[] = [];
      batch.records.forEach((record, recordIndex) => {
        const reason = options.check(record, batch, now());
        if (reason === undefined) valid.push({ index: recordIndex, record });
        else {
          counts.rejectedBeforeSending += 1;
          log({
            level: 'warn',
            message: 'record rejected before sending',
            batch: index,
            table: batch.table,
            recordIndex,
            reason,
          });
        }
      });
      if (valid.length > 0) {
        const outcome = await writeWithRetry(
          target,
          batch,
          valid.map((entry) => entry.record),
          options.maxRetries ?? 8,
          sleep,
          (attempt, error) => {
            counts.retries += 1;
            log({ level: 'warn', message: 'write retried', batch: index, attempt, error });
          },
        );
        for (const rejection of outcome.rejected) {
          counts.rejectedByService += 1;
          // The service numbers the records it was sent; report the batch's own numbering.
          const recordIndex = valid[rejection.index]?.index ?? rejection.index;
          log({
            level: 'warn',
            message: 'record rejected by Timestream',
            batch: index,
            table: batch.table,
            recordIndex,
            reason: rejection.reason,
            existingVersion: rejection.existingVersion,
          });
        }
        counts.written += outcome.written;
        perTable[batch.table] = (perTable[batch.table] ?? 0) + outcome.written;
      }
      done.add(index);
      counts.batches += 1;
      if (now() - lastSave >= 200) {
        save();
        lastSave = now();
      }
      progress();
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, options.inFlight ?? 8) }, worker));
  } finally {
    save();
  }
  progress(true);
  const status = done.size === plan.totalBatches ? 'complete' : 'stopped';
  log({ level: 'info', message: `generation ${status}`, batches: done.size, of: plan.totalBatches });
  return {
    status,
    batchesWrittenThisRun: counts.batches,
    written: counts.written,
    rejectedBeforeSending: counts.rejectedBeforeSending,
    rejectedByService: counts.rejectedByService,
    perTable,
    retries: counts.retries,
    seconds: (now() - started) / 1000,
  };
}

/** Time inside [oldest, newest]: what Timestream's memory store accepts (retention behind, 15 min ahead). */
export function timeCheck(window: DataWindow, memoryRetentionHours: (table: string) => number): RecordCheck {
  const FUTURE_WINDOW_MS = 15 * 60_000;
  return (record, batch, nowMs) => {
    const oldest = Math.max(window.startMs, nowMs - memoryRetentionHours(batch.table) * 3600_000);
    const newest = Math.min(window.endMs, nowMs + FUTURE_WINDOW_MS);
    const time = Number(record.Time ?? batch.common.Time);
    if (!Number.isFinite(time) || time < oldest || time > newest)
      return `time ${new Date(time).toISOString()} is outside [${new Date(oldest).toISOString()}, ${new Date(newest).toISOString()}]`;
    return undefined;
  };
}
