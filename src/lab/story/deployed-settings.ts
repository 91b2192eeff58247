/**
 * What a deploy of serverless.yml would set up that the story replays: the QueryTCU alarm (its
 * CloudFormation properties, as PutMetricAlarm input) and the daily cost check's schedule. Read from
 * the file itself, so the story evaluates exactly the alarm a deploy creates — `${param:…}` from
 * `params.default` unless overridden (as `--param` would), `${self:service}`, `${sls:stage}`, and
 * `!Ref AlarmsTopic` as that topic's ARN.
 */
import { readFileSync } from 'node:fs';
import { parse, type CollectionTag, type ScalarTag } from 'yaml';
import { z } from 'zod';
import { describeIssues } from '../../shared/zod-issues.ts';

export const SERVERLESS_FILE = new URL('../../../serverless.yml', import.meta.url);

/** CloudFormation's short forms, kept as objects so `!Ref AlarmsTopic` can be resolved. */
const CLOUDFORMATION_TAGS: (ScalarTag | CollectionTag)[] = [
  ...['!Ref', '!GetAtt', '!Sub'].map((tag) => ({
    tag,
    identify: () => false,
    resolve: (value: string) => ({ [tag.slice(1)]: value }),
  })),
  // Conditions (`!If [HasWorkloadsBucket, …]`): read as sequences; the story uses none of them.
  ...['!If', '!Not', '!Equals'].map((tag) => ({
    tag,
    collection: 'seq' as const,
    identify: () => false,
  })),
];

const alarmProperties = z.object({
  AlarmName: z.string(),
  AlarmDescription: z.string().optional(),
  Namespace: z.string(),
  MetricName: z.string(),
  Dimensions: z.array(z.object({ Name: z.string(), Value: z.string() })),
  Statistic: z.string(),
  Period: z.coerce.number(),
  EvaluationPeriods: z.coerce.number(),
  DatapointsToAlarm: z.coerce.number(),
  Threshold: z.coerce.number(),
  ComparisonOperator: z.string(),
  TreatMissingData: z.string(),
  AlarmActions: z.array(z.object({ Ref: z.string() })),
  OKActions: z.array(z.object({ Ref: z.string() })),
});

const serverlessFile = z.object({
  service: z.string(),
  params: z.object({ default: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])) }),
  functions: z.object({
    costCheck: z.object({ events: z.array(z.object({ schedule: z.string() })).min(1) }),
  }),
  resources: z.object({
    Resources: z.object({
      QueryTcuAlarm: z.object({ Properties: z.unknown() }),
      AlarmsTopic: z.object({ Properties: z.object({ TopicName: z.string() }) }),
    }),
  }),
});

export interface DeployedSettings {
  /** PutMetricAlarm input for the QueryTCU alarm. */
  readonly queryTcuAlarm: {
    readonly AlarmName: string;
    readonly AlarmDescription: string | undefined;
    readonly Namespace: string;
    readonly MetricName: string;
    readonly Dimensions: { Name: string; Value: string }[];
    readonly Statistic: string;
    readonly Period: number;
    readonly EvaluationPeriods: number;
    readonly DatapointsToAlarm: number;
    readonly Threshold: number;
    readonly ComparisonOperator: string;
    readonly TreatMissingData: string;
    readonly AlarmActions: string[];
    readonly OKActions: string[];
  };
  /** The cost check's daily run, as minutes after midnight UTC. */
  readonly costCheckMinuteOfDay: number;
  /** The schedule expression as written. */
  readonly costCheckSchedule: string;
}

export class DeployedSettingsError extends Error {
  override name = 'DeployedSettingsError';
}

export interface DeployedSettingsOptions {
  readonly stage: string;
  readonly region: string;
  readonly accountId: string;
  /** `--param` overrides. */
  readonly params?: Readonly<Record<string, string | number>>;
  /** The file's text (default: serverless.yml next to the sources). */
  readonly text?: string;
}

export function readDeployedSettings(options: DeployedSettingsOptions): DeployedSettings {
  const text = options.text ?? readFileSync(SERVERLESS_FILE, 'utf8');
  const parsed = serverlessFile.safeParse(parse(text, { customTags: CLOUDFORMATION_TAGS }));
  if (!parsed.success) throw new DeployedSettingsError(`serverless.yml: ${describeIssues(parsed.error).join('; ')}`);
  const file = parsed.data;
  const params: Record<string, string | number | boolean> = { ...file.params.default, ...options.params };
  const resolve = (value: string): string =>
    value.replace(/\$\{(param|self|sls):([A-Za-z0-9_.]+)\}/g, (whole, source: string, key: string) => {
      if (source === 'self' && key === 'service') return file.service;
      if (source === 'sls' && key === 'stage') return options.stage;
      if (source === 'param' && params[key] !== undefined) return resolve(String(params[key]));
      throw new DeployedSettingsError(`serverless.yml: cannot resolve ${whole}`);
    });
  const resolveDeep = (value: unknown): unknown =>
    typeof value === 'string'
      ? resolve(value)
      : Array.isArray(value)
        ? value.map(resolveDeep)
        : value && typeof value === 'object'
          ? Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, resolveDeep(inner)]))
          : value;
  const alarm = alarmProperties.safeParse(resolveDeep(file.resources.Resources.QueryTcuAlarm.Properties));
  if (!alarm.success)
    throw new DeployedSettingsError(`serverless.yml QueryTcuAlarm: ${describeIssues(alarm.error).join('; ')}`);
  const topicArn = `arn:aws:sns:${options.region}:${options.accountId}:${resolve(file.resources.Resources.AlarmsTopic.Properties.TopicName)}`;
  const topic = (ref: { Ref: string }) => {
    if (ref.Ref !== 'AlarmsTopic') throw new DeployedSettingsError(`serverless.yml: unexpected !Ref ${ref.Ref}`);
    return topicArn;
  };
  const schedule = resolve(file.functions.costCheck.events[0]!.schedule);
  return {
    queryTcuAlarm: {
      ...alarm.data,
      AlarmDescription: alarm.data.AlarmDescription,
      AlarmActions: alarm.data.AlarmActions.map(topic),
      OKActions: alarm.data.OKActions.map(topic),
    },
    costCheckMinuteOfDay: dailyMinuteOf(schedule),
    costCheckSchedule: schedule,
  };
}

/**
 * Minutes after midnight UTC of a daily EventBridge cron (`cron(30 1 * * ? *)`: fields minutes, hours,
 * day-of-month, month, day-of-week, year). Only a fixed daily time is understood.
 */
export function dailyMinuteOf(schedule: string): number {
  const match = /^cron\((\d{1,2}) (\d{1,2}) \* \* \? \*\)$/.exec(schedule.trim());
  if (!match) throw new DeployedSettingsError(`the story needs a daily cron(M H * * ? *) schedule, not ${schedule}`);
  const minute = Number(match[1]);
  const hour = Number(match[2]);
  if (minute > 59 || hour > 23) throw new DeployedSettingsError(`not a time of day: ${schedule}`);
  return hour * 60 + minute;
}
