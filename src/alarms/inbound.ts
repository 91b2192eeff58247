/**
 * What arrives to be posted: a CloudWatch alarm, or any other SNS message. Nothing is dropped — a
 * message that is not an alarm (plain text, other JSON, an alarm we cannot read) still becomes a
 * notice, with a note saying why it is shown raw.
 */
import { parseExternalJson } from '../shared/json.ts';
import { createHash } from 'node:crypto';
import { looksLikeAlarm, parseCloudWatchAlarm, type CloudWatchAlarm } from './cloudwatch-alarm.ts';
import { regionFromArn } from './region.ts';
import {
  isLambdaSnsEvent,
  isSnsEnvelope,
  parseLambdaSnsEvent,
  parseSnsEnvelope,
  type SnsMessage,
} from './sns-envelope.ts';

export type InboundContent =
  | { readonly kind: 'alarm'; readonly alarm: CloudWatchAlarm }
  | { readonly kind: 'message'; readonly text: string; readonly note: string | undefined };

export interface InboundNotification {
  /**
   * Idempotency key: for an alarm, its identity (ARN, state, time of the change), so the same state
   * change arriving through two topics or subscriptions posts once; else the SNS MessageId.
   */
  readonly id: string;
  readonly topicArn: string | undefined;
  readonly subject: string | undefined;
  /** When SNS (or CloudWatch) produced it, ms since the epoch, if known. */
  readonly sentAtMs: number | undefined;
  readonly content: InboundContent;
}

/** Decodes the `Message` of a Notification: an alarm if it is one, else the text as it came. */
export function inboundFromSns(message: SnsMessage): InboundNotification {
  const sentAtMs = Date.parse(message.timestamp);
  const content = withTopicRegion(decodeMessage(message.message, 'Message'), message.topicArn);
  return {
    id: content.kind === 'alarm' ? alarmIdentity(content.alarm) : message.messageId,
    topicArn: message.topicArn,
    subject: message.subject,
    sentAtMs: Number.isNaN(sentAtMs) ? undefined : sentAtMs,
    content,
  };
}

/** An alarm without AlarmArn takes its region from the topic's ARN before the display name (same region: CloudWatch only notifies topics in its own region). */
function withTopicRegion(content: InboundContent, topicArn: string): InboundContent {
  if (content.kind !== 'alarm' || content.alarm.arn) return content;
  const regionCode = regionFromArn(topicArn) ?? content.alarm.regionCode;
  return { kind: 'alarm', alarm: { ...content.alarm, regionCode } };
}

function decodeMessage(text: string, path: string): InboundContent {
  let value: unknown;
  try {
    value = parseExternalJson(text);
  } catch {
    return { kind: 'message', text, note: undefined };
  }
  if (!looksLikeAlarm(value)) return { kind: 'message', text, note: undefined };
  const parsed = parseCloudWatchAlarm(value, path);
  return parsed.ok
    ? { kind: 'alarm', alarm: parsed.alarm }
    : { kind: 'message', text, note: `not a readable CloudWatch alarm (${parsed.problems.join('; ')})` };
}

/** A stable id for an alarm that came without an SNS MessageId (POST /dev/alarm, the CLI). */
export function alarmIdentity(alarm: CloudWatchAlarm): string {
  const key = `${alarm.arn ?? alarm.name}|${alarm.state}|${alarm.stateChangedAtMs}`;
  return `alarm-${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
}

export class PayloadError extends Error {
  override name = 'PayloadError';
}

/**
 * Reads any of the three payloads a person may hand the CLI or POST /dev/alarm: a Lambda SNS event,
 * an SNS HTTP envelope, or a bare CloudWatch alarm. Strict: anything else is a PayloadError that says
 * what was expected and, for a malformed alarm, which fields are wrong.
 */
export function parseAlarmPayload(text: string): InboundNotification[] {
  let value: unknown;
  try {
    value = parseExternalJson(text);
  } catch (error) {
    throw new PayloadError(`not JSON: ${(error as Error).message}`);
  }
  if (isLambdaSnsEvent(value)) {
    let records;
    try {
      records = parseLambdaSnsEvent(value);
    } catch (error) {
      throw new PayloadError((error as Error).message);
    }
    return records.map((record) => {
      if (!record.ok) throw new PayloadError(record.error.message);
      return inboundFromSns(record.message);
    });
  }
  if (isSnsEnvelope(value)) {
    try {
      return [inboundFromSns(parseSnsEnvelope(value))];
    } catch (error) {
      throw new PayloadError((error as Error).message);
    }
  }
  if (looksLikeAlarm(value)) {
    const parsed = parseCloudWatchAlarm(value);
    if (!parsed.ok) throw new PayloadError(`not a valid CloudWatch alarm: ${parsed.problems.join('; ')}`);
    return [
      {
        id: alarmIdentity(parsed.alarm),
        topicArn: undefined,
        subject: undefined,
        sentAtMs: parsed.alarm.stateChangedAtMs,
        content: { kind: 'alarm', alarm: parsed.alarm },
      },
    ];
  }
  throw new PayloadError(
    'expected a Lambda SNS event (Records[].Sns), an SNS message (Type, MessageId, Message) or a CloudWatch alarm (AlarmName, NewStateValue, StateChangeTime)',
  );
}
