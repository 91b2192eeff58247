import { afterEach, describe, expect, it } from 'vitest';
import { http, HttpResponse } from 'msw';
import { parseSnsEnvelope } from '../../src/alarms/sns-envelope.ts';
import { systemClock } from '../../src/shared/clock.ts';
import { createCertificateSource, isSnsUrl, verifySnsMessage } from '../../src/alarms/sns-signature.ts';
import { readJsonFixture } from '../support/fixtures.ts';
import { mswServer } from '../support/msw.ts';
import { TEST_CERT_URL, TEST_TOPIC_ARN, certificateHandler, signEnvelope } from '../support/sns.ts';

const NOTIFICATION = readJsonFixture('sns/http-notification.json');
const CONFIRMATION = readJsonFixture('sns/http-subscription-confirmation.json');
/** Inside the test certificate's ten-year validity, which starts when it was made. */
const VALID_NOW = Date.now() + 24 * 3600_000;

function options(overrides: Partial<Parameters<typeof verifySnsMessage>[1]> = {}) {
  return {
    nowMs: VALID_NOW,
    topicAllowlist: [TEST_TOPIC_ARN],
    maxMessageAgeMs: 3600_000,
    getCertificate: createCertificateSource(fetch, { clock: systemClock }),
    ...overrides,
  };
}

/** Message timestamps inside the certificate's validity, with "now" one minute later. */
function fresh(envelope: Record<string, unknown>, nowMs: number): Record<string, unknown> {
  return { ...envelope, Timestamp: new Date(nowMs - 60_000).toISOString() };
}

afterEach(() => mswServer.resetHandlers());

describe('verifySnsMessage', () => {
  it.each(['1', '2'] as const)('accepts a notification signed with SignatureVersion %s', async (version) => {
    mswServer.use(certificateHandler());
    const message = parseSnsEnvelope(signEnvelope(fresh(NOTIFICATION, VALID_NOW), version));
    expect(await verifySnsMessage(message, options({ nowMs: VALID_NOW }))).toEqual({ ok: true });
  });

  it('accepts a signed subscription confirmation', async () => {
    mswServer.use(certificateHandler());
    const message = parseSnsEnvelope(signEnvelope(fresh(CONFIRMATION, VALID_NOW)));
    expect(await verifySnsMessage(message, options({ nowMs: VALID_NOW }))).toEqual({ ok: true });
  });

  it('accepts the Lambda casing (SigningCertUrl) for the same signature', async () => {
    mswServer.use(certificateHandler());
    const signed = signEnvelope(fresh(NOTIFICATION, VALID_NOW));
    const { SigningCertURL, ...rest } = signed;
    const message = parseSnsEnvelope({ ...rest, SigningCertUrl: SigningCertURL });
    expect(await verifySnsMessage(message, options({ nowMs: VALID_NOW }))).toEqual({ ok: true });
  });

  it.each([
    [
      'a changed message',
      (env: Record<string, unknown>) => ({ ...env, Message: '{"AlarmName":"forged"}' }),
      'signature does not match',
    ],
    [
      'a changed subject',
      (env: Record<string, unknown>) => ({ ...env, Subject: 'OK: fine' }),
      'signature does not match',
    ],
    ['no signature', (env: Record<string, unknown>) => ({ ...env, Signature: undefined }), 'unsigned'],
    [
      'SignatureVersion 3',
      (env: Record<string, unknown>) => ({ ...env, SignatureVersion: '3' }),
      'unsupported SignatureVersion',
    ],
    [
      'a certificate on another host',
      (env: Record<string, unknown>) => ({ ...env, SigningCertURL: 'https://sns.evil.example.com/cert.pem' }),
      'SigningCertURL',
    ],
    [
      'a certificate over http',
      (env: Record<string, unknown>) => ({ ...env, SigningCertURL: TEST_CERT_URL.replace('https:', 'http:') }),
      'SigningCertURL',
    ],
    [
      'a lookalike host',
      (env: Record<string, unknown>) => ({
        ...env,
        SigningCertURL: 'https://sns.us-east-1.amazonaws.com.evil.io/x.pem',
      }),
      'SigningCertURL',
    ],
    [
      'another topic',
      (env: Record<string, unknown>) => ({ ...env, TopicArn: 'arn:aws:sns:ap-northeast-1:999999999999:other' }),
      'not in SNS_TOPIC_ARNS',
    ],
  ])('refuses %s', async (_case, tamper, reason) => {
    mswServer.use(certificateHandler());
    const signed = signEnvelope(fresh(NOTIFICATION, VALID_NOW));
    const message = parseSnsEnvelope(tamper(signed));
    const result = await verifySnsMessage(message, options({ nowMs: VALID_NOW }));
    expect(result).toEqual({ ok: false, reason: expect.stringContaining(reason) });
  });

  it('refuses a replayed (too old) message', async () => {
    mswServer.use(certificateHandler());
    const message = parseSnsEnvelope(signEnvelope(fresh(NOTIFICATION, VALID_NOW)));
    const result = await verifySnsMessage(message, options({ nowMs: VALID_NOW + 2 * 3600_000 }));
    expect(result).toEqual({ ok: false, reason: 'message is too old (replayed or expired)' });
  });

  it('refuses a message signed with an expired certificate', async () => {
    mswServer.use(certificateHandler());
    const later = Date.now() + 20 * 365 * 24 * 3600_000;
    const message = parseSnsEnvelope(signEnvelope(fresh(NOTIFICATION, later)));
    const result = await verifySnsMessage(message, options({ nowMs: later }));
    expect(result).toEqual({ ok: false, reason: 'signing certificate is expired or not yet valid' });
  });

  it('refuses when the certificate cannot be fetched', async () => {
    mswServer.use(http.get(TEST_CERT_URL, () => new HttpResponse('nope', { status: 404 })));
    const message = parseSnsEnvelope(signEnvelope(fresh(NOTIFICATION, VALID_NOW)));
    expect(await verifySnsMessage(message, options({ nowMs: VALID_NOW }))).toEqual({
      ok: false,
      reason: expect.stringContaining('HTTP 404'),
    });
  });

  it('fetches a certificate once and reuses it', async () => {
    const counter = { fetches: 0 };
    mswServer.use(certificateHandler(counter));
    const settings = options({ nowMs: VALID_NOW });
    for (let index = 0; index < 3; index += 1) {
      const message = parseSnsEnvelope(signEnvelope(fresh({ ...NOTIFICATION, MessageId: `m-${index}` }, VALID_NOW)));
      expect(await verifySnsMessage(message, settings)).toEqual({ ok: true });
    }
    expect(counter.fetches).toBe(1);
  });
});

describe('isSnsUrl', () => {
  it.each([
    ['https://sns.us-east-1.amazonaws.com/SimpleNotificationService-x.pem', true],
    ['https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-x.pem', true],
    ['https://sns.us-east-1.amazonaws.com:8443/x.pem', false],
    ['https://user:pass@sns.us-east-1.amazonaws.com/x.pem', false],
    ['https://s3.amazonaws.com/x.pem', false],
    ['not a url', false],
  ])('%s → %s', (url, expected) => {
    expect(isSnsUrl(url, '.pem')).toBe(expected);
  });
});

describe('createCertificateSource under a flood of forged certificate URLs', () => {
  const HOST = 'https://sns.ap-northeast-1.amazonaws.com';
  function countingSns() {
    const fetched: string[] = [];
    mswServer.use(
      http.get(`${HOST}/*`, ({ request }) => {
        fetched.push(new URL(request.url).pathname + new URL(request.url).search);
        return new HttpResponse('nope', { status: 404 });
      }),
    );
    return fetched;
  }

  it('never fetches a path that is not an SNS certificate, and one fetch per host+path whatever the query', async () => {
    const fetched = countingSns();
    let now = 0;
    const source = createCertificateSource(fetch, { clock: { now: () => now, sleep: () => Promise.resolve() } });
    const attempts = [
      ...Array.from({ length: 50 }, (_, index) => `${HOST}/evil-${index}.pem`),
      ...Array.from({ length: 50 }, (_, index) => `${HOST}/SimpleNotificationService-0123456789abcdef.pem?x=${index}`),
    ];
    const outcomes = await Promise.allSettled(attempts.map((url) => source(url)));
    expect(outcomes.every((outcome) => outcome.status === 'rejected')).toBe(true);
    expect(fetched).toEqual(['/SimpleNotificationService-0123456789abcdef.pem']);
    // The failure is remembered for a minute, then tried again.
    await source(`${HOST}/SimpleNotificationService-0123456789abcdef.pem`).catch(() => undefined);
    expect(fetched).toHaveLength(1);
    now += 61_000;
    await source(`${HOST}/SimpleNotificationService-0123456789abcdef.pem`).catch(() => undefined);
    expect(fetched).toHaveLength(2);
  });

  it('runs at most 4 fetches at once: the rest of a burst is refused without a network call', async () => {
    const fetched = countingSns();
    const source = createCertificateSource(fetch, { clock: systemClock });
    const hex = (index: number) => index.toString(16).padStart(16, '0');
    const outcomes = await Promise.allSettled(
      Array.from({ length: 100 }, (_, index) => source(`${HOST}/SimpleNotificationService-${hex(index)}.pem`)),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toHaveLength(100);
    expect(fetched).toHaveLength(4);
  });
});
