/**
 * Signs SNS envelopes the way SNS does (SHA1withRSA / SHA256withRSA over the canonical string) with a
 * test key, and serves the matching certificate from the SNS host through msw.
 */
import { createSign } from 'node:crypto';
import { http, HttpResponse } from 'msw';
import { parseSnsEnvelope } from '../../src/alarms/sns-envelope.ts';
import { snsStringToSign } from '../../src/alarms/sns-signature.ts';
import { readFixture } from './fixtures.ts';

export const TEST_TOPIC_ARN = 'arn:aws:sns:ap-northeast-1:123456789012:timestream-tcu-alerts';
export const TEST_CERT_URL =
  'https://sns.ap-northeast-1.amazonaws.com/SimpleNotificationService-9c6465fa7f48f5cacd23014631ec1136.pem';
export const TEST_CERT_PEM = readFixture('sns-cert/signing-cert.pem');
const TEST_KEY_PEM = readFixture('sns-cert/signing-key.pem');

/** Returns a copy of `envelope` signed with the test key (SignatureVersion 1 or 2). */
export function signEnvelope<T extends Record<string, unknown>>(envelope: T, version: '1' | '2' = '1'): T {
  const unsigned = { ...envelope, SignatureVersion: version, SigningCertURL: envelope.SigningCertURL ?? TEST_CERT_URL };
  const canonical = snsStringToSign(parseSnsEnvelope(unsigned));
  const signature = createSign(version === '1' ? 'RSA-SHA1' : 'RSA-SHA256')
    .update(canonical, 'utf8')
    .sign(TEST_KEY_PEM, 'base64');
  return { ...unsigned, Signature: signature };
}

/** msw handler serving the test certificate; counts fetches to show caching. */
export function certificateHandler(counter?: { fetches: number }) {
  return http.get(TEST_CERT_URL, () => {
    if (counter) counter.fetches += 1;
    return new HttpResponse(TEST_CERT_PEM, { headers: { 'content-type': 'application/x-x509-ca-cert' } });
  });
}
