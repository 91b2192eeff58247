/**
 * DingTalk 加签 for custom robots: sign = base64(HMAC-SHA256(secret, `${timestamp}\n${secret}`)).
 * https://open.dingtalk.com/document/robots/customize-robot-security-settings
 * The sign goes in the query string URL-encoded exactly once (URLSearchParams does it); encoding it
 * twice is the classic `310000 sign not match` (x-cold/dingtalk-robot #7). Re-signed per request,
 * because DingTalk refuses a timestamp more than an hour off (`invalid timestamp`).
 */
import { createHmac } from 'node:crypto';

export function dingTalkSignature(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

export function signWebhookUrl(webhookUrl: string, secret: string, timestampMs: number): string {
  const url = new URL(webhookUrl);
  url.searchParams.set('timestamp', String(timestampMs));
  url.searchParams.set('sign', dingTalkSignature(secret, timestampMs));
  return url.toString();
}
