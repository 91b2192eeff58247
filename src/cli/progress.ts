/**
 * Long CLI work shows where it is on stderr (stdout keeps the report alone): a line redrawn in place
 * on a terminal, plain lines otherwise (logs, CI), nothing with --json. Ctrl-C once stops the work
 * gracefully so its report still prints; a second Ctrl-C quits at once.
 */
import type { LabEvent } from '../lab/lab-target.ts';
import type { GenerateProgress } from '../lab/write-plan.ts';
import type { LoadTestProgress } from '../lab/loadtest/load-test.ts';
import type { WorkloadProgress } from '../lab/workload/run-workload.ts';
import { formatDuration } from '../shared/time-format.ts';

const isTerminal = () => process.stderr.isTTY === true;

function show(line: string): void {
  if (isTerminal()) process.stderr.write(`\r${line.padEnd(100)}`);
  else process.stderr.write(`${line}\n`);
}

/** Ends a redrawn line so what follows starts on its own. */
export function endProgress(): void {
  if (isTerminal()) process.stderr.write('\n');
}

/** `lab generate`: a bar on a terminal; off one, a line every 10 %. */
export function generationProgressPrinter(): (progress: GenerateProgress) => void {
  let lastTenth = -1;
  return (progress) => {
    const share = progress.batchesDone / Math.max(1, progress.batchesTotal);
    const figures = `${progress.recordsWritten.toLocaleString('en')} records · ${progress.recordsPerSecond.toLocaleString('en')}/s`;
    const eta = progress.etaSeconds === undefined ? '' : ` · ${formatDuration(progress.etaSeconds * 1000)} to go`;
    if (isTerminal()) {
      show(`[${'#'.repeat(Math.round(share * 30)).padEnd(30, '-')}] ${Math.floor(share * 100)}% · ${figures}${eta}`);
      return;
    }
    const tenth = Math.floor(share * 10);
    if (tenth === lastTenth) return;
    lastTenth = tenth;
    show(`generate: ${tenth * 10}% · ${figures}${eta}`);
  };
}

/** `lab loadtest`: elapsed of total, queries started, succeeded, p95 of the last interval, throttles. */
export function loadTestProgressPrinter(): (progress: LoadTestProgress) => void {
  return (progress) => {
    const { totals, recent } = progress;
    const p95 = (['sql1', 'sql2'] as const)
      .map((query) => `${query} p95 ${recent[query].p95Ms === null ? '—' : `${Math.round(recent[query].p95Ms)} ms`}`)
      .join(' · ');
    show(
      `loadtest: ${progress.elapsedSeconds}/${progress.durationSeconds} s · ${totals.started} started · ${totals.succeeded} ok · ${totals.throttled} throttled · ${totals.failed} failed · ${p95}`,
    );
  };
}

/** How often the CLI asks for progress: every second on a terminal, every 10 s in a log. */
export function progressEveryMs(): number {
  return isTerminal() ? 1000 : 10_000;
}

/**
 * Ctrl-C once calls `stop` (the work ends gracefully and its report prints); twice exits at once
 * with 130. Returns the function that removes the handler.
 */
export function onInterrupt(stop: () => void): () => void {
  let count = 0;
  const handler = () => {
    count += 1;
    if (count > 1) process.exit(130);
    endProgress();
    process.stderr.write('stopping: finishing what is in flight, then the report (Ctrl-C again quits now)\n');
    stop();
  };
  process.on('SIGINT', handler);
  return () => process.off('SIGINT', handler);
}

/** `lab run --workload`: elapsed of total, arrivals, in flight, p95 of the last interval, throttles, QueryTCU now. */
export function workloadProgressPrinter(): (progress: WorkloadProgress) => void {
  return (progress) => {
    const seconds = (ms: number) => `${Math.round(ms / 1000)}`;
    show(
      `run: ${seconds(progress.elapsedMs)}/${seconds(progress.totalMs)} s · ${progress.arrivals} arrivals · ${progress.inFlight} in flight · p95 ${progress.p95Ms === null ? '—' : `${Math.round(progress.p95Ms)} ms`} · ${progress.throttled} throttled · TCU now ${progress.tcuNow ?? '—'}`,
    );
  };
}

/** The lab's warnings and errors as JSON lines on stderr (stdout keeps the report alone). */
export function logToStderr(event: LabEvent): void {
  if (event.level !== 'info') process.stderr.write(`${JSON.stringify(event)}\n`);
}

/**
 * A data generation from the CLI: Ctrl-C stops it gracefully (what is in flight finishes and is
 * checkpointed), a progress bar unless the output is JSON.
 */
export async function generateWithProgress<R>(
  json: boolean,
  generate: (controls: {
    signal: AbortSignal;
    onProgress: ((progress: GenerateProgress) => void) | undefined;
    log: (event: LabEvent) => void;
  }) => Promise<R>,
): Promise<R> {
  const stop = new AbortController();
  const release = onInterrupt(() => stop.abort());
  try {
    return await generate({
      signal: stop.signal,
      onProgress: json ? undefined : generationProgressPrinter(),
      log: logToStderr,
    });
  } finally {
    release();
    if (!json) endProgress();
  }
}
