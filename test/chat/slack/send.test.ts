import { describe, expect, it } from 'vitest';
import { noticeFor } from '../../../src/alarms/alarm-notice.ts';
import { parseAlarmPayload } from '../../../src/alarms/inbound.ts';
import { SlackChannel, SlackWebhook, createSlackWebClient } from '../../../src/chat/slack/send.ts';
import { renderSlackMessage } from '../../../src/chat/slack/render.ts';
import { systemClock } from '../../../src/shared/clock.ts';
import { SLACK_TOKEN, SLACK_WEBHOOK, slackWebApi, slackWebhook } from '../../support/chat-servers.ts';
import { readFixture } from '../../support/fixtures.ts';
import { mswServer } from '../../support/msw.ts';

const RATE = { limit: 50, windowMs: 60_000, soloLimit: 25, digestMaxEntries: 40 };
const [inbound] = parseAlarmPayload(readFixture('alarms/metric-query-tcu.json'));
const notice = noticeFor(inbound!, { locale: 'en', timeZone: 'Asia/Shanghai' });

describe('SlackChannel (chat.postMessage)', () => {
  const channel = () =>
    new SlackChannel({
      name: 'alerts',
      channel: 'C0123ALERTS',
      locale: 'en',
      rate: RATE,
      client: createSlackWebClient(SLACK_TOKEN, 1000),
    });

  it('posts the exact form body with the bot token', async () => {
    const slack = slackWebApi();
    mswServer.use(slack.handler);
    const destination = channel();
    // Where Slack put it (the channel's id and the message's ts), for threads and updates.
    expect(await destination.send(destination.render(notice, 'k')[0]!)).toEqual({
      ok: true,
      posted: { channel: 'C0123ALERTS', ts: '1748426400.000100' },
    });
    const [request] = slack.received;
    expect(request!.headers.get('authorization')).toBe(`Bearer ${SLACK_TOKEN}`);
    expect(request!.headers.get('content-type')).toContain('application/x-www-form-urlencoded');
    const expected = renderSlackMessage(notice, 'en');
    expect(request!.body).toEqual({
      channel: 'C0123ALERTS',
      text: '[ALARM] TimestreamQueryTCUHigh ALARM',
      blocks: JSON.stringify(expected.blocks),
      unfurl_links: 'false',
    });
  });

  it('reads ok:false on an HTTP 200 as a failure', async () => {
    const slack = slackWebApi([{ ok: false, error: 'channel_not_found' }]);
    mswServer.use(slack.handler);
    const destination = channel();
    expect(await destination.send(destination.render(notice, 'k')[0]!)).toMatchObject({
      ok: false,
      retryable: false,
      reason: 'slack error channel_not_found',
    });
  });

  it('makes exactly one request per send: the web client does not retry on its own', async () => {
    const slack = slackWebApi([{ status: 500 }, { status: 500 }]);
    mswServer.use(slack.handler);
    const destination = channel();
    expect(await destination.send(destination.render(notice, 'k')[0]!)).toMatchObject({ ok: false, retryable: true });
    expect(slack.received).toHaveLength(1);
  });

  it('passes on Retry-After from a 429', async () => {
    const slack = slackWebApi([{ status: 429, retryAfter: 7 }]);
    mswServer.use(slack.handler);
    const destination = channel();
    expect(await destination.send(destination.render(notice, 'k')[0]!)).toMatchObject({
      ok: false,
      retryable: true,
      retryAfterMs: 7000,
    });
  });
});

describe('SlackWebhook', () => {
  const webhook = () =>
    new SlackWebhook({
      name: 'hook',
      webhookUrl: SLACK_WEBHOOK,
      locale: 'en',
      rate: RATE,
      timeoutMs: 1000,
      clock: systemClock,
    });

  it('posts the exact JSON body', async () => {
    const slack = slackWebhook();
    mswServer.use(slack.handler);
    const destination = webhook();
    expect(await destination.send(destination.render(notice, 'k')[0]!)).toEqual({ ok: true });
    expect(slack.received[0]!.headers.get('content-type')).toBe('application/json');
    expect(slack.received[0]!.body).toEqual(JSON.parse(JSON.stringify(renderSlackMessage(notice, 'en'))));
  });

  it.each([
    [400, 'invalid_payload', false],
    [404, 'channel_not_found', false],
    [410, 'channel_is_archived', false],
    [500, 'rollup_error', true],
  ])('HTTP %i %s → retryable %s', async (status, text, retryable) => {
    const slack = slackWebhook([{ status, text }]);
    mswServer.use(slack.handler);
    const destination = webhook();
    expect(await destination.send(destination.render(notice, 'k')[0]!)).toMatchObject({
      ok: false,
      retryable,
      reason: `slack error ${text}`,
    });
  });
});

describe('renderSlackMessage', () => {
  it('builds header, fields, reason, steps, context-free actions with the console buttons', () => {
    const message = renderSlackMessage(notice, 'en');
    expect(message.blocks.map((block) => block.type)).toEqual([
      'header',
      'section',
      'section',
      'section',
      'section',
      'section',
      'actions',
    ]);
    expect(message.blocks.at(-1)).toEqual({
      type: 'actions',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: 'Open in CloudWatch' },
          url: expect.stringContaining('#alarmsV2:alarm/TimestreamQueryTCUHigh'),
        },
        {
          type: 'button',
          text: { type: 'plain_text', text: 'Timestream console (MaxQueryTCU setting)' },
          url: expect.stringContaining('/timestream/home?region='),
        },
      ],
    });
  });

  it('escapes mrkdwn control characters', () => {
    const message = renderSlackMessage({ ...notice, subject: 'a <b> & c' }, 'en');
    expect(JSON.stringify(message.blocks[1])).toContain('a &lt;b&gt; &amp; c');
  });

  it('stays within block limits with a 100 kB reason', () => {
    const huge = {
      ...notice,
      facts: notice.facts.map((fact) => (fact.isLong ? { ...fact, value: 'x'.repeat(100_000) } : fact)),
    };
    const message = renderSlackMessage(huge, 'en');
    expect(JSON.stringify(message).length).toBeLessThanOrEqual(12_000);
    for (const block of message.blocks) {
      const text = (block.text as { text?: string } | undefined)?.text;
      if (text) expect(text.length).toBeLessThanOrEqual(3000);
    }
  });
});
