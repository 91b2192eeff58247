/**
 * Every setting of tcu-bot, read once from the environment and validated.
 *
 * This is the only module that reads `process.env`. Precedence: an explicit override passed to
 * `loadConfig`, then the environment, then the default written next to each setting below.
 * Secrets (webhook URLs carry an access token; signing secrets; bot tokens) are held here but never
 * logged: `describeConfig` prints names and hosts only.
 */
import * as z from 'zod/mini';
import { addIssue, httpUrl, integerText, nonEmpty, numberText } from './shared/zod.ts';
import { describeIssues } from './shared/zod-issues.ts';
import { DINGTALK_MAX_PER_MINUTE, DINGTALK_SOLO_PER_MINUTE } from './chat/dingtalk/rate.ts';
import { ALARM_STATES } from './alarms/alarm-state.ts';
import { LOCALES } from './shared/locale.ts';

const csv = z.pipe(
  z.optional(z.string()),
  z.transform((value: string | undefined) =>
    (value ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  ),
);

const jsonText = <T extends z.ZodMiniType>(schema: T) =>
  z.pipe(
    z.pipe(
      z.optional(z.string()),
      z.transform((text: string | undefined, ctx) => {
        if (text === undefined || text.trim() === '') return undefined;
        try {
          return JSON.parse(text) as unknown;
        } catch {
          return addIssue(ctx, text, 'is not valid JSON');
        }
      }),
    ),
    z.optional(schema),
  );

const timeZone = z.string().check(
  z.refine(
    (zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    },
    { message: 'is not an IANA time zone such as Asia/Shanghai' },
  ),
);

const mentionSchema = z.object({
  /** Alarm states that trigger the mention; default: only ALARM. */
  onStates: z._default(z.array(z.enum(ALARM_STATES)), ['ALARM']),
  atMobiles: z._default(z.array(nonEmpty()), []),
  atUserIds: z._default(z.array(nonEmpty()), []),
  isAtAll: z._default(z.boolean(), false),
});
export type MentionConfig = z.infer<typeof mentionSchema>;

const destinationName = z.string().check(z.regex(/^[A-Za-z0-9_.-]{1,64}$/, 'use letters, digits, _ . - (max 64)'));

const dingTalkRobotSchema = z.object({
  name: destinationName,
  webhookUrl: httpUrl(),
  /** 加签 secret (starts with SEC). Optional only because some robots use keywords or IP lists. */
  secret: z.optional(nonEmpty()),
  locale: z._default(z.enum(LOCALES), 'zh-CN'),
  mentions: z.optional(mentionSchema),
});
export type DingTalkRobotConfig = z.infer<typeof dingTalkRobotSchema>;

const slackDestinationSchema = z
  .object({
    name: destinationName,
    /** Channel ID for chat.postMessage with SLACK_BOT_TOKEN. */
    channel: z.optional(nonEmpty()),
    /** Incoming webhook URL (posts to the channel it was created for). */
    webhookUrl: z.optional(httpUrl()),
    locale: z._default(z.enum(LOCALES), 'en'),
  })
  .check(
    z.refine((slack) => (slack.channel === undefined) !== (slack.webhookUrl === undefined), {
      message: 'give exactly one of channel or webhookUrl',
    }),
  );
export type SlackDestinationConfig = z.infer<typeof slackDestinationSchema>;

const secretsPathSchema = z.optional(
  z
    .string()
    .check(z.regex(/^(\/[A-Za-z0-9_.-]+)+$/, 'must be a parameter path such as /tcu-bot/prod (no trailing slash)')),
);

const envSchema = z.object({
  PORT: z._default(integerText(0, 65535), 3000),
  LOG_LEVEL: z._default(z.enum(['debug', 'info', 'warn', 'error', 'silent']), 'info'),
  DISPLAY_TIME_ZONE: z._default(timeZone, 'Asia/Shanghai'),
  DINGTALK_ROBOTS: jsonText(z.array(dingTalkRobotSchema)),
  DINGTALK_WEBHOOK_URL: z.optional(httpUrl()),
  DINGTALK_SECRET: z.optional(nonEmpty()),
  DINGTALK_LOCALE: z._default(z.enum(LOCALES), 'zh-CN'),
  DINGTALK_AT_MOBILES: csv,
  DINGTALK_AT_USER_IDS: csv,
  DINGTALK_AT_ALL: z._default(z.enum(['true', 'false']), 'false'),
  DINGTALK_AT_STATES: z.pipe(csv, z.array(z.enum(ALARM_STATES))),
  DINGTALK_MAX_PER_MINUTE: z._default(integerText(1, DINGTALK_MAX_PER_MINUTE), DINGTALK_MAX_PER_MINUTE),
  DINGTALK_SOLO_PER_MINUTE: z._default(integerText(0, DINGTALK_MAX_PER_MINUTE), DINGTALK_SOLO_PER_MINUTE),
  SLACK_BOT_TOKEN: z.optional(nonEmpty()),
  SLACK_DESTINATIONS: jsonText(z.array(slackDestinationSchema)),
  SLACK_CHANNELS: csv,
  SLACK_WEBHOOK_URL: z.optional(httpUrl()),
  SLACK_LOCALE: z._default(z.enum(LOCALES), 'en'),
  SLACK_MAX_PER_MINUTE: z._default(integerText(1, 600), 50),
  SNS_TOPIC_ARNS: csv,
  SNS_MAX_MESSAGE_AGE_SECONDS: z._default(integerText(60), 3600),
  HTTP_DELIVERY_BUDGET_MS: z._default(integerText(1000), 10_000),
  SEND_TIMEOUT_MS: z._default(integerText(500), 8000),
  AWS_LAMBDA_FUNCTION_NAME: z.optional(z.string()),
  AWS_REGION: z._default(
    z.string().check(z.regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'is not a region code such as ap-northeast-1')),
    'us-east-1',
  ),
  TIMESTREAM_ENDPOINT: z.optional(httpUrl()),
  TCU_METRIC_NAMESPACE: z._default(nonEmpty(), 'AWS/Usage'),
  TCU_METRIC_NAME: z._default(nonEmpty(), 'ResourceCount'),
  TCU_METRIC_DIMENSIONS: z.pipe(
    z._default(z.string(), 'Service=Timestream,Resource=QueryTCU,Type=Resource,Class=OnDemand'),
    z.transform((text: string, ctx) => {
      const pairs = text.split(',').map((pair) => pair.trim().split('='));
      if (pairs.some((pair) => pair.length !== 2 || !pair[0] || !pair[1]))
        return addIssue(ctx, text, 'must be Name=Value pairs separated by commas');
      return Object.fromEntries(pairs) as Record<string, string>;
    }),
  ),
  TCU_METRIC_PERIOD_SECONDS: z._default(z.pipe(integerText(60), z.number().check(z.multipleOf(60))), 60),
  COST_SERVICE: z._default(nonEmpty(), 'Amazon Timestream'),
  COST_METRIC: z._default(
    z.enum(['UnblendedCost', 'NetUnblendedCost', 'AmortizedCost', 'NetAmortizedCost', 'BlendedCost']),
    'UnblendedCost',
  ),
  COST_ALERT_THRESHOLD_PERCENT: z._default(numberText(0), 10),
  COST_ALERT_FLOOR_USD: z._default(numberText(0), 1),
  DINGTALK_APP_SECRET: z.optional(nonEmpty()),
  DINGTALK_APP_KEY: z.optional(nonEmpty()),
  SLACK_SIGNING_SECRET: z.optional(nonEmpty()),
  JOBS_TOPIC_ARN: z.optional(z.string().check(z.regex(/^arn:aws[a-z-]*:sns:/, 'is not an SNS topic ARN'))),
  STATE_TABLE: z.optional(z.string().check(z.minLength(3))),
  ALLOWED_USERS: csv,
  ALLOWED_CONVERSATIONS: csv,
  DATAGEN_MAX_SCALE: z._default(z.coerce.number().check(z.positive(), z.maximum(1000)), 10),
  LAB_CHECKPOINT: z.optional(nonEmpty()),
  LAB_DATABASE: z._default(
    z.string().check(z.regex(/^[a-zA-Z0-9_.-]{3,256}$/, 'must be 3–256 characters of letters, digits, _ . -')),
    'tcu_lab',
  ),
  LOADTEST_MAX_WORKERS: z._default(integerText(1, 1000), 200),
  LOADTEST_MAX_TOTAL_WORKERS: z._default(integerText(1, 2000), 200),
  LOADTEST_MAX_RATE: z._default(numberText(1, 2000), 200),
  LOADTEST_MAX_DURATION_MINUTES: z._default(numberText(0.1, 14), 14),
  WORKLOADS_S3_PREFIX: z.optional(
    // Empty is unset (serverless.yml passes '' when no bucket is configured).
    z.string().check(z.regex(/^$|^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/, 'must be s3://bucket/prefix/')),
  ),
  LAMBDA_TASK_ROOT: z.optional(nonEmpty()),
  GRAPHS_BUCKET: z.optional(
    z.string().check(z.regex(/^$|^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'is not an S3 bucket name')),
  ),
  SECRETS_PARAMETER_PATH: secretsPathSchema,
  LOCAL_DATA_PATH: z._default(nonEmpty(), '.data/emulator.duckdb'),
});

/**
 * The settings that are secrets. On Lambda they come from SSM Parameter Store (SecureString
 * parameters named `<SECRETS_PARAMETER_PATH>/<SETTING>`), never from the template or the bundle.
 */
export const SECRET_SETTINGS = [
  'DINGTALK_WEBHOOK_URL',
  'DINGTALK_SECRET',
  'DINGTALK_ROBOTS',
  'DINGTALK_APP_SECRET',
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_WEBHOOK_URL',
  'SLACK_DESTINATIONS',
] as const;
export type SecretSetting = (typeof SECRET_SETTINGS)[number];

/**
 * Where the secrets live in SSM Parameter Store (`SECRETS_PARAMETER_PATH`), read before the rest of
 * the configuration because the secrets are part of it. Undefined: secrets come from the environment.
 */
export function secretsParameterPath(env: Record<string, string | undefined> = process.env): string | undefined {
  const parsed = secretsPathSchema.safeParse(env['SECRETS_PARAMETER_PATH'] || undefined);
  if (!parsed.success)
    throw new ConfigError(
      `invalid configuration:\n  ${describeIssues(parsed.error, 'SECRETS_PARAMETER_PATH').join('\n  ')}`,
    );
  return parsed.data;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = z.infer<typeof envSchema>;

/** Reports a setting that is valid alone but not with the others, under that setting's name. */
function settingIssue(ctx: { issues: unknown[] }, env: Env, setting: keyof Env, message: string): typeof z.NEVER {
  ctx.issues.push({ code: 'custom', message, input: env[setting], path: [setting] });
  return z.NEVER;
}

/** The settings as the code reads them, built from the validated environment: `Config` is its output. */
const configSchema = z.pipe(
  envSchema,
  z.transform((env: Env, ctx) => {
    const slackDestinations = [...(env.SLACK_DESTINATIONS ?? []), ...singleSlack(env)];
    if (!env.SLACK_BOT_TOKEN && slackDestinations.some((slack) => slack.channel !== undefined))
      return settingIssue(ctx, env, 'SLACK_BOT_TOKEN', 'required when a Slack destination names a channel');
    // Without the table the command routes would not be mounted, and commands would get 404s.
    if (env.JOBS_TOPIC_ARN && !env.STATE_TABLE)
      return settingIssue(ctx, env, 'STATE_TABLE', 'required with JOBS_TOPIC_ARN (jobs are recorded there)');
    const mode: 'local' | 'lambda' = env.AWS_LAMBDA_FUNCTION_NAME ? 'lambda' : 'local';
    return {
      /** `lambda` when running inside AWS Lambda, else `local`. Decides the wiring, never domain logic. */
      mode,
      port: env.PORT,
      logLevel: env.LOG_LEVEL,
      displayTimeZone: env.DISPLAY_TIME_ZONE,
      dingtalk: {
        robots: [...(env.DINGTALK_ROBOTS ?? []), ...singleRobot(env)],
        maxPerMinute: env.DINGTALK_MAX_PER_MINUTE,
        soloPerMinute: Math.min(env.DINGTALK_SOLO_PER_MINUTE, env.DINGTALK_MAX_PER_MINUTE),
      },
      slack: {
        botToken: env.SLACK_BOT_TOKEN,
        destinations: slackDestinations,
        maxPerMinute: env.SLACK_MAX_PER_MINUTE,
      },
      sns: {
        topicAllowlist: env.SNS_TOPIC_ARNS,
        maxMessageAgeMs: env.SNS_MAX_MESSAGE_AGE_SECONDS * 1000,
      },
      /** How long an HTTP request (POST /sns) may wait for delivery before answering 503 so SNS retries. */
      httpDeliveryBudgetMs: env.HTTP_DELIVERY_BUDGET_MS,
      sendTimeoutMs: env.SEND_TIMEOUT_MS,
      aws: {
        region: env.AWS_REGION,
        /** Send Timestream, CloudWatch and Cost Explorer calls here (the local emulator) instead of AWS. */
        endpoint: env.TIMESTREAM_ENDPOINT,
        /** On AWS: the DynamoDB table shared by every invocation (deliveries and lanes, alarm starts, jobs, checkpoint). */
        stateTable: env.STATE_TABLE,
      },
      tcuMetric: {
        namespace: env.TCU_METRIC_NAMESPACE,
        metricName: env.TCU_METRIC_NAME,
        dimensions: env.TCU_METRIC_DIMENSIONS,
        periodSeconds: env.TCU_METRIC_PERIOD_SECONDS,
      },
      cost: {
        /** The Cost Explorer SERVICE value (`tcu-bot cost services` lists the real one). */
        service: env.COST_SERVICE,
        metric: env.COST_METRIC,
        thresholdPercent: env.COST_ALERT_THRESHOLD_PERCENT,
        floor: env.COST_ALERT_FLOOR_USD,
      },
      commands: {
        /** App secret of the DingTalk enterprise robot whose @-messages are commands (POST /dingtalk/events). */
        dingtalkAppSecret: env.DINGTALK_APP_SECRET,
        /** With the AppSecret, the local bot takes the robot's messages over DingTalk Stream mode. */
        dingtalkAppKey: env.DINGTALK_APP_KEY,
        /** Signing secret of the Slack app whose slash commands arrive at POST /slack/events. */
        slackSigningSecret: env.SLACK_SIGNING_SECRET,
        /** `platform:id` of users (or `platform:*`) and conversations allowed to run costly commands. */
        allowedUsers: env.ALLOWED_USERS,
        allowedConversations: env.ALLOWED_CONVERSATIONS,
        /** On AWS: the SNS topic that carries jobs to the worker function. */
        jobsTopicArn: env.JOBS_TOPIC_ARN,
        /** The language of answers, progress and reports on each platform (DINGTALK_LOCALE, SLACK_LOCALE). */
        locale: { dingtalk: env.DINGTALK_LOCALE, slack: env.SLACK_LOCALE },
      },
      /** On AWS: the private bucket alarm graphs are kept in (GetMetricWidgetImage → presigned URL); none without it. */
      graphsBucket: env.GRAPHS_BUCKET || undefined,
      /** `npm start`: the emulator's DuckDB file (git-ignored folder), kept across restarts. */
      localDataPath: env.LOCAL_DATA_PATH,
      lab: {
        database: env.LAB_DATABASE,
        /** The generation checkpoint file (git-ignored folder). */
        checkpointPath:
          env.LAB_CHECKPOINT ?? (mode === 'lambda' ? '/tmp/lab-checkpoint.json' : '.data/lab-checkpoint.json'),
        maxScale: env.DATAGEN_MAX_SCALE,
        /** Hard caps for load tests (a Lambda worker has 15 minutes). */
        maxWorkers: env.LOADTEST_MAX_WORKERS,
        maxTotalWorkers: env.LOADTEST_MAX_TOTAL_WORKERS,
        maxRatePerSecond: env.LOADTEST_MAX_RATE,
        maxDurationMs: Math.round(env.LOADTEST_MAX_DURATION_MINUTES * 60_000),
        workloads: {
          /** The bundled workload files: `workloads/` in the source tree, `dist/workloads/` in the Lambda package. */
          bundledDir: env.LAMBDA_TASK_ROOT && mode === 'lambda' ? `${env.LAMBDA_TASK_ROOT}/dist/workloads/` : undefined,
          /** `/loadtest start workload=<name>` also reads `<prefix><name>.yaml` from S3 (WORKLOADS_S3_PREFIX). */
          s3: env.WORKLOADS_S3_PREFIX ? s3Location(env.WORKLOADS_S3_PREFIX) : undefined,
        },
      },
    };
  }),
);

/** `s3://bucket/some/prefix/` → its bucket and key prefix. */
function s3Location(url: string): { bucket: string; prefix: string } {
  const [bucket, ...rest] = url.slice('s3://'.length).split('/');
  return { bucket: bucket!, prefix: rest.join('/') };
}

/** Every setting, validated: the output of the configuration's schema. */
export type Config = Readonly<z.output<typeof configSchema>>;

/** Reads and validates the configuration. Throws ConfigError naming every bad variable. */
export function loadConfig(overrides: Record<string, string | undefined> = {}): Config {
  const parsed = configSchema.safeParse({ ...process.env, ...overrides });
  if (!parsed.success) throw new ConfigError(`invalid configuration:\n  ${describeIssues(parsed.error).join('\n  ')}`);
  return parsed.data;
}

/** The case study's single-robot variables (DINGTALK_WEBHOOK_URL + DINGTALK_SECRET) as robot "default". */
function singleRobot(env: Env): DingTalkRobotConfig[] {
  if (!env.DINGTALK_WEBHOOK_URL) return [];
  const wantsMentions =
    env.DINGTALK_AT_MOBILES.length + env.DINGTALK_AT_USER_IDS.length > 0 || env.DINGTALK_AT_ALL === 'true';
  return [
    {
      name: 'default',
      webhookUrl: env.DINGTALK_WEBHOOK_URL,
      secret: env.DINGTALK_SECRET,
      locale: env.DINGTALK_LOCALE,
      mentions: wantsMentions
        ? {
            onStates: env.DINGTALK_AT_STATES.length > 0 ? env.DINGTALK_AT_STATES : ['ALARM'],
            atMobiles: env.DINGTALK_AT_MOBILES,
            atUserIds: env.DINGTALK_AT_USER_IDS,
            isAtAll: env.DINGTALK_AT_ALL === 'true',
          }
        : undefined,
    },
  ];
}

function singleSlack(env: Env): SlackDestinationConfig[] {
  const channels = env.SLACK_CHANNELS.map((channel) => ({
    name: `channel-${channel}`,
    channel,
    locale: env.SLACK_LOCALE,
  }));
  const webhook = env.SLACK_WEBHOOK_URL
    ? [{ name: 'webhook', webhookUrl: env.SLACK_WEBHOOK_URL, locale: env.SLACK_LOCALE }]
    : [];
  return [...channels, ...webhook];
}

/** A loggable summary: destination names and hosts, never tokens, secrets or full webhook URLs. */
export function describeConfig(config: Config): Record<string, unknown> {
  return {
    mode: config.mode,
    port: config.port,
    displayTimeZone: config.displayTimeZone,
    dingtalkRobots: config.dingtalk.robots.map((robot) => ({
      name: robot.name,
      host: new URL(robot.webhookUrl).host,
      signed: robot.secret !== undefined,
      locale: robot.locale,
    })),
    slackDestinations: config.slack.destinations.map((slack) => ({
      name: slack.name,
      via: slack.channel ? 'chat.postMessage' : 'incoming webhook',
      locale: slack.locale,
    })),
    hasSlackBotToken: config.slack.botToken !== undefined,
    snsTopics: config.sns.topicAllowlist,
    region: config.aws.region,
    awsEndpoint: config.aws.endpoint ?? 'AWS',
    cost: config.cost,
  };
}
