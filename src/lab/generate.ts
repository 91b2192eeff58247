/**
 * `lab generate`: the case study's data into all four tables, done better than its 15 records/s —
 * the shared writer (write-plan.ts: batching, checks, retries, checkpoint and resume) over the case
 * study's plan, with its own check (value > 0) and its own validation at the end.
 */
import { planGeneration, type Batch } from './batches.ts';
import { checkRegion, type LabTarget } from './lab-target.ts';
import { dataWindowAt, type DataWindow } from './scenario.ts';
import { MEMORY_RETENTION_HOURS } from './setup.ts';
import { validateGeneratedData, type DataValidation } from './validate.ts';
import {
  doneIn,
  resumableCheckpoint,
  timeCheck,
  writePlan,
  type RecordCheck,
  type WriteOutcome,
  type WriterControls,
} from './write-plan.ts';

export interface GenerateOptions extends WriterControls {
  readonly scale?: number;
  /** Minutes of data per device and metric (default 720 = 12 hours). */
  readonly spanMinutes?: number;
  readonly seed?: number;
  readonly checkpointPath: string;
  readonly resume?: boolean;
  /** Changes a batch before it is checked and sent (tests inject bad records with it). */
  readonly tamper?: (batch: Batch) => Batch;
  /** Skip the row counts at the end (a resumed run validates once it is complete). */
  readonly skipValidation?: boolean;
}

/** What a generation run did, for the case study and for workload files alike. */
export interface GenerationReport<V = DataValidation> {
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
  readonly validation: V | undefined;
}

const CASE_STUDY = 'case-study';

export async function generateLab(target: LabTarget, options: GenerateOptions): Promise<GenerationReport> {
  checkRegion(target);
  const now = options.now ?? Date.now;
  const previous = resumableCheckpoint(options.checkpointPath, options.resume, target.database, CASE_STUDY);
  const scale = previous?.scale ?? options.scale ?? 1;
  const seed = previous?.seed ?? options.seed ?? 42;
  const window: DataWindow = previous?.window ?? dataWindowAt(now(), options.spanMinutes);
  const plan = planGeneration(scale, window, seed);
  const doneBefore = doneIn(previous);
  const outcome = await writePlan(target, {
    ...options,
    source: CASE_STUDY,
    scale,
    seed,
    window,
    plan,
    check: caseStudyCheck(window),
    doneBefore,
  });
  return {
    ...generationReport(target.database, scale, seed, window, plan, doneBefore.size, outcome),
    validation:
      outcome.status === 'complete' && !options.skipValidation
        ? await validateGeneratedData(target, plan.recordsPerTable, scale, window)
        : undefined,
  };
}

/** The report's figures, without the validation (each kind of data checks itself). */
export function generationReport(
  database: string,
  scale: number,
  seed: number,
  window: DataWindow,
  plan: { totalBatches: number; totalRecords: number },
  doneBefore: number,
  outcome: WriteOutcome,
): Omit<GenerationReport<never>, 'validation'> {
  return {
    status: outcome.status,
    database,
    scale,
    seed,
    window: { start: new Date(window.startMs).toISOString(), end: new Date(window.endMs).toISOString() },
    batches: { total: plan.totalBatches, writtenThisRun: outcome.batchesWrittenThisRun, doneBefore },
    records: {
      planned: plan.totalRecords,
      written: outcome.written,
      rejectedBeforeSending: outcome.rejectedBeforeSending,
      rejectedByService: outcome.rejectedByService,
    },
    perTable: outcome.perTable,
    retries: outcome.retries,
    seconds: Math.round(outcome.seconds * 100) / 100,
    recordsPerSecond: Math.round(outcome.written / Math.max(outcome.seconds, 0.001)),
  };
}

/** The checks the case study's tool skipped: time inside the data window and the retention, value > 0. */
function caseStudyCheck(window: DataWindow): RecordCheck {
  const inTime = timeCheck(window, () => MEMORY_RETENTION_HOURS);
  return (record, batch, nowMs) => {
    const late = inTime(record, batch, nowMs);
    if (late) return late;
    const value = record.MeasureValues?.find((measure) => measure.Name === 'value')?.Value;
    return value !== undefined && !(Number(value) > 0) ? `value ${value} is not > 0` : undefined;
  };
}
