/**
 * msw stand-ins for the chat platforms, speaking their real wire formats: DingTalk answers HTTP 200
 * with `{errcode, errmsg}` (success or not), Slack's Web API answers `{ok, error}` on 200, Slack
 * incoming webhooks answer plain text with a status. Each records what it received.
 */
import { http, HttpResponse } from 'msw';

export const DINGTALK_URL = 'https://oapi.dingtalk.com/robot/send';
export const DINGTALK_TOKEN = 'a4f1c5b0e2d94c7f8e3b6a1d0c9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f';
export const DINGTALK_WEBHOOK = `${DINGTALK_URL}?access_token=${DINGTALK_TOKEN}`;
export const DINGTALK_SECRET = 'SEC8f2b4d6e0a1c3e5f7092b4d6f8a0c2e4f6a8b0d2f4a6c8e0b2d4f6a8c0e2f4a6';
export const SLACK_WEBHOOK = 'https://hooks.slack.com/services/T0000TEST/B0000TEST/abcdefghijklmnopqrstuvwx';
export const SLACK_TOKEN = 'xoxb-1111111111-2222222222-abcdefghijklmnopqrstuvwx';

export interface Received {
  readonly url: URL;
  readonly body: Record<string, unknown>;
  readonly raw: string;
  readonly headers: Headers;
}

/** A scripted reply: an errcode, an HTTP status, a delay, or a network error. */
export type DingTalkReply =
  { errcode: number; errmsg?: string } | { status: number; text?: string } | { hang: true } | { networkError: true };

export function dingTalkRobot(script: DingTalkReply[] = [], fallback: DingTalkReply = { errcode: 0, errmsg: 'ok' }) {
  const received: Received[] = [];
  const handler = http.post(DINGTALK_URL, async ({ request }) => {
    const raw = await request.text();
    received.push({
      url: new URL(request.url),
      body: JSON.parse(raw) as Record<string, unknown>,
      raw,
      headers: request.headers,
    });
    const reply = script.shift() ?? fallback;
    if ('hang' in reply) return new Promise<Response>(() => undefined);
    if ('networkError' in reply) return HttpResponse.error();
    if ('status' in reply) return new HttpResponse(reply.text ?? '', { status: reply.status });
    return HttpResponse.json({
      errcode: reply.errcode,
      errmsg: reply.errmsg ?? (reply.errcode === 0 ? 'ok' : 'error'),
    });
  });
  return { handler, received };
}

export type SlackApiReply = { ok: true } | { ok: false; error: string } | { status: number; retryAfter?: number };

export function slackWebApi(script: SlackApiReply[] = []) {
  const received: Received[] = [];
  const handler = http.post('https://slack.com/api/chat.postMessage', async ({ request }) => {
    const raw = await request.text();
    const form = Object.fromEntries(new URLSearchParams(raw));
    received.push({ url: new URL(request.url), body: form, raw, headers: request.headers });
    const reply = script.shift() ?? { ok: true };
    if ('status' in reply) {
      return new HttpResponse('', {
        status: reply.status,
        headers: reply.retryAfter ? { 'retry-after': String(reply.retryAfter) } : {},
      });
    }
    return HttpResponse.json(
      reply.ok
        ? { ok: true, channel: form.channel, ts: '1748426400.000100', message: {} }
        : { ok: false, error: reply.error },
    );
  });
  return { handler, received };
}

export function slackWebhook(script: { status: number; text: string; retryAfter?: number }[] = []) {
  const received: Received[] = [];
  const handler = http.post(SLACK_WEBHOOK, async ({ request }) => {
    const raw = await request.text();
    received.push({
      url: new URL(request.url),
      body: JSON.parse(raw) as Record<string, unknown>,
      raw,
      headers: request.headers,
    });
    const reply = script.shift() ?? { status: 200, text: 'ok' };
    return new HttpResponse(reply.text, {
      status: reply.status,
      headers: reply.retryAfter ? { 'retry-after': String(reply.retryAfter) } : {},
    });
  });
  return { handler, received };
}

/**
 * A Slack workspace's Web API for one channel: chat.postMessage answers the channel's id and a new `ts`
 * for each message (as Slack does), chat.update answers the message it changed, or a scripted error.
 * Bodies are form-encoded, `blocks` a JSON string (how @slack/web-api sends them).
 */
export function slackWorkspace(options: { channelId?: string; updateReplies?: SlackApiReply[] } = {}) {
  const channelId = options.channelId ?? 'C0123ALERTS';
  const posts: Received[] = [];
  /** The ts each post was given, by position in `posts`. */
  const postedTs: string[] = [];
  const updates: Received[] = [];
  let sequence = 0;
  const record = async (request: Request, into: Received[]) => {
    const raw = await request.text();
    const body = Object.fromEntries(new URLSearchParams(raw));
    into.push({ url: new URL(request.url), body, raw, headers: request.headers });
    return body;
  };
  const handlers = [
    http.post('https://slack.com/api/chat.postMessage', async ({ request }) => {
      const body = await record(request, posts);
      sequence += 1;
      const ts = `1748426${String(400 + sequence).padStart(3, '0')}.000${String(100 + sequence)}`;
      postedTs.push(ts);
      return HttpResponse.json({
        ok: true,
        channel: channelId,
        ts,
        message: { type: 'message', subtype: 'bot_message', text: body.text, ts, bot_id: 'B0TCUBOT' },
      });
    }),
    http.post('https://slack.com/api/chat.update', async ({ request }) => {
      const body = await record(request, updates);
      const reply = options.updateReplies?.shift() ?? { ok: true };
      if ('status' in reply) return new HttpResponse('', { status: reply.status });
      return HttpResponse.json(
        reply.ok
          ? { ok: true, channel: body.channel, ts: body.ts, text: body.text, message: { text: body.text } }
          : { ok: false, error: reply.error },
      );
    }),
  ];
  /** The blocks a recorded request carried. */
  const blocksOf = (received: Received) => JSON.parse(String(received.body.blocks)) as Record<string, unknown>[];
  /** The message's ts: the one Slack gave a post, or the one an update named. */
  const tsOf = (received: Received) =>
    received.url.pathname.endsWith('chat.update') ? String(received.body.ts) : postedTs[posts.indexOf(received)]!;
  return { handlers, posts, updates, channelId, blocksOf, tsOf };
}

/** The markdown text of a robot message: a markdown message's, or an ActionCard's. */
export function dingTalkText(body: Record<string, unknown>): string {
  const message = (body.markdown ?? body.actionCard) as { text?: string } | undefined;
  if (typeof message?.text !== 'string')
    throw new Error(`not a DingTalk markdown or ActionCard body: ${JSON.stringify(body)}`);
  return message.text;
}

/** The mobiles a robot message @-mentions (an ActionCard mentions no one). */
export function dingTalkMentions(body: Record<string, unknown>): string[] {
  return (body.at as { atMobiles?: string[] } | undefined)?.atMobiles ?? [];
}
