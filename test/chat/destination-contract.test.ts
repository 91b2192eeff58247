/**
 * Every Destination passes the same contract (Alertmanager's RetryTests): what each kind of failure
 * means for retrying, and that no secret (token, webhook path, signing secret) leaks into a result.
 */
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { DingTalkRobot } from '../../src/chat/dingtalk/send.ts';
import type { Destination } from '../../src/chat/destination.ts';
import { SlackChannel, SlackWebhook, createSlackWebClient } from '../../src/chat/slack/send.ts';
import { systemClock } from '../../src/shared/clock.ts';
import {
  DINGTALK_SECRET,
  DINGTALK_URL,
  DINGTALK_WEBHOOK,
  SLACK_TOKEN,
  SLACK_WEBHOOK,
} from '../support/chat-servers.ts';
import { mswServer } from '../support/msw.ts';
import type { Notice } from '../../src/chat/notice.ts';

const RATE = { limit: 20, windowMs: 60_000, soloLimit: 10, digestMaxEntries: 50 };
const TIMEOUT_MS = 200;
const NOTICE: Notice = {
  severity: 'critical',
  state: 'ALARM',
  summary: 'x',
  title: 'x',
  subject: undefined,
  facts: [],
  sections: [],
  links: [],
  footer: undefined,
};

interface Contract {
  readonly name: string;
  readonly url: string;
  readonly make: () => Destination;
  readonly secrets: readonly string[];
  /** The platform drops a repeated request by an idempotency key, so an unanswered one may be retried. */
  readonly isIdempotent: boolean;
}

const CONTRACTS: Contract[] = [
  {
    name: 'DingTalk robot',
    url: DINGTALK_URL,
    make: () =>
      new DingTalkRobot({
        name: 'c',
        webhookUrl: DINGTALK_WEBHOOK,
        secret: DINGTALK_SECRET,
        locale: 'zh-CN',
        mentions: undefined,
        rate: RATE,
        timeoutMs: TIMEOUT_MS,
        clock: systemClock,
      }),
    secrets: [new URL(DINGTALK_WEBHOOK).searchParams.get('access_token')!, DINGTALK_SECRET],
    isIdempotent: true,
  },
  {
    name: 'Slack chat.postMessage',
    url: 'https://slack.com/api/chat.postMessage',
    make: () =>
      new SlackChannel({
        name: 'c',
        channel: 'C0123ALERTS',
        locale: 'en',
        rate: RATE,
        client: createSlackWebClient(SLACK_TOKEN, TIMEOUT_MS),
      }),
    secrets: [SLACK_TOKEN],
    isIdempotent: false,
  },
  {
    name: 'Slack incoming webhook',
    url: SLACK_WEBHOOK,
    make: () =>
      new SlackWebhook({
        name: 'c',
        webhookUrl: SLACK_WEBHOOK,
        locale: 'en',
        rate: RATE,
        timeoutMs: TIMEOUT_MS,
        clock: systemClock,
      }),
    secrets: [new URL(SLACK_WEBHOOK).pathname.split('/').slice(2).join('/')],
    isIdempotent: false,
  },
];

const FAULTS: [string, () => Response | Promise<Response>, boolean][] = [
  [
    'HTTP 500',
    () => new HttpResponse(`upstream failed at ${DINGTALK_WEBHOOK} ${SLACK_WEBHOOK}`, { status: 500 }),
    true,
  ],
  ['HTTP 503', () => new HttpResponse('', { status: 503 }), true],
  [
    'HTTP 429 with Retry-After',
    () => new HttpResponse('rate_limited', { status: 429, headers: { 'retry-after': '3' } }),
    true,
  ],
  ['HTTP 400', () => new HttpResponse('invalid_payload', { status: 400 }), false],
  ['HTTP 404', () => new HttpResponse('no_service', { status: 404 }), false],
  ['network error', () => HttpResponse.error(), true],
  ['timeout', () => new Promise<Response>(() => undefined), true],
];

describe.each(CONTRACTS)('$name honours the destination contract', (contract) => {
  it.each(FAULTS)('%s → retryable %s, no secret in the result', async (fault, reply, retryable) => {
    mswServer.use(http.post(contract.url, reply));
    const destination = contract.make();
    const [message] = destination.render(NOTICE, 'contract|1');
    const result = await destination.send(message!);
    const isUnanswered = fault === 'network error' || fault === 'timeout';
    if (isUnanswered && !contract.isIdempotent) {
      // It may have been posted and a retry could post it again: sent, unconfirmed, never retried.
      expect(result).toEqual({ ok: true, unconfirmed: expect.stringContaining('not retried') as string });
      if (result.ok) for (const secret of contract.secrets) expect(result.unconfirmed).not.toContain(secret);
      return;
    }
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.retryable).toBe(retryable);
    expect(result.reason.length).toBeGreaterThan(0);
    const visible = `${result.reason} ${result.error?.message ?? ''}`;
    for (const secret of contract.secrets) expect(visible).not.toContain(secret);
  });

  it('renders a body a JSON API accepts and an id without secrets', () => {
    const destination = contract.make();
    expect(() => JSON.stringify(destination.render(NOTICE, 'k')[0]!.body)).not.toThrow();
    for (const secret of contract.secrets) expect(destination.id).not.toContain(secret);
  });
});
