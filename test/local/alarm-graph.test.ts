/**
 * An alarm's graph in the local bot, as `npm start` runs it: an alarm posted to /dev/alarm reaches the
 * configured DingTalk robot with a markdown image and Slack with a link to the graph (Slack fetches
 * images itself, so a loopback one is a button), and the image's URL answers a PNG drawn by the
 * emulator's GetMetricWidgetImage.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalBot, type LocalBot } from '../../src/local/local-bot.ts';
import {
  DINGTALK_SECRET,
  DINGTALK_WEBHOOK,
  SLACK_WEBHOOK,
  dingTalkRobot,
  dingTalkText,
  slackWebhook,
} from '../support/chat-servers.ts';
import { anAlarm } from '../support/builders.ts';
import { mswServer } from '../support/msw.ts';

const folder = mkdtempSync(join(tmpdir(), 'tcu-alarm-graph-'));
let bot: LocalBot;
beforeAll(async () => {
  bot = await startLocalBot({
    port: 0,
    dataPath: ':memory:',
    statePath: join(folder, 'bot-state.sqlite'),
    env: {
      LOG_LEVEL: 'silent',
      TIMESTREAM_ENDPOINT: undefined,
      DINGTALK_WEBHOOK_URL: DINGTALK_WEBHOOK,
      DINGTALK_SECRET,
      SLACK_WEBHOOK_URL: SLACK_WEBHOOK,
    },
    write: () => undefined,
  });
}, 60_000);
afterAll(async () => {
  await bot.close();
  rmSync(folder, { recursive: true, force: true });
});

const ALARM = anAlarm()
  .at(new Date(Date.now() - 60_000).toISOString())
  .withThreshold(160)
  .json();

async function until<T>(read: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('alarm graphs in the local bot', () => {
  it('posts the graph with the alarm, and its URL answers the PNG', async () => {
    const robot = dingTalkRobot();
    const slack = slackWebhook();
    mswServer.use(robot.handler, slack.handler);
    const accepted = await fetch(new URL('/dev/alarm', bot.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ALARM),
    });
    expect(accepted.status).toBe(202);
    const markdown = await until(() => (robot.received[0] ? dingTalkText(robot.received[0].body) : undefined));
    const image = /!\[TimestreamQueryTCUHigh 指标图\]\((http:\/\/127\.0\.0\.1:\d+\/graphs\/[0-9a-f]{32}\.png)\)/.exec(
      markdown,
    );
    expect(image).not.toBeNull();
    // No one to mention: the way back is on the card's buttons (the alarm in its region's console).
    const card = robot.received[0]!.body as { msgtype: string; actionCard: { btns: { actionURL: string }[] } };
    expect(card.msgtype).toBe('actionCard');
    expect(card.actionCard.btns.map((button) => button.actionURL)).toContain(
      'https://ap-northeast-1.console.aws.amazon.com/cloudwatch/home?region=ap-northeast-1#alarmsV2:alarm/TimestreamQueryTCUHigh',
    );
    const slackBody = await until(
      () => slack.received[0]?.body as { blocks: { type: string; elements?: { url?: string }[] }[] } | undefined,
    );
    expect(slackBody.blocks.some((block) => block.type === 'image')).toBe(false);
    expect(slackBody.blocks.flatMap((block) => block.elements ?? []).map((element) => element.url)).toContain(
      image![1],
    );

    const answer = await fetch(image![1]!);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('image/png');
    const png = PNG.sync.read(Buffer.from(await answer.arrayBuffer()));
    expect([png.width, png.height]).toEqual([600, 300]);
    expect((await fetch(new URL('/graphs/00000000000000000000000000000000.png', bot.url))).status).toBe(404);
  }, 60_000);
});
