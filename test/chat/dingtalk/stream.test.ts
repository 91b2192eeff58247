/**
 * DingTalk Stream mode through DingTalk's SDK: the gateway call (msw, DingTalk's wire format), then a
 * real WebSocket on loopback standing in for DingTalk's stream endpoint. A robot message arriving on it
 * runs as a command, is answered through its sessionWebhook and acknowledged; DingTalk's repeat of the
 * same msgId is acknowledged without running or answering again; a malformed frame is acknowledged
 * and dropped.
 */
import type { AddressInfo } from 'node:net';
import { http, HttpResponse } from 'msw';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { sessionAddress } from '../../../src/chat/dingtalk/robot-message.ts';
import { connectDingTalkStream, type DingTalkStream } from '../../../src/chat/dingtalk/stream.ts';
import { loadConfig } from '../../../src/config.ts';
import { localDeps } from '../../../src/deps.ts';
import { silentLogger } from '../../../src/shared/logger.ts';
import { mswServer } from '../../support/msw.ts';

const GATEWAY = 'https://api.dingtalk.com/v1.0/gateway/connections/open';
const SESSION = 'https://oapi.dingtalk.com/robot/sendBySession?session=stream-session';
const APP_KEY = 'ding-stream-app-key';
const APP_SECRET = 'ding-stream-app-secret';
const TOPIC = '/v1.0/im/bot/messages/get';

interface Frame {
  code?: number;
  headers: { messageId: string };
  data: string;
}

let gateway: WebSocketServer;
let socket: WebSocket;
let connectedWith: URL;
let gatewayBody: { clientId: string; clientSecret: string; subscriptions: { type: string; topic: string }[] };
const acks: Frame[] = [];
const answers: { markdown: { text: string } }[] = [];
let stream: DingTalkStream;

beforeAll(async () => {
  gateway = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => gateway.once('listening', resolve));
  const connected = new Promise<void>((resolve) =>
    gateway.on('connection', (ws, request) => {
      socket = ws;
      connectedWith = new URL(request.url!, 'ws://127.0.0.1');
      ws.on('message', (data: Buffer) => acks.push(JSON.parse(data.toString()) as Frame));
      resolve();
    }),
  );
  mswServer.use(
    http.post(GATEWAY, async ({ request }) => {
      gatewayBody = (await request.json()) as typeof gatewayBody;
      return HttpResponse.json({
        endpoint: `ws://127.0.0.1:${(gateway.address() as AddressInfo).port}/connect`,
        ticket: 'ticket-42',
      });
    }),
  );
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    DINGTALK_APP_SECRET: APP_SECRET,
    DINGTALK_APP_KEY: APP_KEY,
    // Commands run locally against an emulator; `/tcu help` never calls it.
    TIMESTREAM_ENDPOINT: 'http://127.0.0.1:9',
  });
  const deps = localDeps(config, { logger: silentLogger, consoleWrite: () => undefined });
  stream = await connectDingTalkStream({
    ...deps.dingtalk!,
    appKey: APP_KEY,
    reply: async (message, notice) =>
      (await deps.replies()).post(sessionAddress(message), () => notice, `dingtalk-answer|${message.msgId}`),
  });
  await connected;
});

// The test setup resets handlers after each test.
beforeEach(() => {
  mswServer.use(
    http.post('https://oapi.dingtalk.com/robot/sendBySession', async ({ request }) => {
      answers.push((await request.json()) as { markdown: { text: string } });
      return HttpResponse.json({ errcode: 0, errmsg: 'ok' });
    }),
  );
});

afterAll(() => {
  stream.close();
  gateway.close();
});

function push(streamMessageId: string, data: string) {
  socket.send(
    JSON.stringify({
      specVersion: '1.0',
      type: 'CALLBACK',
      headers: {
        appId: 'app-1',
        connectionId: 'connection-1',
        contentType: 'application/json',
        messageId: streamMessageId,
        time: String(Date.now()),
        topic: TOPIC,
      },
      data,
    }),
  );
}

function robotMessage(msgId: string, content: string): string {
  return JSON.stringify({
    msgtype: 'text',
    text: { content: ` ${content}` },
    msgId,
    conversationId: 'cid-stream',
    conversationType: '2',
    senderStaffId: 'staff-alice',
    senderNick: 'Alice',
    sessionWebhook: SESSION,
    sessionWebhookExpiredTime: Date.now() + 3600_000,
  });
}

async function until(condition: () => boolean): Promise<void> {
  for (let tries = 0; tries < 200 && !condition(); tries++) await new Promise((resolve) => setTimeout(resolve, 25));
  expect(condition()).toBe(true);
}

describe('DingTalk Stream mode', () => {
  it('connects with the app key and secret, subscribed to robot messages, using the gateway ticket', () => {
    expect(gatewayBody).toMatchObject({ clientId: APP_KEY, clientSecret: APP_SECRET });
    expect(gatewayBody.subscriptions).toContainEqual({ type: 'CALLBACK', topic: TOPIC });
    expect(connectedWith.searchParams.get('ticket')).toBe('ticket-42');
  });

  it('answers a message through its sessionWebhook, then acknowledges it; a repeat is not run again', async () => {
    push('stream-1', robotMessage('msg-1', '/tcu help'));
    await until(() => acks.some((ack) => ack.headers.messageId === 'stream-1'));
    expect(answers).toHaveLength(1);
    expect(answers[0]!.markdown.text).toContain('/loadtest');
    expect(acks.find((ack) => ack.headers.messageId === 'stream-1')).toMatchObject({ code: 200 });

    // DingTalk sends a message again when our acknowledgement did not reach it: acknowledged, not run
    // again, and its answer (delivered already under the same key) not posted twice.
    push('stream-2', robotMessage('msg-1', '/tcu help'));
    await until(() => acks.some((ack) => ack.headers.messageId === 'stream-2'));
    expect(answers).toHaveLength(1);
  });

  it('acknowledges a malformed frame and answers nothing', async () => {
    const before = answers.length;
    push('stream-3', '{"msgtype":"text"}');
    push('stream-4', 'not json');
    await until(() => acks.some((ack) => ack.headers.messageId === 'stream-4'));
    expect(acks.some((ack) => ack.headers.messageId === 'stream-3')).toBe(true);
    expect(answers).toHaveLength(before);
  });
});
