/**
 * `lab generate`: the case study's data into all four tables, done better than its 15 records/s —
 * 100-record MULTI batches with CommonAttributes, several calls in flight, every record checked before
 * it is sent (time inside the window and the retention, value > 0), rejections logged one by one while
 * the run goes on, throttles and 5xx retried with backoff and jitter, and a checkpoint so `--resume`
 * after a crash writes exactly the rest.
 */
import { RejectedRecordsException, WriteRecordsCommand, type _Record } from '@aws-sdk/client-timestream-write';
import { backoffDelayMs } from '../shared/backoff.ts';
import { planGeneration, type Batch } from './batches.ts';
import { fromRanges, readCheckpoint, toRanges, writeCheckpoint, type Checkpoint } from './checkpoint.ts';
import { checkRegion, type LabLog, type LabTarget } from './lab-target.ts';
import { dataWindowAt, type DataWindow, type TableName } from './scenario.ts';
import { MEMORY_RETENTION_HOURS } from './setup.ts';
import { validateGeneratedData, type DataValidation } from './validate.ts';

const FUTURE_WINDOW_MS = 15 * 60_000;
const RETRYABLE = new Set([
  'ThrottlingException',
  'InternalServerException',
  'ServiceUnavailableException',
  'TimeoutError',
  'RequestTimeout',
]);

export interface GenerateOptions {
  readonly scale?: number;
  /** Minutes of data per device and metric (default 720 = 12 hours). */
  readonly spanMinutes?: number;
  readonly seed?: number;
  readonly inFlight?: number;
  readonly checkpointPath: string;
  readonly resume?: boolean;
  /** Aborting stops starting batches; those in flight finish and are checkpointed. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: GenerateProgress) => void;
  readonly progressEveryMs?: number;
  readonly log?: LabLog;
  readonly maxRetries?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Changes a batch before it is checked and sent (tests inject bad records with it). */
  readonly tamper?: (batch: Batch) => Batch;
  /** Skip the row counts at the end (a resumed run validates once it is complete). */
  readonly skipValidation?: boolean;
}

export interface GenerateProgress {
  readonly batchesDone: number;
  readonly batchesTotal: number;
  readonly recordsWritten: number;
  readonly recordsRejected: number;
  readonly recordsPerSecond: number;
  readonly etaSeconds: number | undefined;
}

export interface GenerationReport {
  readonly status: 'complete' | 'stopped';
  readonly database: string;
  readonly scale: number;
  readonly seed: number;
  readonly window: { readonly start: string; readonly end: string };
  readonly batches: { readonly total: number; readonly writtenThisRun: number; readonly doneBefore: number };
  readonly records: {
    readonly planned: number;
    readonly written: number;
    readonly rejectedBeforeSending: number;
    readonly rejectedByService: number;
  };
  readonly perTable: Readonly<Record<string, number>>;
  readonly retries: number;
  readonly seconds: number;
  readonly recordsPerSecond: number;
  readonly validation: DataValidation | undefined;
}

export class GenerationError extends Error {
  override name = 'GenerationError';
}

export async function generateLab(target: LabTarget, options: GenerateOptions): Promise<GenerationReport> {
  checkRegion(target);
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const log = options.log ?? (() => undefined);
  const previous = options.resume ? readCheckpoint(options.checkpointPath) : undefined;
  if (options.resume && !previous)
    throw new GenerationError(`nothing to resume: no checkpoint at ${options.checkpointPath}`);
  if (previous && previous.database !== target.database)
    throw new GenerationError(`the checkpoint belongs to database ${previous.database}, not ${target.database}`);
  const scale = previous?.scale ?? options.scale ?? 1;
  const seed = previous?.seed ?? options.seed ?? 42;
  const window: DataWindow = previous?.window ?? dataWindowAt(now(), options.spanMinutes);
  const plan = planGeneration(scale, window, seed);
  const done = previous ? fromRanges(previous.done) : new Set<number>();
  const doneBefore = done.size;
  const save = () =>
    writeCheckpoint(options.checkpointPath, {
      version: 1,
      database: target.database,
      scale,
      seed,
      window,
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
      const batch = (options.tamper ?? ((unchanged: Batch) => unchanged))(plan.batch(index));
      const { valid, rejected } = checkBatch(batch, window, now());
      for (const rejection of rejected) {
        counts.rejectedBeforeSending += 1;
        log({
          level: 'warn',
          message: 'record rejected before sending',
          batch: index,
          table: batch.table,
          recordIndex: rejection.index,
          reason: rejection.reason,
        });
      }
      if (valid.length > 0) {
        const outcome = await writeWithRetry(
          target,
          batch.table,
          batch.common,
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
  const seconds = (now() - started) / 1000;
  const status = done.size === plan.totalBatches ? 'complete' : 'stopped';
  log({
    level: 'info',
    message: `generation ${status}`,
    batches: done.size,
    of: plan.totalBatches,
    records: counts.written,
  });
  return {
    status,
    database: target.database,
    scale,
    seed,
    window: { start: new Date(window.startMs).toISOString(), end: new Date(window.endMs).toISOString() },
    batches: { total: plan.totalBatches, writtenThisRun: counts.batches, doneBefore },
    records: {
      planned: plan.totalRecords,
      written: counts.written,
      rejectedBeforeSending: counts.rejectedBeforeSending,
      rejectedByService: counts.rejectedByService,
    },
    perTable,
    retries: counts.retries,
    seconds: Math.round(seconds * 100) / 100,
    recordsPerSecond: Math.round(counts.written / Math.max(seconds, 0.001)),
    validation:
      status === 'complete' && !options.skipValidation
        ? await validateGeneratedData(target, plan.recordsPerTable, scale, window)
        : undefined,
  };
}

interface LocalRejection {
  readonly index: number;
  readonly reason: string;
}

/** The checks the case study's tool skipped: time inside the data window and the retention, value > 0. */
export function checkBatch(
  batch: Batch,
  window: DataWindow,
  nowMs: number,
): { valid: { index: number; record: _Record }[]; rejected: LocalRejection[] } {
  const oldest = Math.max(window.startMs, nowMs - MEMORY_RETENTION_HOURS * 3600_000);
  const newest = Math.min(window.endMs, nowMs + FUTURE_WINDOW_MS);
  const valid: { index: number; record: _Record }[] = [];
  const rejected: LocalRejection[] = [];
  batch.records.forEach((record, index) => {
    const time = Number(record.Time ?? batch.common.Time);
    const value = record.MeasureValues?.find((measure) => measure.Name === 'value')?.Value;
    if (!Number.isFinite(time) || time < oldest || time > newest) {
      rejected.push({
        index,
        reason: `time ${new Date(time).toISOString()} is outside [${new Date(oldest).toISOString()}, ${new Date(newest).toISOString()}]`,
      });
    } else if (value !== undefined && !(Number(value) > 0)) {
      rejected.push({ index, reason: `value ${value} is not > 0` });
    } else valid.push({ index, record });
  });
  return { valid, rejected };
}

async function writeWithRetry(
  target: LabTarget,
  table: TableName,
  common: _Record,
  records: _Record[],
  maxRetries: number,
  sleep: (ms: number) => Promise<void>,
  onRetry: (attempt: number, error: string) => void,
): Promise<{ written: number; rejected: { index: number; reason: string; existingVersion: number | undefined }[] }> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const result = await target.clients.write.send(
        new WriteRecordsCommand({
          DatabaseName: target.database,
          TableName: table,
          CommonAttributes: common,
          Records: records,
        }),
      );
      return { written: result.RecordsIngested?.Total ?? records.length, rejected: [] };
    } catch (error) {
      if (error instanceof RejectedRecordsException || (error as Error).name === 'RejectedRecordsException') {
        const rejected = ((error as RejectedRecordsException).RejectedRecords ?? []).map((record) => ({
          index: record.RecordIndex ?? -1,
          reason: record.Reason ?? 'no reason given',
          existingVersion: record.ExistingVersion,
        }));
        return { written: records.length - rejected.length, rejected };
      }
      const name = (error as Error).name;
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0;
      if ((!RETRYABLE.has(name) && status < 500) || attempt > maxRetries) {
        // The usual first-run mistake: the tables are not there yet.
        const hint = name === 'ResourceNotFoundException' ? ' Run `tcu-bot lab setup` (or /setup) first.' : '';
        throw new GenerationError(
          `WriteRecords to ${table} failed after ${attempt} attempt(s): ${name}: ${(error as Error).message}${hint}`,
        );
      }
      onRetry(attempt, `${name} ${status}`);
      await sleep(backoffDelayMs(attempt, 100, 10_000));
    }
  }
}
