/**
 * The two wirings — AWS (Lambda) and local — and the only module that knows every adapter. Nothing
 * else builds a client, reads a secret or picks an implementation.
 */
import { AlarmIntake, type AlarmJournal } from './alarms/alarm-intake.ts';
import { MemoryAlarmHistory, type AlarmHistory } from './alarms/alarm-history.ts';
import type { GraphStore } from './alarms/graph/alarm-graphs.ts';
import type { AlarmRouting } from './alarms/forward.ts';
import { MemoryAlarmMutes, type AlarmMutes } from './alarms/alarm-mutes.ts';
import { MemoryAlarmPosts, type AlarmPosts } from './chat/slack/alarm-posts.ts';
import type { AlarmThreading } from './chat/slack/channel.ts';
import { SLACK_ACTION_TIMEOUT_MS } from './chat/slack/alarm-buttons.ts';
import { isAllowed, type Permissions } from './commands/permissions.ts';
import { verifySnsMessage, createCertificateSource } from './alarms/sns-signature.ts';
import type { SnsMessage } from './alarms/sns-envelope.ts';
import type { AppDeps } from './app.ts';
import { dingTalkRate } from './chat/dingtalk/rate.ts';
import { DingTalkRobot } from './chat/dingtalk/send.ts';
import type { Destination } from './chat/destination.ts';
import { MemoryDeliveryStore, type DeliveryStore } from './chat/outbox/delivery-store.ts';
import { Outbox } from './chat/outbox/outbox.ts';
import { SlackChannel, SlackWebhook, createSlackWebClient } from './chat/slack/send.ts';
import { loadConfig, secretsParameterPath, type Config } from './config.ts';
import { ConsoleDestination } from './local/console-destination.ts';
import type { LabTarget } from './lab/lab-target.ts';
import { randomUUID } from 'node:crypto';
import type { Caller, CommandRunner } from './commands/run-command.ts';
import type { Job, ReplyAddress } from './jobs/job.ts';
import type { JobLimits } from './jobs/job-options.ts';
import type { JobStore } from './jobs/job-store.ts';
import type { ComposeNotice, JobObserver, JobRunnerDeps } from './jobs/run-job.ts';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { MonitorDeps } from './monitor/monitor.ts';
import { systemClock, type Clock } from './shared/clock.ts';
import { createLogger, type Logger } from './shared/logger.ts';
import { lazily } from './shared/lazy.ts';

export interface Deps extends AppDeps {
  readonly config: Config;
  readonly store: DeliveryStore;
  /** The configured chat destinations (not the console). */
  readonly destinations: readonly Destination[];
  /** Chat commands, when this wiring answers them (the console page calls it directly). */
  readonly runCommand: CommandRunner | undefined;
  /** Posts into a conversation by its reply address (DingTalk Stream mode's answers). */
  readonly replies: () => Promise<ReplyPoster>;
}

/** Things tests (and the console page) may swap: the clock, the network, the store, extra destinations. */
export interface DepsOverrides {
  readonly clock?: Clock;
  readonly fetch?: typeof fetch;
  readonly logger?: Logger;
  readonly store?: DeliveryStore;
  /** Local: the state file's stores and alarm journal (alarms are then acknowledged once journaled). */
  readonly localState?: {
    readonly store: DeliveryStore;
    readonly history: AlarmHistory;
    readonly journal: AlarmJournal;
    readonly mutes?: AlarmMutes;
    readonly slackPosts?: AlarmPosts;
  };
  readonly extraDestinations?: readonly Destination[];
  readonly random?: () => number;
  /** Where the local console destination prints (default: stdout). */
  readonly consoleWrite?: (text: string) => void;
  /** Local: the console page's destinations, for alarms and for replies, instead of stdout alone. */
  readonly consoles?: { readonly alarms: Destination; readonly replies: Destination };
  /** Local: the console page watches jobs' figures. */
  readonly jobObserver?: JobObserver;
  /** How the before/after report waits for the account to go idle between sides (tests skip it). */
  readonly compareSettle?: (untilMs: number) => Promise<void>;
  /** Local: where alarm graphs are drawn and kept (the emulator's CloudWatch, served by the bot). */
  readonly graphStore?: GraphStore;
}

/** On AWS: graphs by CloudWatch, kept in the graphs bucket; the S3 client loads on the first graph. */
function awsGraphStore(config: Config): GraphStore | undefined {
  const bucket = config.graphsBucket;
  if (!bucket) return undefined;
  let ready: Promise<GraphStore> | undefined;
  const store = () =>
    (ready ??= import('./alarms/graph/s3-graph-store.ts').then(({ s3GraphStore }) =>
      s3GraphStore({ bucket, region: config.aws.region }),
    ));
  return {
    render: async (widget, region, signal) => (await store()).render(widget, region, signal),
    keep: async (key, png, signal) => (await store()).keep(key, png, signal),
  };
}

export function buildDestinations(
  config: Config,
  clock: Clock,
  fetchFn: typeof fetch,
  threading?: AlarmThreading,
): Destination[] {
  const dingtalkRate = dingTalkRate(config.dingtalk.maxPerMinute, config.dingtalk.soloPerMinute);
  const slackRate = {
    limit: config.slack.maxPerMinute,
    windowMs: 60_000,
    soloLimit: Math.ceil(config.slack.maxPerMinute / 2),
    digestMaxEntries: 40,
  };
  const robots = config.dingtalk.robots.map(
    (robot) =>
      new DingTalkRobot({
        name: robot.name,
        webhookUrl: robot.webhookUrl,
        secret: robot.secret,
        locale: robot.locale,
        mentions: robot.mentions,
        rate: dingtalkRate,
        timeoutMs: config.sendTimeoutMs,
        clock,
        fetch: fetchFn,
      }),
  );
  const client = config.slack.botToken ? createSlackWebClient(config.slack.botToken, config.sendTimeoutMs) : undefined;
  const slack = config.slack.destinations.map((destination) => {
    const common = {
      name: destination.name,
      locale: destination.locale,
      rate: slackRate,
    };
    if (destination.channel && client)
      return new SlackChannel({ ...common, channel: destination.channel, client, threading });
    return new SlackWebhook({
      ...common,
      timeoutMs: config.sendTimeoutMs,
      webhookUrl: destination.webhookUrl!,
      clock,
      fetch: fetchFn,
    });
  });
  return [...robots, ...slack];
}

function permissionsOf(config: Config): Permissions {
  return {
    users: new Set(config.commands.allowedUsers),
    conversations: new Set(config.commands.allowedConversations),
  };
}

const stateTableClients = new Map<string, Promise<DynamoDBDocumentClient>>();

/** One DynamoDB document client per region for the state table's stores (one connection pool), loaded on first use. */
function stateTableClient(region: string): Promise<DynamoDBDocumentClient> {
  let client = stateTableClients.get(region);
  if (!client) {
    client = (async () => {
      const [{ DynamoDBClient }, { DynamoDBDocumentClient }] = await Promise.all([
        import('@aws-sdk/client-dynamodb'),
        import('@aws-sdk/lib-dynamodb'),
      ]);
      return DynamoDBDocumentClient.from(new DynamoDBClient({ region, maxAttempts: 3 }), {
        marshallOptions: { removeUndefinedValues: true },
      });
    })();
    stateTableClients.set(region, client);
  }
  return client;
}

interface CommandBase {
  readonly outbox: Outbox;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The configured chat destinations (DingTalk robots serve as the fallback for an expired session). */
  readonly destinations: readonly Destination[];
  readonly console: Destination | undefined;
  readonly observer?: JobObserver | undefined;
  readonly compareSettle?: ((untilMs: number) => Promise<void>) | undefined;
  /** Where alarm graphs are drawn and kept (`/alarms` uses them too). */
  readonly graphs?: AlarmRouting['graphs'];
  readonly mutes: AlarmMutes;
}

/** Where jobs live and how they travel: memory and this process locally; DynamoDB and SNS on AWS. */
interface JobBackend {
  readonly store: JobStore;
  /** Undefined locally: jobs run in this process. */
  readonly enqueueTo: ((job: Job) => Promise<void>) | undefined;
  readonly checkpoints: JobRunnerDeps['checkpoints'];
}

async function jobBackend(config: Config, mode: 'aws' | 'local'): Promise<JobBackend> {
  if (mode === 'local') {
    const { MemoryJobStore } = await import('./jobs/job-store.ts');
    return { store: new MemoryJobStore(), enqueueTo: undefined, checkpoints: undefined };
  }
  const { jobsTopicArn } = config.commands;
  const { stateTable } = config.aws;
  if (!jobsTopicArn || !stateTable) throw new Error('chat commands on AWS need JOBS_TOPIC_ARN and STATE_TABLE');
  const [dynamo, { SNSClient }, { DynamoJobStore }, { SnsJobQueue }, { DynamoCheckpointMirror }] = await Promise.all([
    stateTableClient(config.aws.region),
    import('@aws-sdk/client-sns'),
    import('./jobs/dynamo-job-store.ts'),
    import('./jobs/sns-job-queue.ts'),
    import('./jobs/dynamo-checkpoint-mirror.ts'),
  ]);
  const queue = new SnsJobQueue(new SNSClient({ region: config.aws.region, maxAttempts: 3 }), jobsTopicArn);
  return {
    store: new DynamoJobStore(dynamo, stateTable),
    enqueueTo: (job) => queue.enqueue(job),
    checkpoints: new DynamoCheckpointMirror(dynamo, stateTable, config.lab.database),
  };
}

/** Posting to the conversation that asked (its reply address), through the outbox. */
export interface ReplyPoster {
  post(address: ReplyAddress, compose: ComposeNotice, key: string): Promise<void>;
  /** Why the address cannot be answered, or undefined when it can. */
  check(address: ReplyAddress): string | undefined;
}

async function replyPoster(config: Config, mode: 'aws' | 'local', base: CommandBase): Promise<ReplyPoster> {
  const { replyDestinations } = await import('./chat/reply-destinations.ts');
  const replyOptions = {
    isLocal: mode === 'local',
    clock: base.clock,
    timeoutMs: config.sendTimeoutMs,
    dingtalkFallback: base.destinations.filter((destination) => destination.kind === 'dingtalk'),
    slackBot: config.slack.botToken ? createSlackWebClient(config.slack.botToken, config.sendTimeoutMs) : undefined,
    slackFallback: base.destinations.filter((destination) => destination.kind === 'slack'),
    console: base.console,
    locale: config.commands.locale,
  } as const;
  return {
    post: async (address, compose, key) => {
      // Each destination composes the message in its own locale; a digest line (rare for replies) is English.
      const notice = compose('en');
      await base.outbox.deliver(
        {
          id: key,
          compose,
          digest: {
            id: key,
            severity: notice.severity,
            state: 'MESSAGE',
            name: notice.summary,
            regionCode: undefined,
            atMs: base.clock.now(),
          },
        },
        { to: replyDestinations(address, replyOptions) },
      );
    },
    check: (address) => {
      try {
        replyDestinations(address, replyOptions);
        return undefined;
      } catch (error) {
        return (error as Error).message;
      }
    },
  };
}

/**
 * Everything that runs a job: the lab's target, the TCU source, and posting through the outbox to
 * the conversation that asked. Locally the command's own process runs it; on AWS the worker function.
 */
async function jobRunner(
  config: Config,
  mode: 'aws' | 'local',
  base: CommandBase,
  { store, enqueueTo, checkpoints }: JobBackend,
) {
  // The lab's Timestream clients only when a job runs: the HTTP function answers commands without them.
  const lab = lazily(() => labTarget(config, { endpoint: config.aws.endpoint }));
  const [monitor, { runJob }, { workloadCatalog, s3ObjectReader }] = await Promise.all([
    monitorDeps(config, { clock: base.clock }),
    import('./jobs/run-job.ts'),
    import('./lab/workload/workload-catalog.ts'),
  ]);
  const { workloads: where } = config.lab;
  const workloads = workloadCatalog({
    bundledDir: where.bundledDir,
    s3: where.s3,
    readObject: where.s3 ? s3ObjectReader(config.aws.region) : undefined,
  });
  const limits: JobLimits = {
    maxWorkers: config.lab.maxWorkers,
    maxTotalWorkers: config.lab.maxTotalWorkers,
    maxRatePerSecond: config.lab.maxRatePerSecond,
    maxDurationMs: config.lab.maxDurationMs,
    maxScale: config.lab.maxScale,
  };
  const replies = await replyPoster(config, mode, base);
  const post = (job: Job, compose: ComposeNotice, key: string) => replies.post(job.replyTo, compose, key);
  const checkReplyAddress = (address: ReplyAddress) => replies.check(address);
  return {
    monitor,
    limits,
    checkReplyAddress,
    workloads,
    /** `deadlineAtMs`: on Lambda, when the invocation must wrap up (data generation then continues in a new one). */
    run: async (job: Pick<Job, 'id' | 'kind'>, deadlineAtMs?: number) =>
      runJob(job, {
        store,
        lab: await lab(),
        tcu: monitor.tcu,
        checkpointPath: config.lab.checkpointPath,
        post,
        clock: base.clock,
        logger: base.logger,
        deadlineAtMs,
        continueLater: enqueueTo,
        checkpoints,
        observer: base.observer,
        compareSettle: base.compareSettle,
        workloads,
        // The worker's role may read only the lab database (serverless.yml): workloads run there on AWS.
        workloadDatabase: mode === 'aws' ? config.lab.database : undefined,
      }),
  };
}

/**
 * Commands with their jobs, built on the first command (the SDK clients load then). Locally jobs run
 * in this process; on Lambda nothing may run after the response, so they go to the worker over SNS.
 */
function commandRunner(config: Config, mode: 'aws' | 'local', base: CommandBase): CommandRunner {
  let ready: Promise<CommandRunner> | undefined;
  const build = async () => {
    const [backend, { InProcessJobQueue }, { runCommand }] = await Promise.all([
      jobBackend(config, mode),
      import('./jobs/job-queue.ts'),
      import('./commands/run-command.ts'),
    ]);
    const { store, enqueueTo } = backend;
    const runner = await jobRunner(config, mode, base, backend);
    const queue = enqueueTo
      ? { enqueue: enqueueTo }
      : new InProcessJobQueue(
          (job) => runner.run(job),
          (job, error) => base.logger.error('job not recorded as finished', { jobId: job.id, kind: job.kind, error }),
        );
    const permissions = permissionsOf(config);
    return (text: string, caller: Caller) =>
      runCommand(text, caller, {
        store,
        queue,
        monitor: runner.monitor,
        permissions,
        limits: runner.limits,
        clock: base.clock,
        logger: base.logger,
        newId: () => randomUUID(),
        timeZone: config.displayTimeZone,
        checkReplyAddress: runner.checkReplyAddress,
        workloads: runner.workloads,
        graphs: base.graphs,
        mutes: base.mutes,
      });
  };
  return async (text, caller) => (await (ready ??= build()))(text, caller);
}

/** Whether this wiring answers chat commands: locally against an endpoint; on AWS with the jobs topic and table. */
function hasCommands(config: Config, mode: 'aws' | 'local'): boolean {
  return mode === 'local'
    ? config.aws.endpoint !== undefined
    : config.commands.jobsTopicArn !== undefined && config.aws.stateTable !== undefined;
}

/**
 * On AWS with STATE_TABLE, the dedupe records, rate lanes and alarm start times live in the table,
 * where invocations running side by side agree; in memory locally and without a table. The DynamoDB
 * client loads on first use, not at cold start.
 */
interface SharedState {
  readonly store: DeliveryStore;
  readonly history: AlarmHistory;
  readonly mutes: AlarmMutes;
  /** Slack messages of alarms, for threads and updates. */
  readonly slackPosts: AlarmPosts;
}

function sharedState(config: Config, mode: 'aws' | 'local'): SharedState {
  const table = config.aws.stateTable;
  if (mode === 'local' || !table)
    return {
      store: new MemoryDeliveryStore(),
      history: new MemoryAlarmHistory(),
      mutes: new MemoryAlarmMutes(),
      slackPosts: new MemoryAlarmPosts(),
    };
  let ready: Promise<SharedState> | undefined;
  const load = async () => {
    const [client, { DynamoDeliveryStore }, { DynamoAlarmHistory }, { DynamoAlarmMutes }, { DynamoAlarmPosts }] =
      await Promise.all([
        stateTableClient(config.aws.region),
        import('./chat/outbox/dynamo-delivery-store.ts'),
        import('./alarms/dynamo-alarm-history.ts'),
        import('./alarms/dynamo-alarm-mutes.ts'),
        import('./chat/slack/dynamo-alarm-posts.ts'),
      ]);
    return {
      store: new DynamoDeliveryStore(client, table),
      history: new DynamoAlarmHistory(client, table),
      mutes: new DynamoAlarmMutes(client, table),
      slackPosts: new DynamoAlarmPosts(client, table),
    };
  };
  const state = () => (ready ??= load());
  return {
    store: {
      isDelivered: async (key, nowMs) => (await state()).store.isDelivered(key, nowMs),
      markDelivered: async (keys, expiresAtMs) => (await state()).store.markDelivered(keys, expiresAtMs),
      claim: async (key, owner, nowMs, leaseUntilMs) => (await state()).store.claim(key, owner, nowMs, leaseUntilMs),
      release: async (key, owner) => (await state()).store.release(key, owner),
      updateLane: async (laneId, change) => (await state()).store.updateLane(laneId, change),
    },
    history: { recordStateChange: async (alarm) => (await state()).history.recordStateChange(alarm) },
    mutes: {
      mute: async (name, mute) => (await state()).mutes.mute(name, mute),
      unmute: async (name) => (await state()).mutes.unmute(name),
      mutedAt: async (name, nowMs) => (await state()).mutes.mutedAt(name, nowMs),
    },
    slackPosts: {
      remember: async (key, post, expiresAtMs) => (await state()).slackPosts.remember(key, post, expiresAtMs),
      find: async (key, nowMs) => (await state()).slackPosts.find(key, nowMs),
      forget: async (key) => (await state()).slackPosts.forget(key),
    },
  };
}

function wire(config: Config, mode: 'aws' | 'local', overrides: DepsOverrides): Deps {
  const clock = overrides.clock ?? systemClock;
  const fetchFn = overrides.fetch ?? ((input, init) => fetch(input, init));
  const logger = overrides.logger ?? createLogger({ level: config.logLevel });
  const shared = overrides.localState
    ? {
        ...overrides.localState,
        mutes: overrides.localState.mutes ?? new MemoryAlarmMutes(),
        slackPosts: overrides.localState.slackPosts ?? new MemoryAlarmPosts(),
      }
    : sharedState(config, mode);
  const store = overrides.store ?? shared.store;
  const consoleDestination =
    mode === 'local'
      ? (overrides.consoles?.alarms ?? new ConsoleDestination(config.commands.locale.dingtalk, overrides.consoleWrite))
      : undefined;
  const replyConsole = mode === 'local' ? (overrides.consoles?.replies ?? consoleDestination) : undefined;
  const configured = buildDestinations(config, clock, fetchFn, { posts: shared.slackPosts, clock, logger });
  const destinations = [
    ...configured,
    ...(consoleDestination ? [consoleDestination] : []),
    ...(overrides.extraDestinations ?? []),
  ];
  const outbox = new Outbox({
    destinations,
    store,
    clock,
    logger,
    timeZone: config.displayTimeZone,
    random: overrides.random,
  });
  const graphStore = overrides.graphStore ?? (mode === 'aws' ? awsGraphStore(config) : undefined);
  const graphs = graphStore ? { store: graphStore, clock, logger } : undefined;
  const journal = overrides.localState?.journal;
  const intake = journal
    ? new AlarmIntake({
        journal,
        routing: {
          outbox,
          history: shared.history,
          timeZone: config.displayTimeZone,
          graphs,
          mutes: shared.mutes,
          clock,
        },
        clock,
        logger,
      })
    : undefined;
  const getCertificate = createCertificateSource(fetchFn, { clock });
  const base: CommandBase = {
    outbox,
    clock,
    logger,
    destinations: configured,
    console: replyConsole,
    observer: overrides.jobObserver,
    compareSettle: overrides.compareSettle,
    graphs,
    mutes: shared.mutes,
  };
  const commands = hasCommands(config, mode) ? commandRunner(config, mode, base) : undefined;
  return {
    config,
    store,
    replies: lazily(() => replyPoster(config, mode, base)),
    destinations: configured,
    runCommand: commands,
    outbox,
    history: shared.history,
    graphs,
    mutes: shared.mutes,
    intake,
    logger,
    clock,
    timeZone: config.displayTimeZone,
    deliveryBudgetMs: config.httpDeliveryBudgetMs,
    hasDevRoutes: mode === 'local',
    dingtalk:
      commands && config.commands.dingtalkAppSecret
        ? {
            appSecret: config.commands.dingtalkAppSecret,
            // The delivery store's atomic claim, shared by every Lambda instance through the state table.
            firstUse: async (key, untilMs) =>
              (await store.claim(key, randomUUID(), clock.now(), untilMs)) === 'claimed',
            clock,
            logger,
            runCommand: commands,
            locale: config.commands.locale.dingtalk,
          }
        : undefined,
    slack:
      commands && config.commands.slackSigningSecret
        ? {
            signingSecret: config.commands.slackSigningSecret,
            botToken: config.slack.botToken,
            clock,
            logger,
            runCommand: commands,
            locale: config.commands.locale.slack,
            actions: {
              posts: shared.slackPosts,
              mutes: shared.mutes,
              client: config.slack.botToken
                ? createSlackWebClient(config.slack.botToken, SLACK_ACTION_TIMEOUT_MS)
                : undefined,
              isAllowed: (userId, channelId) =>
                isAllowed({ platform: 'slack', userId, conversationId: channelId }, permissionsOf(config)),
              firstUse: async (key, untilMs) =>
                (await store.claim(key, randomUUID(), clock.now(), untilMs)) === 'claimed',
              clock,
              logger,
              locale: config.commands.locale.slack,
              timeZone: config.displayTimeZone,
              fetch: fetchFn,
              timeoutMs: SLACK_ACTION_TIMEOUT_MS,
            },
          }
        : undefined,
    verifySns: (message: SnsMessage) =>
      verifySnsMessage(message, {
        nowMs: clock.now(),
        topicAllowlist: config.sns.topicAllowlist,
        maxMessageAgeMs: config.sns.maxMessageAgeMs,
        getCertificate,
      }),
    confirmSubscription: async (subscribeUrl: string) => {
      const response = await fetchFn(subscribeUrl, {
        signal: AbortSignal.timeout(config.sendTimeoutMs),
        redirect: 'error',
      });
      if (!response.ok) throw new Error(`SubscribeURL answered HTTP ${response.status}`);
    },
  };
}

/**
 * The monitoring sources: CloudWatch + Timestream account settings for QueryTCU, Cost Explorer
 * (us-east-1) for cost. With an endpoint (the emulator) every client goes there, and figures are
 * labelled as local estimates. Each source loads its SDK clients on its first call, so the alarm and
 * HTTP functions never pay their start-up, and the daily cost check loads only Cost Explorer's.
 */
export function monitorDeps(
  config: Config,
  options: { clock?: Clock; endpoint?: string | undefined } = {},
): Promise<MonitorDeps> {
  const endpoint = options.endpoint ?? config.aws.endpoint;
  const local = async () =>
    endpoint ? { endpoint, credentials: (await import('./timestream/clients.ts')).EMULATOR_CREDENTIALS } : {};
  const tcuSource = lazily(async () => {
    const [{ CloudWatchClient }, { CloudWatchTcuSource }, { createTimestreamClients }] = await Promise.all([
      import('@aws-sdk/client-cloudwatch'),
      import('./monitor/cloudwatch-tcu-source.ts'),
      import('./timestream/clients.ts'),
    ]);
    const cloudwatch = new CloudWatchClient({ region: config.aws.region, maxAttempts: 3, ...(await local()) });
    return new CloudWatchTcuSource(
      cloudwatch,
      createTimestreamClients({ region: config.aws.region, endpoint }).query,
      config.tcuMetric,
    );
  });
  const costSource = lazily(async () => {
    const [{ CostExplorerClient }, { CostExplorerSource }] = await Promise.all([
      import('@aws-sdk/client-cost-explorer'),
      import('./monitor/cost-explorer-source.ts'),
    ]);
    return new CostExplorerSource(new CostExplorerClient({ region: 'us-east-1', maxAttempts: 3, ...(await local()) }), {
      service: config.cost.service,
      metric: config.cost.metric,
    });
  });
  const alarmSource = lazily(async () => {
    const [{ CloudWatchClient }, { cloudWatchOpenAlarms }] = await Promise.all([
      import('@aws-sdk/client-cloudwatch'),
      import('./monitor/open-alarms.ts'),
    ]);
    return cloudWatchOpenAlarms(
      new CloudWatchClient({ region: config.aws.region, maxAttempts: 2, ...(await local()) }),
    );
  });
  return Promise.resolve({
    alarms: { openAlarms: async () => (await alarmSource()).openAlarms() },
    tcu: {
      minuteTcu: async (fromMs, toMs) => (await tcuSource()).minuteTcu(fromMs, toMs),
      accountSettings: async () => (await tcuSource()).accountSettings(),
    },
    cost: {
      dailyCosts: async (startDay, endDayExclusive) => (await costSource()).dailyCosts(startDay, endDayExclusive),
      serviceNames: async (contains, startDay, endDayExclusive) =>
        (await costSource()).serviceNames(contains, startDay, endDayExclusive),
    },
    clock: options.clock ?? systemClock,
    costPolicy: { thresholdPercent: config.cost.thresholdPercent, floor: config.cost.floor },
    costMetric: config.cost.metric,
    isLocalEstimate: endpoint !== undefined,
  });
}

/**
 * The lab's target: Timestream clients (or the emulator's), and the load-test client factory. The SDK
 * loads on first use, as in monitorDeps, so functions that never run the lab never load it.
 */
export async function labTarget(
  config: Config,
  options: { endpoint: string | undefined; database?: string | undefined },
): Promise<LabTarget> {
  const { createTimestreamClients } = await import('./timestream/clients.ts');
  const connection = { region: config.aws.region, endpoint: options.endpoint };
  return {
    clients: createTimestreamClients({ ...connection, maxAttempts: 3 }),
    database: options.database ?? config.lab.database,
    region: config.aws.region,
    isLocal: options.endpoint !== undefined,
    loadTestClient: (maxSockets, stopSignal) =>
      createTimestreamClients({ ...connection, maxAttempts: 1, maxSockets, stopSignal }).query,
  };
}

/**
 * The Lambda configuration: the environment plus, with SECRETS_PARAMETER_PATH, the secrets kept in
 * SSM Parameter Store (read once per container; the SSM client loads only here).
 */
export async function loadAwsConfig(): Promise<Config> {
  const path = secretsParameterPath();
  if (!path) return loadConfig();
  const [{ SSMClient }, { readSecretParameters }] = await Promise.all([
    import('@aws-sdk/client-ssm'),
    import('./secrets/ssm-secrets.ts'),
  ]);
  // The SDK takes the region from Lambda's AWS_REGION.
  const { values, ignored } = await readSecretParameters(new SSMClient({ maxAttempts: 3 }), path);
  const config = loadConfig(values);
  if (ignored.length > 0)
    createLogger({ level: config.logLevel }).warn('SSM parameters that name no secret setting were ignored', {
      path,
      ignored,
    });
  return config;
}

/**
 * Lambda wiring. With STATE_TABLE, dedupe records and rate lanes live in DynamoDB; without it they
 * are per warm container (memory), which config allows and the README says.
 */
export function awsDeps(config: Config, overrides: DepsOverrides = {}): Deps {
  return wire(config, 'aws', overrides);
}

/**
 * The worker function's wiring: the Lambda graph plus what runs a job, over the DynamoDB job store.
 * Loads the Timestream, CloudWatch, DynamoDB and SNS clients at once: the worker runs nothing else.
 */
export async function awsWorker(
  config: Config,
  overrides: DepsOverrides = {},
): Promise<{ deps: Deps; run: (job: Pick<Job, 'id' | 'kind'>, deadlineAtMs: number) => Promise<void> }> {
  const deps = wire(config, 'aws', overrides);
  const backend = await jobBackend(config, 'aws');
  const runner = await jobRunner(
    config,
    'aws',
    {
      outbox: deps.outbox,
      clock: deps.clock,
      logger: deps.logger,
      destinations: deps.destinations,
      console: undefined,
      mutes: deps.mutes!,
    },
    backend,
  );
  return { deps, run: runner.run };
}

/** `npm start` wiring: the same graph plus the terminal as a destination and the unsigned dev routes. */
export function localDeps(config: Config, overrides: DepsOverrides = {}): Deps {
  return wire(config, 'local', overrides);
}
