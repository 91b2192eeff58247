import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifySlack } from '../../../src/chat/slack/verify.ts';

const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const NOW = Date.UTC(2025, 4, 28, 10, 0, 0);
const BODY =
  'token=x&team_id=T1&command=%2Ftcu&text=status&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2F1%2F2%2F3&user_id=U1&channel_id=C1';

function sign(body: string, timestampSeconds: number, secret = SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestampSeconds}:${body}`).digest('hex')}`;
}

const fresh = Math.floor(NOW / 1000) - 10;

describe('verifySlack (Bolt verifier)', () => {
  it('accepts a correctly signed, fresh request', () => {
    expect(
      verifySlack({
        rawBody: BODY,
        signature: sign(BODY, fresh),
        timestamp: String(fresh),
        signingSecret: SECRET,
        nowMs: NOW,
      }),
    ).toEqual({ ok: true });
  });

  it.each([
    ['unsigned', { signature: undefined }, 'missing X-Slack-Signature'],
    ['signed with another secret', { signature: sign(BODY, fresh, 'other') }, 'signature mismatch'],
    ['a changed body', { rawBody: `${BODY}&text=stop` }, 'signature mismatch'],
    ['stale (over 5 minutes)', { signature: sign(BODY, fresh - 600), timestamp: String(fresh - 600) }, 'stale'],
    ['a timestamp that is not a number', { timestamp: 'soon' }, 'not a number'],
  ])('refuses %s', (_case, change, reason) => {
    const base = {
      rawBody: BODY,
      signature: sign(BODY, fresh),
      timestamp: String(fresh),
      signingSecret: SECRET,
      nowMs: NOW,
    };
    const result = verifySlack({ ...base, ...change });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason.toLowerCase()).toContain(reason.toLowerCase());
  });
});
