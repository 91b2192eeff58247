/**
 * The CloudWatch alarm that SNS carries as a JSON string in `Message`, parsed into one typed value.
 *
 * Schema: CloudWatch User Guide, "Schema of Amazon SNS notifications when alarms change state".
 * Quirks handled here, each seen in public payloads (e.g. terraform-aws-modules/terraform-aws-notify-slack
 * `functions/messages/cloudwatch_alarm.json`, assertible/lambda-cloudwatch-slack PR #46):
 * - metric fields live under `Trigger` (the case study read them at the top level and printed "undefined");
 * - metric-math and anomaly alarms carry `Trigger.Metrics[]` instead of `MetricName`, anomaly alarms a
 *   `ThresholdMetricId` and no `Threshold`;
 * - composite alarms have `AlarmRule` and `TriggeringChildren` (objects or plain ARNs) and no `Trigger`;
 * - `AlarmDescription` and `Unit` may be null, `Dimensions` empty, statistics upper-case (`SUM`);
 * - `StateChangeTime` is `2025-05-28T09:59:59.999+0000` (no colon in the offset).
 */
import * as z from 'zod/mini';
import { addIssue, nonEmpty } from '../shared/zod.ts';
import { ALARM_STATES, type AlarmState } from './alarm-state.ts';
import { describeIssues } from '../shared/zod-issues.ts';
import { regionFromArn, regionFromDisplayName } from './region.ts';

const CLOUDWATCH_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?)(Z|[+-]\d{2}:?\d{2})$/;

/** Parses CloudWatch's `+0000` offsets as well as ISO-8601 `Z`/`+00:00`. */
export function parseCloudWatchTime(text: string): number | undefined {
  const match = CLOUDWATCH_TIME.exec(text.trim());
  if (!match) return undefined;
  const [, local, offset] = match as unknown as [string, string, string];
  const isoOffset = offset === 'Z' ? 'Z' : `${offset.slice(0, 3)}:${offset.slice(-2)}`;
  const ms = Date.parse(`${local}${isoOffset}`);
  return Number.isNaN(ms) ? undefined : ms;
}

const timestamp = z.pipe(
  z.string(),
  z.transform(
    (text: string, ctx) =>
      parseCloudWatchTime(text) ??
      addIssue(ctx, text, `is not a timestamp like 2025-05-28T09:59:59.999+0000: ${JSON.stringify(text)}`),
  ),
);

/** Dimensions are `{name, value}` in alarm payloads; accept `{Name, Value}` too (API casing). */
const dimension = z.pipe(
  z.transform((raw: unknown) =>
    raw && typeof raw === 'object' && 'Name' in raw && !('name' in raw)
      ? { name: raw.Name, value: (raw as { Value?: unknown }).Value }
      : raw,
  ),
  z.object({ name: z.string(), value: z.coerce.string() }),
);
const dimensions = z.pipe(
  z.nullish(z.array(dimension)),
  z.transform((list) => list ?? []),
);

const STATISTICS: Readonly<Record<string, string>> = {
  sum: 'Sum',
  average: 'Average',
  maximum: 'Maximum',
  minimum: 'Minimum',
  samplecount: 'SampleCount',
};
/** `SUM` → `Sum`; extended statistics such as `p99` stay as written. */
const statistic = z.pipe(
  z.string(),
  z.transform((stat: string) => STATISTICS[stat.toLowerCase()] ?? stat),
);

const state = z.pipe(
  z.pipe(
    z.string(),
    z.transform((value: string) => value.toUpperCase()),
  ),
  z.enum(ALARM_STATES),
);

const metricStatSchema = z.object({
  Metric: z.object({ Namespace: z.nullish(z.string()), MetricName: z.string(), Dimensions: dimensions }),
  Period: z.nullish(z.number()),
  Stat: z.nullish(statistic),
  Unit: z.nullish(z.string()),
});

const metricQuerySchema = z.object({
  Id: z.string(),
  Expression: z.nullish(z.string()),
  Label: z.nullish(z.string()),
  ReturnData: z.nullish(z.boolean()),
  MetricStat: z.nullish(metricStatSchema),
  Period: z.nullish(z.number()),
  AccountId: z.nullish(z.string()),
});

const evaluationSchema = {
  ComparisonOperator: z.nullish(z.string()),
  Threshold: z.nullish(z.number()),
  ThresholdMetricId: z.nullish(z.string()),
  EvaluationPeriods: z.nullish(z.number()),
  DatapointsToAlarm: z.nullish(z.number()),
  TreatMissingData: z.nullish(z.string()),
  Period: z.nullish(z.number()),
};

const singleMetricTrigger = z.object({
  MetricName: z.string(),
  Namespace: z.nullish(z.string()),
  Statistic: z.nullish(statistic),
  ExtendedStatistic: z.nullish(z.string()),
  Unit: z.nullish(z.string()),
  Dimensions: dimensions,
  ...evaluationSchema,
});

const multiMetricTrigger = z.object({
  Metrics: z.array(metricQuerySchema).check(z.minLength(1)),
  ...evaluationSchema,
});

const childSchema = z.union([
  z.pipe(
    z.string(),
    z.transform((arn: string) => ({ arn, state: undefined, stateAt: undefined })),
  ),
  z.pipe(
    z.object({
      Arn: z.string(),
      State: z.nullish(z.object({ Value: z.nullish(state), Timestamp: z.nullish(timestamp) })),
    }),
    z.transform((child) => ({
      arn: child.Arn,
      state: child.State?.Value ?? undefined,
      stateAt: child.State?.Timestamp ?? undefined,
    })),
  ),
]);

const commonFields = {
  AlarmName: nonEmpty(),
  AlarmDescription: z.nullish(z.string()),
  AWSAccountId: z.nullish(z.string()),
  NewStateValue: state,
  OldStateValue: z.nullish(state),
  NewStateReason: z.nullish(z.string()),
  StateChangeTime: timestamp,
  Region: z.nullish(z.string()),
  AlarmArn: z.nullish(z.string()),
};

const compositeSchema = z.object({
  ...commonFields,
  AlarmRule: nonEmpty(),
  TriggeringChildren: z.nullish(z.array(childSchema)),
});
const metricAlarmSchema = z.object({ ...commonFields, Trigger: z.union([singleMetricTrigger, multiMetricTrigger]) });
/** Hand-made payloads and some tools send only name, state, reason, time and region: still an alarm. */
const bareAlarmSchema = z.object(commonFields);

export interface MetricRef {
  readonly namespace: string | undefined;
  readonly name: string;
  readonly dimensions: readonly { readonly name: string; readonly value: string }[];
  readonly statistic: string | undefined;
  readonly periodSeconds: number | undefined;
  readonly unit: string | undefined;
}

/** One entry of `Trigger.Metrics[]`: an expression, a metric, or both. */
export interface MetricQuery {
  readonly id: string;
  readonly expression: string | undefined;
  readonly label: string | undefined;
  readonly metric: MetricRef | undefined;
}

export interface AlarmThreshold {
  readonly comparison: string | undefined;
  /** Absent on anomaly-detection alarms, which compare against a band. */
  readonly value: number | undefined;
  readonly bandMetricId: string | undefined;
  readonly evaluationPeriods: number | undefined;
  readonly datapointsToAlarm: number | undefined;
  readonly treatMissingData: string | undefined;
}

interface AlarmBase {
  readonly name: string;
  readonly description: string | undefined;
  readonly accountId: string | undefined;
  readonly arn: string | undefined;
  readonly state: AlarmState;
  readonly previousState: AlarmState | undefined;
  readonly reason: string | undefined;
  readonly stateChangedAtMs: number;
  /** Region code from the ARN, else from the display name. */
  readonly regionCode: string | undefined;
  /** The display name CloudWatch sent (`Asia Pacific (Tokyo)`). */
  readonly regionName: string | undefined;
}

export type CloudWatchAlarm =
  | (AlarmBase & { readonly kind: 'metric'; readonly metric: MetricRef; readonly threshold: AlarmThreshold })
  | (AlarmBase & {
      readonly kind: 'math';
      /** The `ReturnData: true` query: what the alarm actually evaluates. */
      readonly evaluated: MetricQuery;
      readonly queries: readonly MetricQuery[];
      readonly threshold: AlarmThreshold;
    })
  | (AlarmBase & {
      readonly kind: 'anomaly';
      readonly evaluated: MetricQuery;
      /** The `ANOMALY_DETECTION_BAND(…)` query named by `ThresholdMetricId`. */
      readonly band: MetricQuery;
      readonly queries: readonly MetricQuery[];
      readonly threshold: AlarmThreshold;
    })
  | (AlarmBase & { readonly kind: 'bare' })
  | (AlarmBase & {
      readonly kind: 'composite';
      readonly rule: string;
      readonly children: readonly {
        readonly arn: string;
        readonly name: string;
        readonly state: AlarmState | undefined;
        readonly stateAtMs: number | undefined;
      }[];
    });

export type AlarmParseResult = { ok: true; alarm: CloudWatchAlarm } | { ok: false; problems: string[] };

/** True when a JSON value claims to be a CloudWatch alarm state change (so a failure is an error, not a message). */
export function looksLikeAlarm(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && 'AlarmName' in value && 'NewStateValue' in value;
}

/** Parses a decoded alarm message. Problems name their JSON path, e.g. `Trigger.Dimensions[0].value`. */
export function parseCloudWatchAlarm(value: unknown, pathPrefix = ''): AlarmParseResult {
  const has = (key: string) => typeof value === 'object' && value !== null && key in value;
  const parsed = has('AlarmRule')
    ? compositeSchema.safeParse(value)
    : has('Trigger')
      ? metricAlarmSchema.safeParse(value)
      : bareAlarmSchema.safeParse(value);
  if (!parsed.success) {
    return {
      ok: false,
      problems: describeIssues(parsed.error, pathPrefix),
    };
  }
  return { ok: true, alarm: toAlarm(parsed.data) };
}

function toAlarm(
  raw: z.infer<typeof compositeSchema> | z.infer<typeof metricAlarmSchema> | z.infer<typeof bareAlarmSchema>,
): CloudWatchAlarm {
  const base: AlarmBase = {
    name: raw.AlarmName,
    description: raw.AlarmDescription ?? undefined,
    accountId: raw.AWSAccountId ?? undefined,
    arn: raw.AlarmArn ?? undefined,
    state: raw.NewStateValue,
    previousState: raw.OldStateValue ?? undefined,
    reason: raw.NewStateReason ?? undefined,
    stateChangedAtMs: raw.StateChangeTime,
    regionCode: regionFromArn(raw.AlarmArn) ?? regionFromDisplayName(raw.Region),
    regionName: raw.Region ?? undefined,
  };
  if ('AlarmRule' in raw) {
    return {
      ...base,
      kind: 'composite',
      rule: raw.AlarmRule,
      children: (raw.TriggeringChildren ?? []).map((child) => ({
        arn: child.arn,
        name: child.arn.split(':alarm:')[1] ?? child.arn,
        state: child.state,
        stateAtMs: child.stateAt,
      })),
    };
  }
  if (!('Trigger' in raw)) return { ...base, kind: 'bare' };
  const trigger = raw.Trigger;
  const threshold: AlarmThreshold = {
    comparison: trigger.ComparisonOperator ?? undefined,
    value: trigger.Threshold ?? undefined,
    bandMetricId: trigger.ThresholdMetricId ?? undefined,
    evaluationPeriods: trigger.EvaluationPeriods ?? undefined,
    datapointsToAlarm: trigger.DatapointsToAlarm ?? undefined,
    treatMissingData: trigger.TreatMissingData ?? undefined,
  };
  if ('MetricName' in trigger) {
    return {
      ...base,
      kind: 'metric',
      threshold,
      metric: {
        namespace: trigger.Namespace ?? undefined,
        name: trigger.MetricName,
        dimensions: trigger.Dimensions,
        statistic: trigger.ExtendedStatistic ?? trigger.Statistic ?? undefined,
        periodSeconds: trigger.Period ?? undefined,
        unit: trigger.Unit ?? undefined,
      },
    };
  }
  const queries = trigger.Metrics.map(toMetricQuery);
  const band =
    queries.find((query) => query.id === threshold.bandMetricId) ??
    queries.find((query) => /^\s*ANOMALY_DETECTION_BAND\s*\(/i.test(query.expression ?? ''));
  const returning = trigger.Metrics.filter((query) => query.ReturnData === true).map((query) => query.Id);
  const evaluated =
    queries.find((query) => returning.includes(query.id) && query.id !== band?.id) ??
    queries.find((query) => query.id !== band?.id) ??
    queries[0]!;
  if (band) return { ...base, kind: 'anomaly', threshold, evaluated, band, queries };
  return { ...base, kind: 'math', threshold, evaluated, queries };
}

function toMetricQuery(query: z.infer<typeof metricQuerySchema>): MetricQuery {
  const stat = query.MetricStat;
  return {
    id: query.Id,
    expression: query.Expression ?? undefined,
    label: query.Label ?? undefined,
    metric: stat
      ? {
          namespace: stat.Metric.Namespace ?? undefined,
          name: stat.Metric.MetricName,
          dimensions: stat.Metric.Dimensions,
          statistic: stat.Stat ?? undefined,
          periodSeconds: stat.Period ?? query.Period ?? undefined,
          unit: stat.Unit ?? undefined,
        }
      : undefined,
  };
}
