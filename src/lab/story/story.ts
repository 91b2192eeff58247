/**
 * The case study, replayed in minutes: three days in virtual time on an emulator of the story's own
 * (in memory, its clock stepped by the replay). A quiet day on the legacy schema; a busy day on it that
 * drives QueryTCU to a low MaxQueryTCU, with throttles; a busy day on the optimized schema.
 *
 * Everything the bot does in production runs on it for real: the QueryTCU alarm serverless.yml defines
 * is created with PutMetricAlarm and evaluated each minute by the emulator's CloudWatch, whose state
 * changes go — as SNS notifications in a Lambda event — through the alarm function's code
 * (`forwardSnsEvent`) to the given destinations; each morning at serverless.yml's schedule the daily
 * cost check (`runDailyCostCheck`) reads the emulator's Cost Explorer and posts its alert through the
 * same outbox. The queries' work comes from the emulator's plan of each query on the lab's data;
 * only their arrivals are replayed on the model instead of run (replay.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudWatchClient, PutMetricAlarmCommand, type PutMetricAlarmCommandInput } from '@aws-sdk/client-cloudwatch';
import type { Destination } from '../../chat/destination.ts';
import type { Config } from '../../config.ts';
import { labTarget, monitorDeps } from '../../deps.ts';
import type { CapacityHistory, MinuteTcu } from '../../emulator/timestream/capacity/capacity-model.ts';
import { startEmulator } from '../../emulator/server.ts';
import { utcDay, type DailyCost } from '../../monitor/cost-source.ts';
import { SteppedClock } from '../../shared/clock.ts';
import type { Logger } from '../../shared/logger.ts';
import { EMULATOR_CREDENTIALS } from '../../timestream/clients.ts';
import { generateLab } from '../generate.ts';
import type { LabTarget } from '../lab-target.ts';
import type { Schema } from '../queries.ts';
import { dataWindowAt } from '../scenario.ts';
import { setupLab } from '../setup.ts';
import { readDeployedSettings } from './deployed-settings.ts';
import { planQueries, worksOf, type StoryQueries } from './query-figures.ts';
import { replay } from './replay.ts';
import { StoryDelivery, type StoryAlarmChange, type StoryCostCheck } from './story-delivery.ts';
import {
  storyDays,
  storyOptionsSchema,
  type StoryDayKind,
  type StoryOptions,
  type StoryOptionsInput,
} from './story-options.ts';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** The stage name the story deploys serverless.yml's resources under. */
export const STORY_STAGE = 'local';

export type StoryStage = 'data' | 'works' | 'alarm' | StoryDayKind | 'morning' | 'done';

export interface StoryDeps {
  readonly config: Config;
  /** Where the alarm and cost notices go (the terminal, the console page): never the configured chat groups. */
  readonly destinations: readonly Destination[];
  readonly logger: Logger;
  readonly onStage?: (stage: StoryStage, detail: { readonly atMs: number }) => void;
  /** Real time, which places the story's days: the three whole UTC days before today. */
  readonly now?: () => number;
  /** serverless.yml's text (default: read from the repository; a bundled benchmark passes it). */
  readonly serverlessText?: string;
}

export interface StoryDayResult {
  readonly kind: StoryDayKind;
  readonly day: string;
  readonly schema: Schema;
  readonly ratePerSecond: number;
  readonly admitted: number;
  readonly throttled: number;
  readonly tcuPeak: number;
  /** The median of the day's per-minute maxima: the level the day ran at (the peak may be a backlog draining). */
  readonly tcuTypical: number;
  readonly tcuHours: number;
  /** The emulator's Cost Explorer total for the day (estimated: query TCU, writes, memory store). */
  readonly costUsd: number;
}

export interface StoryResult {
  readonly options: StoryOptions;
  readonly fromMs: number;
  readonly toMs: number;
  readonly alarm: {
    readonly name: string;
    readonly threshold: number;
    readonly minutes: number;
    readonly changes: readonly StoryAlarmChange[];
  };
  readonly costChecks: readonly StoryCostCheck[];
  readonly days: readonly StoryDayResult[];
  /** QueryTCU per minute across the story (minutes with capacity). */
  readonly minutes: readonly MinuteTcu[];
  readonly queries: StoryQueries;
  /** The model's history over the story, for ReplaceUsageHistory. */
  readonly history: CapacityHistory;
  readonly wallSeconds: number;
}

/** Runs the story; options are checked (zod) before anything starts. */
export async function runStory(input: StoryOptionsInput, deps: StoryDeps): Promise<StoryResult> {
  const options = storyOptionsSchema.parse(input);
  const started = performance.now();
  const todayMs = Date.parse(`${utcDay((deps.now ?? Date.now)())}T00:00:00Z`);
  const fromMs = todayMs - 3 * DAY_MS;
  const clock = new SteppedClock(fromMs);
  const stage = (name: StoryStage) => deps.onStage?.(name, { atMs: clock.now() });
  const delivery = new StoryDelivery(
    { destinations: deps.destinations, logger: deps.logger, timeZone: deps.config.displayTimeZone },
    clock,
  );
  const region = deps.config.aws.region;
  const accountId = '000000000000';
  const deployed = readDeployedSettings({
    stage: STORY_STAGE,
    region,
    accountId,
    params: options.params,
    text: deps.serverlessText,
  });
  const emulator = await startEmulator({
    clock,
    region,
    accountId,
    maxQueryTcu: options.maxQueryTcu,
    paceAnswers: false,
    evaluateAlarmsEveryMinute: false,
    publish: delivery.publish,
  });
  const scratch = mkdtempSync(join(tmpdir(), 'tcu-bot-story-'));
  const cloudwatch = new CloudWatchClient({
    region,
    endpoint: emulator.endpoint,
    credentials: EMULATOR_CREDENTIALS,
    maxAttempts: 1,
  });
  let target: LabTarget | undefined;
  try {
    target = await labTarget(deps.config, { endpoint: emulator.endpoint });
    stage('data');
    await setupLab(target, () => undefined, clock.now());
    await generateLab(target, {
      scale: options.scale,
      checkpointPath: join(scratch, 'generate.json'),
      skipValidation: true,
      now: () => clock.now(),
      sleep: (ms) => clock.sleep(ms),
    });
    stage('works');
    const queries = await planQueries(emulator.service, target.database, dataWindowAt(fromMs));

    stage('alarm');
    const alarmInput = deployed.queryTcuAlarm;
    await cloudwatch.send(new PutMetricAlarmCommand(alarmInput as PutMetricAlarmCommandInput));
    const changes: StoryAlarmChange[] = [];
    const onMinute = async () => {
      changes.push(...(await delivery.evaluate(() => emulator.evaluateAlarms())));
    };
    const monitor = await monitorDeps(deps.config, { endpoint: emulator.endpoint, clock });
    const costChecks: StoryCostCheck[] = [];
    const morningOf = (dayMs: number) => ({
      atMs: dayMs + deployed.costCheckMinuteOfDay * MINUTE_MS,
      run: async () => {
        costChecks.push(await delivery.costCheck(monitor, dayMs));
      },
    });

    const plans = storyDays(options);
    const tallies: { admitted: number; throttled: number }[] = [];
    for (const [index, plan] of plans.entries()) {
      stage(plan.kind);
      const dayMs = fromMs + index * DAY_MS;
      tallies.push(
        await replay(
          {
            fromMs: dayMs,
            toMs: dayMs + DAY_MS,
            load: { works: worksOf(queries, plan.schema), ratePerSecond: plan.ratePerSecond },
          },
          emulator.service.capacity,
          clock,
          // The first morning would compare the quiet day with a day before the story (no spend: "new spend").
          { onMinute, at: index < 2 ? [] : [morningOf(dayMs)] },
        ),
      );
    }
    // The morning after: the alarm keeps being evaluated, the cost check reads the optimized day.
    stage('morning');
    const morning = morningOf(todayMs);
    await replay(
      { fromMs: todayMs, toMs: morning.atMs + MINUTE_MS, load: { works: [], ratePerSecond: 0 } },
      emulator.service.capacity,
      clock,
      { onMinute, at: [morning] },
    );

    const costs = await monitor.cost.dailyCosts(utcDay(fromMs), utcDay(todayMs));
    const capacity = emulator.service.capacity;
    const days = plans.map((plan, index): StoryDayResult => {
      const dayMs = fromMs + index * DAY_MS;
      const minutes = capacity.minuteStats(dayMs, dayMs + DAY_MS);
      return {
        kind: plan.kind,
        day: utcDay(dayMs),
        schema: plan.schema,
        ratePerSecond: plan.ratePerSecond,
        admitted: tallies[index]!.admitted,
        throttled: tallies[index]!.throttled,
        tcuPeak: Math.max(0, ...minutes.map((minute) => minute.max)),
        tcuTypical: median(minutes.map((minute) => minute.max)),
        tcuHours: capacity.tcuHours(dayMs, dayMs + DAY_MS),
        costUsd: costOf(costs, utcDay(dayMs)),
      };
    });
    const history = capacity.history();
    const inStory = (minute: number) => minute * MINUTE_MS >= fromMs && minute * MINUTE_MS < todayMs;
    stage('done');
    return {
      options,
      fromMs,
      toMs: todayMs,
      alarm: {
        name: alarmInput.AlarmName,
        threshold: alarmInput.Threshold,
        minutes: alarmInput.EvaluationPeriods,
        changes,
      },
      costChecks,
      days,
      minutes: capacity.minuteStats(fromMs, todayMs),
      queries,
      history: {
        minutes: history.minutes.filter(([minute]) => inStory(minute)),
        billedSeconds: history.billedSeconds.filter(([minute]) => inStory(minute)),
      },
      wallSeconds: (performance.now() - started) / 1000,
    };
  } finally {
    target?.clients.write.destroy();
    target?.clients.query.destroy();
    cloudwatch.destroy();
    await emulator.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = values.sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function costOf(costs: readonly DailyCost[], day: string): number {
  return costs.find((cost) => cost.day === day)?.total ?? 0;
}
