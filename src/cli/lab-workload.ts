/**
 * `tcu-bot lab setup|generate|run --workload F`: a team's own workload (a file, or a bundled one by
 * name) on the emulator or an account. `run` exits 0 when every threshold holds, 99 when one fails
 * (k6's convention), 1 on other errors, 2 on wrong usage.
 */
import { accessSync, constants, existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Config } from '../config.ts';
import { labTarget, monitorDeps } from '../deps.ts';
import { parseDuration } from '../lab/loadtest/config.ts';
import { loadWorkload } from '../lab/workload/bundled.ts';
import { WorkloadError } from '../lab/workload/read-workload.ts';
import { WorkloadRun } from '../lab/workload/run-workload.ts';
import { adviseWorkloadQueries } from '../lab/workload/workload-advice.ts';
import { workloadJson, workloadSummary } from '../lab/workload/workload-output.ts';
import { workloadReportHtml } from '../lab/workload/workload-report-html.ts';
import { generateWorkload, setupWorkload } from '../lab/workload/workload-tables.ts';
import type { Workload } from '../lab/workload/workload-schema.ts';
import { generationSummary } from './generation-summary.ts';
import {
  endProgress,
  generateWithProgress,
  logToStderr,
  onInterrupt,
  progressEveryMs,
  workloadProgressPrinter,
} from './progress.ts';
import { openTarget } from './target.ts';
import { UsageError } from './usage-error.ts';

/** `lab run`'s exit code when a threshold fails (k6 exits 99 the same way). */
export const THRESHOLD_FAILED_EXIT = 99;
/** `--time-factor`: at least a hundredth of the file's stage times, at most the file's own. */
const TIME_FACTOR = { min: 0.01, max: 1 } as const;

type Values = Partial<Record<string, string | boolean>>;
const text = (values: Values, name: string) => (typeof values[name] === 'string' ? values[name] : undefined);

function readWorkloadOption(values: Values): Workload {
  try {
    return loadWorkload(text(values, 'workload')!);
  } catch (error) {
    if (error instanceof WorkloadError) throw new UsageError(error.message);
    throw error;
  }
}

function timeFactor(values: Values): number {
  const raw = text(values, 'time-factor');
  if (raw === undefined) return 1;
  const value = Number(raw);
  if (!(value >= TIME_FACTOR.min && value <= TIME_FACTOR.max))
    throw new UsageError(`--time-factor must be from ${TIME_FACTOR.min} to ${TIME_FACTOR.max}, not ${raw}`);
  return value;
}

/** `--report FILE`: its folder must take a file, checked before the run (a report that cannot be written would lose it). */
function reportOption(values: Values): string | undefined {
  const path = text(values, 'report');
  if (path === undefined) return undefined;
  const folder = dirname(resolve(path));
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw new UsageError(`--report: cannot write into ${folder}`);
  }
  if (existsSync(path) && statSync(path).isDirectory()) throw new UsageError(`--report: ${path} is a folder`);
  return path;
}

function spanOption(values: Values): number | undefined {
  const raw = text(values, 'span');
  if (raw === undefined) return undefined;
  const ms = parseDuration(raw);
  if (ms === undefined || ms < 60_000) throw new UsageError(`--span must be a duration of at least 1m, not ${raw}`);
  return ms;
}

export async function workloadLabCommand(
  stage: string | undefined,
  values: Values,
  config: Config,
): Promise<{ output: string; code: number }> {
  if (stage !== 'setup' && stage !== 'generate' && stage !== 'run')
    throw new UsageError(`--workload goes with lab setup, generate or run${stage ? `, not ${stage}` : ''}`);
  const workload = readWorkloadOption(values);
  const json = values.json === true;
  const factor = timeFactor(values);
  const spanMs = spanOption(values);
  const reportPath = stage === 'run' ? reportOption(values) : undefined;
  const opened = await openTarget({ target: text(values, 'target'), endpoint: text(values, 'endpoint') });
  // --database runs the workload in another database than its file names (its queries are rewritten).
  const database = text(values, 'database') ?? workload.database;
  const target = await labTarget(config, { endpoint: opened.endpoint, database });
  process.stderr.write(`lab ${stage} --workload ${workload.name} on ${opened.description}, database ${database}\n`);
  try {
    if (stage === 'setup') {
      const report = await setupWorkload(target, workload, logToStderr);
      const lines = report.tables.map(
        (table) =>
          `${table.table}: ${table.created ? 'created' : 'exists'}, memory ${table.memoryHours} h${table.partitionKey ? `, partition key ${table.partitionKey}` : ''}`,
      );
      return { code: 0, output: json ? JSON.stringify(report, null, 2) : lines.join('\n') };
    }
    if (stage === 'generate') {
      const checkpointPath =
        text(values, 'checkpoint') ??
        join(dirname(config.lab.checkpointPath), `workload-${workload.name}.checkpoint.json`);
      const report = await generateWithProgress(json, (controls) =>
        generateWorkload(target, workload, {
          ...(spanMs === undefined ? {} : { spanMs }),
          resume: values.resume === true,
          checkpointPath,
          ...controls,
        }),
      );
      const ok = report.status === 'complete' && report.validation?.isComplete === true;
      return {
        code: ok ? 0 : 1,
        output: json
          ? JSON.stringify(report, null, 2)
          : generationSummary(report, `tcu-bot lab run --workload ${text(values, 'workload')}`),
      };
    }
    const monitor = await monitorDeps(config, { endpoint: opened.endpoint });
    const run = new WorkloadRun(workload, {
      target,
      tcu: monitor.tcu,
      timeFactor: factor,
      ...(json ? {} : { onProgress: workloadProgressPrinter(), progressEveryMs: progressEveryMs() }),
    });
    const release = onInterrupt(() => run.stop());
    const result = await run.run().finally(release);
    if (!json) endProgress();
    if (reportPath) {
      writeFileSync(reportPath, workloadReportHtml(result, adviseWorkloadQueries(workload)));
      process.stderr.write(`report written to ${reportPath}\n`);
    }
    return {
      code: result.ok ? 0 : THRESHOLD_FAILED_EXIT,
      output: json ? JSON.stringify(workloadJson(result), null, 2) : workloadSummary(result),
    };
  } finally {
    target.clients.write.destroy();
    target.clients.query.destroy();
    await opened.close();
  }
}
