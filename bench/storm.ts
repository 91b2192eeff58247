/**
 * `npm run bench:storm`: alarm storms through the real outbox to loopback HTTP sinks that answer as a
 * DingTalk robot and a Slack incoming webhook do: 1,000 alarms with short names, then 200 with long
 * CJK names, each arriving as fast as the process can deliver them, in real time. Per platform: the
 * share of alarms named in some accepted message (target 100 %), the most requests in any rolling
 * minute (DingTalk ≤ 20), and the time until the last alarm was named (≤ 180 s for 1,000). Then
 * 600 alarms through the local bot's /dev/alarm, as a person or a script sends them (≤ 180 s).
 * Prints one JSON object.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { outboxItemFor } from '../src/alarms/forward.ts';
import { parseAlarmPayload } from '../src/alarms/inbound.ts';
import { dingTalkRate } from '../src/chat/dingtalk/rate.ts';
import { DingTalkRobot } from '../src/chat/dingtalk/send.ts';
import { MemoryDeliveryStore } from '../src/chat/outbox/delivery-store.ts';
import { Outbox } from '../src/chat/outbox/outbox.ts';
import { SlackWebhook } from '../src/chat/slack/send.ts';
import { queryTcuAlarm } from '../src/local/console/sample-alarms.ts';
import { systemClock } from '../src/shared/clock.ts';
import { silentLogger } from '../src/shared/logger.ts';

interface Sink {
  readonly url: string;
  readonly bodies: { atMs: number; text: string }[];
  close(): Promise<void>;
}

/** A loopback server that records every body and answers as the platform does on success. */
async function sink(answer: string): Promise<Sink> {
  const bodies: { atMs: number; text: string }[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      bodies.push({ atMs: Date.now(), text: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(200, { 'content-type': 'application/json' }).end(answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    bodies,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function alarm(name: string, atMs: number): string {
  return JSON.stringify(queryTcuAlarm(atMs, name, 132));
}

/** The most requests any rolling minute held. */
function maxPerMinute(times: readonly number[]): number {
  let most = 0;
  for (const at of times) most = Math.max(most, times.filter((other) => other > at - 60_000 && other <= at).length);
  return most;
}

async function storm(label: string, names: readonly string[]) {
  const [dingtalk, slack] = await Promise.all([sink('{"errcode":0,"errmsg":"ok"}'), sink('ok')]);
  const rate = dingTalkRate();
  const outbox = new Outbox({
    destinations: [
      new DingTalkRobot({
        name: 'storm',
        webhookUrl: `${dingtalk.url}robot/send?access_token=storm`,
        secret: undefined,
        locale: 'zh-CN',
        mentions: undefined,
        rate,
        timeoutMs: 8000,
        clock: systemClock,
      }),
      new SlackWebhook({
        name: 'storm',
        webhookUrl: `${slack.url}services/T0/B0/storm`,
        locale: 'en',
        rate: { limit: 50, windowMs: 60_000, soloLimit: 25, digestMaxEntries: 100 },
        timeoutMs: 8000,
        clock: systemClock,
      }),
    ],
    store: new MemoryDeliveryStore(),
    clock: systemClock,
    logger: silentLogger,
    timeZone: 'Asia/Shanghai',
  });
  const started = Date.now();
  const namedAt = new Map<string, Map<string, number>>([
    ['dingtalk', new Map()],
    ['slack', new Map()],
  ]);
  const results = await Promise.allSettled(
    names.map((name) => {
      const [inbound] = parseAlarmPayload(alarm(name, started));
      return outbox.deliver(outboxItemFor(inbound!, 'Asia/Shanghai'), { deadlineAtMs: started + 10 * 60_000 });
    }),
  );
  const platforms = { dingtalk, slack };
  const figures = Object.fromEntries(
    Object.entries(platforms).map(([platform, server]) => {
      const seen = namedAt.get(platform)!;
      for (const body of server.bodies)
        for (const name of names) if (!seen.has(name) && body.text.includes(name)) seen.set(name, body.atMs);
      const lastNamedMs = Math.max(0, ...seen.values()) - started;
      return [
        platform,
        {
          requests: server.bodies.length,
          namedPercent: Math.round((seen.size / names.length) * 10_000) / 100,
          maxRequestsPerRollingMinute: maxPerMinute(server.bodies.map((body) => body.atMs)),
          secondsUntilLastNamed: Math.round(lastNamedMs / 100) / 10,
        },
      ];
    }),
  );
  await Promise.all([dingtalk.close(), slack.close()]);
  return {
    label,
    alarms: names.length,
    deliveriesFailed: results.filter((result) => result.status === 'rejected').length,
    ...figures,
  } as {
    label: string;
    alarms: number;
    deliveriesFailed: number;
    dingtalk: { namedPercent: number; maxRequestsPerRollingMinute: number; secondsUntilLastNamed: number };
    slack: { namedPercent: number; maxRequestsPerRollingMinute: number; secondsUntilLastNamed: number };
  };
}

const short = await storm(
  '1,000 alarms, short names',
  Array.from({ length: 1000 }, (_, index) => `StormAlarm-${String(index).padStart(4, '0')}`),
);
const cjk = await storm(
  '200 alarms, long CJK names',
  Array.from(
    { length: 200 },
    (_, index) =>
      `时序数据库查询计算单元告警-华东生产环境-设备分组${String(index).padStart(3, '0')}-${'超长名称'.repeat(12)}`,
  ),
);
/** `npm start` as a person runs it (src/local/start.ts under tsx), in its own folder; resolves with its URL. */
async function startNpmStart(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const { TIMESTREAM_ENDPOINT: _unused, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../src/local/start.ts')], {
    cwd: join(import.meta.dirname, '..'),
    env: { ...inherited, PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    // Keeps reading after the URL, so the bot never blocks on a full pipe.
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /tcu-bot console: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output)?.[1];
      if (url) resolve({ child, url });
    });
    child.once('exit', () => reject(new Error(`npm start ended before printing its URL:\n${output}`)));
  });
}

/**
 * 600 alarms posted at once to `npm start`'s /dev/alarm (state file, journal), with a DingTalk sink
 * configured: how long until all are acknowledged (journaled), and until the last is named there.
 */
async function throughDevAlarm(count: number) {
  const robot = await sink('{"errcode":0,"errmsg":"ok"}');
  const folder = mkdtempSync(join(tmpdir(), 'bench-storm-'));
  const bot = await startNpmStart({
    LOCAL_DATA_PATH: join(folder, 'emulator.duckdb'),
    LAB_CHECKPOINT: join(folder, 'checkpoint.json'),
    DINGTALK_WEBHOOK_URL: `${robot.url}robot/send?access_token=storm`,
  });
  const names = Array.from({ length: count }, (_, index) => `DevAlarmStorm-${String(index).padStart(4, '0')}`);
  const started = Date.now();
  const answers = await Promise.all(
    names.map((name) => fetch(`${bot.url}dev/alarm`, { method: 'POST', body: alarm(name, started) })),
  );
  const ackedMs = Date.now() - started;
  for (;;) {
    const health = (await (await fetch(`${bot.url}healthz`)).json()) as { alarmsToDeliver: number };
    if (health.alarmsToDeliver === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const deliveredMs = Date.now() - started;
  bot.child.kill('SIGINT');
  await once(bot.child, 'exit');
  await robot.close();
  rmSync(folder, { recursive: true, force: true });
  const named = names.filter((name) => robot.bodies.some((body) => body.text.includes(name)));
  return {
    label: `${count} alarms posted at once to npm start's /dev/alarm`,
    alarms: count,
    acceptedWith202: answers.filter((answer) => answer.status === 202).length,
    secondsUntilAllAccepted: Math.round(ackedMs / 100) / 10,
    secondsUntilAllDelivered: Math.round(deliveredMs / 100) / 10,
    dingtalk: {
      requests: robot.bodies.length,
      namedPercent: Math.round((named.length / count) * 10_000) / 100,
      maxRequestsPerRollingMinute: maxPerMinute(robot.bodies.map((body) => body.atMs)),
    },
  };
}

const devAlarm = await throughDevAlarm(600);
const storms = [short, cjk];
const targets = {
  'every alarm named on each platform': storms.every(
    (each) => each.dingtalk.namedPercent === 100 && each.slack.namedPercent === 100,
  ),
  'DingTalk ≤ 20 requests in any rolling minute': storms.every(
    (each) => each.dingtalk.maxRequestsPerRollingMinute <= 20,
  ),
  '1,000 alarms all named within 180 s':
    Math.max(short.dingtalk.secondsUntilLastNamed, short.slack.secondsUntilLastNamed) <= 180,
  '600 alarms through /dev/alarm all delivered within 180 s':
    devAlarm.dingtalk.namedPercent === 100 && devAlarm.secondsUntilAllDelivered <= 180,
};
process.stdout.write(
  `${JSON.stringify({ benchmark: 'storm', storms, devAlarm, targets, meetsTargets: Object.values(targets).every(Boolean) }, null, 2)}\n`,
);
