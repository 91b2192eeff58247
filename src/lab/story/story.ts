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
import { forwardSnsEvent } from '../../alarms/forward.ts';
import { lambdaSnsEvent } from '../../alarms/lambda-sns-event.ts';
import { MemoryAlarmHistory } from '../../alarms/alarm-history.ts';
import type { Destination } from '../../chat/destination.ts';
import { MemoryDeliveryStore } from '../../chat/outbox/delivery-store.ts';
import { Outbox } from '../../chat/outbox/outbox.ts';
import type { Config } from '../../config.ts';
import { labTarget, monitorDeps } from '../../deps.ts';
import type { SnsPublication } from '../../emulator/cloudwatch/metric-alarms.ts';
import type { CapacityHistory, MinuteTcu } from '../../emulator/timestream/capacity/capacity-model.ts';
import { startEmulator } from '../../emulator/server.ts';
import type { CostVerdict } from '../../monitor/cost-rule.ts';
import { utcDay, type DailyCost } from '../../monitor/cost-source.ts';
import { runDailyCostCheck } from '../../monitor/monitor.ts';
import { SteppedClock } from '../../shared/clock.ts';
import type { Logger } from '../../shared/logger.ts';
import { EMULATOR_CREDENTIALS } from '../../timestream/clients.ts';
import { generateLab } from '../generate.ts';
import { queriesFor, type QueryName, type Schema } from '../queries.ts';
import { dataWindowAt } from '../scenario.ts';
import { setupLab } from '../setup.ts';
import { readDeployedSettings } from './deployed-settings.ts';
import { replay, type ReplayLoad } from './replay.ts';
import {
  storyDays,
  storyOptionsSchema,
  type StoryDayKind,
  type StoryOptions,
  type StoryOptionsInput,
} from './story-options.ts';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const QUERIES: readonly QueryName[] = ['sql1', 'sql2'];
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

export interface QueryFigures {
  readonly tcuSeconds: number;
  readonly parallelismTcu: number;
  readonly bytesScanned: number;
  readonly spatialCoverage: number;
  readonly temporalRangeNs: number;
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

export interface StoryAlarmChange {
  readonly from: string;
  readonly to: string;
  readonly atMs: number;
  readonly reason: string;
  /** The alarm function's code forwarded it to every destination. */
  readonly delivered: boolean;
}

export interface StoryCostCheck {
  readonly atMs: number;
  readonly verdict: CostVerdict;
  /** The alert went out through the outbox. */
  readonly posted: boolean;
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
  readonly queries: Readonly<Record<Schema, Readonly<Record<QueryName, QueryFigures>>>>;
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
  const outbox = new Outbox({
    destinations: deps.destinations,
    store: new MemoryDeliveryStore(),
    clock,
    logger: deps.logger,
    timeZone: deps.config.displayTimeZone,
  });
  const alarmHistory = new MemoryAlarmHistory();
  const deliveries: boolean[] = [];
  const publish = async (publication: SnsPublication) => {
    try {
      await forwardSnsEvent(lambdaSnsEvent([publication], clock.now()), {
        outbox,
        history: alarmHistory,
        timeZone: deps.config.displayTimeZone,
        logger: deps.logger,
        deadlineAtMs: clock.now() + 60_000,
      });
      deliveries.push(true);
    } catch (error) {
      deliveries.push(false);
      deps.logger.error('story: alarm notification not delivered', { error: error as Error });
    }
  };
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
    publish,
  });
  const scratch = mkdtempSync(join(tmpdir(), 'tcu-bot-story-'));
  const target = await labTarget(deps.config, { endpoint: emulator.endpoint });
  const { clients } = target;
  const cloudwatch = new CloudWatchClient({
    region,
    endpoint: emulator.endpoint,
    credentials: EMULATOR_CREDENTIALS,
    maxAttempts: 1,
  });
  try {
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
    const window = dataWindowAt(fromMs);
    const queries = {} as Record<Schema, Record<QueryName, QueryFigures>>;
    const loads = {} as Record<Schema, ReplayLoad['works']>;
    for (const schema of ['legacy', 'optimized'] as const) {
      const texts = queriesFor(schema, target.database, window);
      const figures = {} as Record<QueryName, QueryFigures>;
      for (const name of QUERIES) {
        const { work, access } = await emulator.service.workOf(texts[name]);
        figures[name] = {
          ...work,
          bytesScanned: access.bytesScanned,
          spatialCoverage: Math.max(0, ...access.tables.map((table) => table.spatialCoverage)),
          temporalRangeNs: Math.max(0, ...access.tables.map((table) => table.temporalRangeNs)),
        };
      }
      queries[schema] = figures;
      loads[schema] = QUERIES.map((name) => figures[name]);
    }

    stage('alarm');
    const alarmInput = deployed.queryTcuAlarm;
    await cloudwatch.send(new PutMetricAlarmCommand(alarmInput as PutMetricAlarmCommandInput));
    const changes: StoryAlarmChange[] = [];
    const onMinute = async () => {
      const before = deliveries.length;
      for (const transition of await emulator.evaluateAlarms()) {
        changes.push({
          from: transition.from,
          to: transition.to,
          atMs: transition.atMs,
          reason: transition.reason,
          delivered: transition.published.length > 0 && deliveries.slice(before).every(Boolean),
        });
      }
    };
    const monitor = await monitorDeps(deps.config, { endpoint: emulator.endpoint, clock });
    const costChecks: StoryCostCheck[] = [];
    const morningOf = (dayMs: number) => ({
      atMs: dayMs + deployed.costCheckMinuteOfDay * MINUTE_MS,
      run: async () => {
        const outcome = await runDailyCostCheck(
          { ...monitor, outbox, logger: deps.logger },
          { today: utcDay(dayMs), deadlineAtMs: clock.now() + 60_000 },
        );
        costChecks.push({ atMs: clock.now(), ...outcome });
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
            load: { works: loads[plan.schema], ratePerSecond: plan.ratePerSecond },
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
    clients.write.destroy();
    clients.query.destroy();
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
