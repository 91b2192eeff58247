/**
 * Verifies an SNS message signature, as AWS documents it
 * (https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html):
 * SignatureVersion 1 = SHA1withRSA, 2 = SHA256withRSA, over `key\nvalue\n` pairs in a fixed order,
 * with the certificate fetched only from an `sns.<region>.amazonaws.com(.cn)` HTTPS `.pem` URL.
 * Written here rather than taken from `sns-validator` (callback API, no injected clock, its own HTTPS
 * fetch) so the clock, the certificate cache and the topic allowlist are explicit and testable.
 * A pure function of (message, now, certificate source), in the style of bolt-js verify-request.ts.
 */
import { X509Certificate, verify } from 'node:crypto';
import type { Clock } from '../shared/clock.ts';
import type { SnsMessage } from './sns-envelope.ts';

const SNS_HOST = /^sns\.[a-z0-9-]{3,}\.amazonaws\.com(\.cn)?$/;
/** SNS timestamps may be a little ahead of our clock; allow small skew. */
const FUTURE_SKEW_MS = 5 * 60_000;

export interface SnsVerifyOptions {
  readonly nowMs: number;
  readonly topicAllowlist: readonly string[];
  readonly maxMessageAgeMs: number;
  /** Returns the PEM at a URL already checked to be an SNS certificate URL. */
  readonly getCertificate: (url: string) => Promise<string>;
}

export type SnsVerifyResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** True for `https://sns.<region>.amazonaws.com(.cn)/…` with no credentials or port — the only hosts we call for SNS. */
export function isSnsUrl(text: string | undefined, requiredSuffix?: string): boolean {
  if (!text) return false;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  return (
    url.protocol === 'https:' &&
    SNS_HOST.test(url.hostname) &&
    url.port === '' &&
    url.username === '' &&
    url.password === '' &&
    (requiredSuffix === undefined || url.pathname.endsWith(requiredSuffix))
  );
}

/** The canonical string SNS signs for this message type. */
export function snsStringToSign(message: SnsMessage): string {
  const fields: [string, string | undefined][] =
    message.type === 'Notification'
      ? [
          ['Message', message.message],
          ['MessageId', message.messageId],
          ['Subject', message.subject],
          ['Timestamp', message.timestamp],
          ['TopicArn', message.topicArn],
          ['Type', message.type],
        ]
      : [
          ['Message', message.message],
          ['MessageId', message.messageId],
          ['SubscribeURL', message.subscribeUrl],
          ['Timestamp', message.timestamp],
          ['Token', message.token],
          ['TopicArn', message.topicArn],
          ['Type', message.type],
        ];
  return fields
    .filter((field): field is [string, string] => field[1] !== undefined)
    .map(([key, value]) => `${key}\n${value}\n`)
    .join('');
}

export async function verifySnsMessage(message: SnsMessage, options: SnsVerifyOptions): Promise<SnsVerifyResult> {
  if (!options.topicAllowlist.includes(message.topicArn)) {
    return { ok: false, reason: `topic ${message.topicArn} is not in SNS_TOPIC_ARNS` };
  }
  const algorithm = message.signatureVersion === '1' ? 'sha1' : message.signatureVersion === '2' ? 'sha256' : undefined;
  if (!algorithm)
    return { ok: false, reason: `unsupported SignatureVersion ${JSON.stringify(message.signatureVersion ?? null)}` };
  if (!message.signature) return { ok: false, reason: 'unsigned message' };
  if (!isSnsUrl(message.signingCertUrl, '.pem')) {
    return { ok: false, reason: 'SigningCertURL is not an https://sns.<region>.amazonaws.com(.cn)/….pem URL' };
  }
  const sentAtMs = Date.parse(message.timestamp);
  if (Number.isNaN(sentAtMs)) return { ok: false, reason: 'Timestamp is not a date' };
  if (options.nowMs - sentAtMs > options.maxMessageAgeMs)
    return { ok: false, reason: 'message is too old (replayed or expired)' };
  if (sentAtMs - options.nowMs > FUTURE_SKEW_MS) return { ok: false, reason: 'message Timestamp is in the future' };
  if (message.type === 'SubscriptionConfirmation' && !isSnsUrl(message.subscribeUrl)) {
    return { ok: false, reason: 'SubscribeURL is not an SNS URL' };
  }

  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(await options.getCertificate(message.signingCertUrl!));
  } catch (error) {
    return { ok: false, reason: `signing certificate unavailable: ${(error as Error).message}` };
  }
  if (Date.parse(certificate.validFrom) > options.nowMs || Date.parse(certificate.validTo) < options.nowMs) {
    return { ok: false, reason: 'signing certificate is expired or not yet valid' };
  }
  const isValid = verify(
    algorithm,
    Buffer.from(snsStringToSign(message), 'utf8'),
    certificate.publicKey,
    Buffer.from(message.signature, 'base64'),
  );
  return isValid ? { ok: true } : { ok: false, reason: 'signature does not match' };
}

/** SNS signing certificates live at `/SimpleNotificationService-<hex>.pem` on the regional SNS host. */
const CERT_PATH = /^\/SimpleNotificationService-[0-9a-f]{16,64}\.pem$/;

export interface CertificateCacheOptions {
  readonly clock: Clock;
  readonly timeoutMs?: number;
  /** How long a fetched certificate is kept (AWS rotates under new URLs; a day bounds a stale entry). */
  readonly ttlMs?: number;
  /** How long a failed fetch is remembered, so a burst of forged posts costs one fetch. */
  readonly failureTtlMs?: number;
  readonly maxEntries?: number;
  readonly maxConcurrentFetches?: number;
}

/**
 * Fetches certificates by host and path (a query string or fragment never makes a new fetch), keeps
 * them for a day in a bounded cache (a warm Lambda verifies without a network call), remembers a
 * failure for a minute, and runs at most a few fetches at once: an unsigned flood of posts naming
 * made-up certificate URLs costs a bounded number of outbound calls.
 */
export function createCertificateSource(
  fetchFn: typeof fetch,
  options: CertificateCacheOptions,
): (url: string) => Promise<string> {
  const { clock } = options;
  const timeoutMs = options.timeoutMs ?? 5000;
  const ttlMs = options.ttlMs ?? 24 * 3600_000;
  const failureTtlMs = options.failureTtlMs ?? 60_000;
  const maxEntries = options.maxEntries ?? 64;
  const maxConcurrent = options.maxConcurrentFetches ?? 4;
  const cache = new Map<string, { pem: Promise<string>; expiresAtMs: number }>();
  let fetching = 0;
  return (url) => {
    const parsed = new URL(url);
    if (!CERT_PATH.test(parsed.pathname))
      return Promise.reject(new Error('SigningCertURL path is not /SimpleNotificationService-….pem'));
    const key = `${parsed.host}${parsed.pathname}`;
    const now = clock.now();
    const cached = cache.get(key);
    if (cached && cached.expiresAtMs > now) return cached.pem;
    cache.delete(key);
    if (fetching >= maxConcurrent) return Promise.reject(new Error('too many certificate fetches at once'));
    fetching += 1;
    const pem = fetchCertificate(fetchFn, `https://${key}`, timeoutMs).finally(() => (fetching -= 1));
    const entry = { pem, expiresAtMs: now + ttlMs };
    pem.catch(() => {
      entry.expiresAtMs = clock.now() + failureTtlMs;
    });
    cache.set(key, entry);
    // Oldest first: a Map keeps insertion order.
    while (cache.size > maxEntries) cache.delete(cache.keys().next().value!);
    return pem;
  };
}

async function fetchCertificate(fetchFn: typeof fetch, url: string, timeoutMs: number): Promise<string> {
  const response = await fetchFn(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
  if (!response.ok) throw new Error(`HTTP ${response.status} from ${new URL(url).host}`);
  const pem = await response.text();
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error('response is not a PEM certificate');
  return pem;
}
