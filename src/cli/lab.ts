/**
 * `tcu-bot lab setup|generate|loadtest|compare [--target local|aws] [--endpoint URL] [--database D] [--json]`:
 * the case-study lab from a terminal. generate shows a progress bar on a terminal; every stage prints
 * Markdown, or JSON with --json.
 */
import { writeFileSync } from 'node:fs';
import type { Config } from '../config.ts';
import { calibrate, calibratedProfile } from '../lab/calibrate.ts';
import { storyCommand } from './lab-story.ts';
import { noticeText } from './notice-text.ts';
import { compareNotice } from '../lab/lab-notices.ts';
import { compareJson, compareWorkloads } from '../lab/workload-compare.ts';
import { systemClock } from '../shared/clock.ts';
import { findDataWindow } from '../lab/data-window.ts';
import { generateLab } from '../lab/generate.ts';
import { OPTIMIZE_WORKLOAD, parseJobOptions } from '../jobs/job-options.ts';
import { describeLoadTest, LOAD_TEST_KEYS, parseDuration, type LoadTestInput } from '../lab/loadtest/config.ts';
import { LoadTest } from '../lab/loadtest/load-test.ts';
import { loadTestMarkdown } from '../lab/loadtest/report.ts';
import { setupLab } from '../lab/setup.ts';
import { labTarget, monitorDeps } from '../deps.ts';
import { openTarget } from './target.ts';
import { generationSummary } from './generation-summary.ts';
import {
  endProgress,
  generateWithProgress,
  loadTestProgressPrinter,
  logToStderr,
  onInterrupt,
  progressEveryMs,
} from './progress.ts';
import { UsageError } from './usage-error.ts';

export type LabValues = Partial<Record<string, string | boolean>>;

/** Which job's settings each stage takes. */
const STAGE_JOB = { setup: 'setup', generate: 'datagen', loadtest: 'loadtest', compare: 'optimize' } as const;

const text = (values: LabValues, name: string) => (typeof values[name] === 'string' ? values[name] : undefined);
const number = (values: LabValues, name: string, fallback: number) => {
  const raw = text(values, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!(value > 0)) throw new UsageError(`--${name} must be a number above 0, not ${raw}`);
  return value;
};

/** `lab calibrate [--users 28] [--duration 60s] [--out FILE]`: a profile fitted to the target account. */
async function calibrateCommand(values: LabValues, config: Config): Promise<{ output: string; ok: boolean }> {
  const users = Number(text(values, 'users') ?? 28);
  if (!Number.isInteger(users) || users < 1 || users > config.lab.maxWorkers)
    throw new UsageError(
      `--users must be a whole number from 1 to ${config.lab.maxWorkers}, not ${text(values, 'users')}`,
    );
  const durationText = text(values, 'duration') ?? '60s';
  const durationMs = parseDuration(durationText) ?? 0;
  if (durationMs < 10_000 || durationMs > 5 * 60_000)
    throw new UsageError(`--duration must be from 10s to 5m, with its unit, not ${durationText}`);
  const opened = await openTarget({ target: text(values, 'target'), endpoint: text(values, 'endpoint') });
  const target = await labTarget(config, { endpoint: opened.endpoint, database: text(values, 'database') });
  try {
    const checkpointPath = text(values, 'checkpoint') ?? config.lab.checkpointPath;
    const window = await findDataWindow(target, checkpointPath);
    const monitor = await monitorDeps(config, { endpoint: opened.endpoint });
    if (!monitor.tcu) throw new UsageError('lab calibrate needs QueryTCU (CloudWatch) for the target');
    process.stderr.write(`lab calibrate on ${opened.description}: ${users} users, ${durationText} per query\n`);
    const result = await calibrate(
      { users, durationMs },
      {
        target,
        window,
        tcu: monitor.tcu,
        clock: systemClock,
        onPoint: (point) =>
          process.stderr.write(
            `${point.query}: ${point.queriesPerSecond.toFixed(1)} QPS at ${point.tcu} TCU → ${point.tcuSecondsPerQuery.toFixed(4)} TCU-s each\n`,
          ),
      },
    );
    const profile = calibratedProfile(result, opened.description, new Date().toISOString());
    const json = `${JSON.stringify(profile, null, 2)}\n`;
    const out = text(values, 'out');
    if (out) writeFileSync(out, json);
    return { ok: true, output: out ? `profile written to ${out}` : json.trimEnd() };
  } finally {
    target.clients.write.destroy();
    target.clients.query.destroy();
    await opened.close();
  }
}

/** A notice as terminal text: title, one line per fact, footer. */

/** Runs one lab stage; returns the text to print and whether it succeeded. */
export async function labCommand(
  stage: string | undefined,
  values: LabValues,
  config: Config,
): Promise<{ output: string; ok: boolean }> {
  if (!stage || !['setup', 'generate', 'loadtest', 'compare', 'calibrate', 'story'].includes(stage))
    throw new UsageError(
      `lab needs a stage: setup, generate, loadtest, compare, calibrate or story${stage ? `, not ${stage}` : ''}`,
    );
  if (stage === 'calibrate') return calibrateCommand(values, config);
  if (stage === 'story') return storyCommand(values, config);
  const json = values.json === true;
  const checkpointPath = text(values, 'checkpoint') ?? config.lab.checkpointPath;
  const loadInput: LoadTestInput = {};
  if (stage === 'loadtest') {
    for (const key of LOAD_TEST_KEYS) {
      const value = text(
        values,
        key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`),
      );
      if (value !== undefined) loadInput[key] = value;
    }
  }
  // The same typed settings, with the same caps and wording, as the chat commands' jobs.
  const input: Record<string, string> = stage === 'loadtest' ? { ...loadInput } : {};
  const flagsOf: Record<string, readonly [flag: string, option: string][]> = {
    generate: [['scale', 'scale']],
    compare: [
      ['rate', 'rate'],
      ['duration', 'duration'],
      ['max-query-tcu', 'maxquerytcu'],
    ],
  };
  for (const [flag, option] of flagsOf[stage] ?? []) {
    const value = text(values, flag);
    if (value !== undefined) input[option] = value;
  }
  const parsed = parseJobOptions(STAGE_JOB[stage as keyof typeof STAGE_JOB], input, config.lab);
  if (!parsed.ok) throw new UsageError(parsed.problems('en').join('; '));
  const { request } = parsed;

  const opened = await openTarget({ target: text(values, 'target'), endpoint: text(values, 'endpoint') });
  const target = await labTarget(config, { endpoint: opened.endpoint, database: text(values, 'database') });
  process.stderr.write(`lab ${stage} on ${opened.description}, database ${target.database}\n`);
  try {
    switch (stage) {
      case 'setup': {
        const report = await setupLab(target, logToStderr);
        return {
          ok: true,
          output: json
            ? JSON.stringify(report, null, 2)
            : report.tables
                .map(
                  (table) =>
                    `${table.table}: ${table.created ? 'created' : 'exists'}, memory ${table.memoryHours} h, ${table.columns.length} columns`,
                )
                .join('\n'),
        };
      }
      case 'generate': {
        const report = await generateWithProgress(json, (controls) =>
          generateLab(target, {
            scale: request.kind === 'datagen' ? request.options.scale : 1,
            spanMinutes: number(values, 'span-minutes', 720),
            inFlight: number(values, 'in-flight', 8),
            resume: values.resume === true,
            checkpointPath,
            ...controls,
          }),
        );
        const ok = report.status === 'complete' && report.validation?.isComplete === true;
        return { ok, output: json ? JSON.stringify(report, null, 2) : generationSummary(report) };
      }
      case 'loadtest': {
        if (request.kind !== 'loadtest' || 'workload' in request.options)
          throw new UsageError('invalid load test (a workload runs with lab run --workload)');
        const loadConfig = { config: request.options };
        const window = await findDataWindow(target, checkpointPath);
        const monitor = await monitorDeps(config, { endpoint: opened.endpoint });
        process.stderr.write(`${describeLoadTest(loadConfig.config)}\n`);
        const test = new LoadTest(loadConfig.config, {
          target,
          window,
          tcu: monitor.tcu,
          ...(json ? {} : { onProgress: loadTestProgressPrinter(), progressEveryMs: progressEveryMs() }),
        });
        const release = onInterrupt(() => test.stop('stop'));
        const result = await test.run().finally(release);
        if (!json) endProgress();
        return { ok: true, output: json ? JSON.stringify(result, null, 2) : loadTestMarkdown(result) };
      }
      default: {
        if (request.kind !== 'optimize') throw new UsageError('invalid comparison');
        const window = await findDataWindow(target, checkpointPath);
        const monitor = await monitorDeps(config, { endpoint: opened.endpoint });
        if (!monitor.tcu) throw new UsageError('lab compare needs QueryTCU (CloudWatch) for the target');
        const stop = new AbortController();
        const release = onInterrupt(() => stop.abort(new Error('comparison stopped (Ctrl-C)')));
        const report = await compareWorkloads(
          {
            ratePerSecond: request.options.rate,
            durationMs: request.options.duration,
            maxInFlight: OPTIMIZE_WORKLOAD.maxInFlight,
            maxQueryTcu: request.options.maxquerytcu,
          },
          {
            target,
            window,
            tcu: monitor.tcu,
            clock: systemClock,
            signal: stop.signal,
            onSide: (schema, phase) =>
              process.stderr.write(
                phase === 'running'
                  ? `${schema}: running the workload\n`
                  : `${schema}: waiting for the account to go idle\n`,
              ),
          },
        ).finally(release);
        return {
          ok: report.answersEqual,
          output: json ? JSON.stringify(compareJson(report)) : noticeText(compareNotice(report, 'en')),
        };
      }
    }
  } finally {
    target.clients.write.destroy();
    target.clients.query.destroy();
    await opened.close();
  }
}
