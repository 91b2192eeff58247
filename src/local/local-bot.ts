/**
 * The whole bot on a laptop: the Timestream emulator (data kept in a file across restarts), the bot
 * with the local wiring (jobs in this process; deliveries, lanes and the alarm journal in a state
 * file), the console page with its live feed, and the lab's tables set up so `/tcu status` and the
 * experiments answer at once.
 * `npm start` and the browser tests both start it here.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { inboundFromSns } from '../alarms/inbound.ts';
import { parseLambdaSnsEvent } from '../alarms/sns-envelope.ts';
import { createApp } from '../app.ts';
import { UNLIMITED } from '../chat/destination.ts';
import { loadConfig, type Config } from '../config.ts';
import { labTarget, localDeps } from '../deps.ts';
import type { RunningEmulator } from '../emulator/server.ts';
import { setupLab } from '../lab/setup.ts';
import { systemClock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import { dingTalkRate } from '../chat/dingtalk/rate.ts';
import { announceEndpoint } from '../emulator/announce.ts';
import { sessionAddress } from '../chat/dingtalk/robot-message.ts';
import { connectDingTalkStream } from '../chat/dingtalk/stream.ts';
import { LocalGraphStore } from '../alarms/graph/local-graph-store.ts';
import { ConsoleHub } from './console/hub.ts';
import { consoleJobObserver } from './console/job-observer.ts';
import { PageDestination } from './console/page-destination.ts';
import { consoleRoutes } from './console/routes.ts';
import { sampleAlarmEvent, sampleStormEvent } from './console/sample-alarms.ts';
import { StoryPlayer } from './console/story-player.ts';
import { SqliteAlarmHistory } from './state/sqlite-alarm-history.ts';
import { SqliteAlarmJournal } from './state/sqlite-alarm-journal.ts';
import { SqliteDeliveryStore } from './state/sqlite-delivery-store.ts';
import { SqliteAlarmMutes } from './state/sqlite-alarm-mutes.ts';
import { SqliteAlarmPosts } from './state/sqlite-alarm-posts.ts';
import { openStateFile } from './state/state-file.ts';
import type { StoryOptionsInput } from '../lab/story/story-options.ts';

/** The console's alarm feed is limited like a DingTalk robot (storms become digests). */
const ROBOT_RATE = dingTalkRate();
/** Who the page offers: the first is always allowed, the second only if ALLOWED_USERS names it. */
const DEFAULT_USERS = ['operator', 'guest'];

export interface LocalBotOptions {
  /** 0: a free port. */
  readonly port: number;
  /** The emulator's DuckDB file, or ':memory:'. Ignored when TIMESTREAM_ENDPOINT names another emulator. */
  readonly dataPath: string;
  /**
   * The bot's state file (deliveries, lanes, alarm journal); default `bot-state.sqlite` beside
   * `dataPath`, or in memory when that is ':memory:'.
   */
  readonly statePath?: string;
  /** Settings over the environment's (tests). */
  readonly env?: Record<string, string | undefined>;
  /** Where messages are printed as well (default stdout). */
  readonly write?: (text: string) => void;
  readonly logger?: Logger;
  /** Tests: how the before/after report waits between its sides (default: the real wait). */
  readonly compareSettle?: (untilMs: number) => Promise<void>;
  /** Tests: the console's story with smaller data (default: `lab story`'s defaults). */
  readonly storyOptions?: StoryOptionsInput;
  /** Says what start-up is doing, step by step (`npm start` prints it). */
  readonly onStep?: (step: string) => void;
}

export interface LocalBot {
  readonly url: string;
  readonly config: Config;
  readonly emulator: RunningEmulator | undefined;
  readonly story: StoryPlayer;
  close(): Promise<void>;
}

async function clientScript(): Promise<string> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./console/client.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    logLevel: 'warning',
  });
  return result.outputFiles[0]!.text;
}

/** Where the bot keeps its state by default: beside the emulator's data. */
export function defaultStatePath(dataPath: string): string {
  return dataPath === ':memory:' ? ':memory:' : join(dirname(dataPath), 'bot-state.sqlite');
}

export async function startLocalBot(options: LocalBotOptions): Promise<LocalBot> {
  const given = loadConfig(options.env);
  // First, so a second bot on the same files is refused before anything starts.
  const state = openStateFile(options.statePath ?? defaultStatePath(options.dataPath), systemClock.now());
  let emulator: RunningEmulator | undefined;
  const step = options.onStep ?? (() => undefined);
  if (!given.aws.endpoint) {
    step(
      options.dataPath === ':memory:'
        ? 'starting the emulator (data in memory)'
        : `opening the emulator's data: ${options.dataPath}${sizeOf(options.dataPath)}`,
    );
    const { startEmulator } = await import('../emulator/server.ts');
    emulator = await startEmulator(options.dataPath === ':memory:' ? {} : { dataPath: options.dataPath });
  }
  const config = loadConfig({
    ...options.env,
    TIMESTREAM_ENDPOINT: given.aws.endpoint ?? emulator!.endpoint,
    // The console's first user may run everything, whatever allowlist the chat platforms have: the
    // page answers only on loopback, with its per-run token.
    ALLOWED_USERS: [...new Set([...given.commands.allowedUsers, `console:${DEFAULT_USERS[0]}`])].join(','),
    PORT: String(options.port),
  });
  const hub = new ConsoleHub();
  const clock = systemClock;
  // Alarm graphs: drawn by the emulator's CloudWatch (this bot's or the one it was pointed at), served here.
  let baseUrl = `http://127.0.0.1:${options.port}`;
  const graphStore = new LocalGraphStore(config.aws.endpoint!, () => baseUrl);
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  const tcu = () =>
    emulator ? { inUse: emulator.capacity.tcuInUse(), max: emulator.capacity.maxQueryTcu() } : undefined;
  const observer = consoleJobObserver(hub, clock, tcu);
  const alarmsPage = new PageDestination({
    feed: 'alarms',
    hub,
    clock,
    locales: config.commands.locale,
    rate: ROBOT_RATE,
    write,
  });
  const deps = localDeps(config, {
    logger: options.logger,
    localState: {
      store: new SqliteDeliveryStore(state, () => clock.now()),
      history: new SqliteAlarmHistory(state),
      journal: new SqliteAlarmJournal(state),
      mutes: new SqliteAlarmMutes(state),
      slackPosts: new SqliteAlarmPosts(state),
    },
    compareSettle: options.compareSettle,
    consoles: {
      alarms: alarmsPage,
      replies: new PageDestination({
        feed: 'replies',
        hub,
        clock,
        locales: config.commands.locale,
        rate: UNLIMITED,
        write,
      }),
    },
    jobObserver: observer,
    graphStore,
  });
  const intake = deps.intake!;
  const users = [
    ...new Set([
      ...DEFAULT_USERS,
      ...config.commands.allowedUsers
        .filter((user) => user.startsWith('console:') && user !== 'console:*')
        .map((user) => user.slice('console:'.length)),
    ]),
  ];
  const fireAlarm = async (kind: 'single' | 'storm') => {
    const event = kind === 'single' ? sampleAlarmEvent(clock.now()) : sampleStormEvent(clock.now());
    for (const record of parseLambdaSnsEvent(event)) {
      if (record.ok) await intake.accept(inboundFromSns(record.message));
    }
  };
  const story = new StoryPlayer({
    config,
    hub,
    alarms: alarmsPage,
    endpoint: config.aws.endpoint!,
    locale: config.commands.locale.slack,
    clock,
    logger: deps.logger,
    options: options.storyOptions,
  });
  const app = createApp({
    ...deps,
    console: consoleRoutes({
      hub,
      locales: config.commands.locale,
      token: randomUUID(),
      clientScript: await clientScript(),
      users,
      runCommand: deps.runCommand,
      fireAlarm,
      startStory: () => story.start(),
      clock,
      logger: deps.logger,
    }),
  });

  app.get('/graphs/:file{[0-9a-f]{32}\\.png}', (c) => {
    const png = graphStore.image(c.req.param('file').slice(0, -'.png'.length));
    if (!png) return c.json({ error: 'not-found', message: 'no such graph (the bot keeps the latest 200)' }, 404);
    return c.body(Buffer.from(png), 200, { 'content-type': 'image/png', 'cache-control': 'private, max-age=86400' });
  });

  // The lab's database and tables, so /tcu status and the experiments work at once (safe to rerun).
  step('checking the lab tables');
  await setupLab(await labTarget(config, { endpoint: config.aws.endpoint }));

  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: options.port }, () => resolve(started));
  });
  // CLI commands (`tcu status`, `lab …`) find this emulator by its announcement beside the data.
  const withdraw =
    emulator && options.dataPath !== ':memory:' ? announceEndpoint(emulator.endpoint, options.dataPath) : undefined;
  // Alarms acknowledged before a stop (or a crash) and not yet delivered go out now.
  const resumed = intake.resume();
  if (resumed > 0) step(`delivering ${resumed} alarm(s) accepted before the last stop`);
  // With the robot's AppKey, its messages come over DingTalk Stream mode: nothing inbound to expose.
  const { dingtalk } = deps;
  const appKey = config.commands.dingtalkAppKey;
  const stream =
    dingtalk && appKey
      ? await connectDingTalkStream({
          ...dingtalk,
          appKey,
          reply: async (message, notice) =>
            (await deps.replies()).post(sessionAddress(message), () => notice, `dingtalk-answer|${message.msgId}`),
        })
      : undefined;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  baseUrl = `http://127.0.0.1:${port}`;
  return {
    url: `http://127.0.0.1:${port}/`,
    config,
    emulator,
    story,
    close: async () => {
      await story.settled();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Open event streams would keep close() waiting; end them.
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      stream?.close();
      withdraw?.();
      intake.close();
      graphStore.close();
      await emulator?.close();
      state.close();
    },
  };
}

/** ` (1.2 GB)` for a data file that exists: a big one takes a moment to open. */
function sizeOf(path: string): string {
  try {
    const bytes = statSync(path).size + (existsSync(`${path}.wal`) ? statSync(`${path}.wal`).size : 0);
    return ` (${bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${Math.max(1, Math.round(bytes / 1e6))} MB`})`;
  } catch {
    return ' (new)';
  }
}
