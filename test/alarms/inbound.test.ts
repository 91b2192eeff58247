import { describe, expect, it } from 'vitest';
import { PayloadError, parseAlarmPayload } from '../../src/alarms/inbound.ts';
import { anAlarm } from '../support/builders.ts';
import { readFixture, readJsonFixture } from '../support/fixtures.ts';

describe('parseAlarmPayload', () => {
  it('reads a Lambda SNS event (SigningCertUrl casing)', () => {
    const [inbound] = parseAlarmPayload(readFixture('sns/lambda-event-alarm.json'));
    expect(inbound).toMatchObject({
      id: expect.stringMatching(/^alarm-[0-9a-f]{32}$/),
      content: { kind: 'alarm', alarm: { name: 'TimestreamQueryTCUHigh' } },
    });
  });

  it('gives one state change of one alarm one id, whichever topic or message carried it', () => {
    const envelope = readJsonFixture<Record<string, string>>('sns/http-notification.json');
    const [first] = parseAlarmPayload(JSON.stringify(envelope));
    const [again] = parseAlarmPayload(
      JSON.stringify({
        ...envelope,
        MessageId: 'another-message',
        TopicArn: 'arn:aws:sns:ap-northeast-1:123456789012:second-topic',
      }),
    );
    expect(again?.id).toBe(first?.id);
    const alarm = JSON.parse(envelope.Message!) as Record<string, unknown>;
    const [later] = parseAlarmPayload(
      JSON.stringify({
        ...envelope,
        Message: JSON.stringify({ ...alarm, StateChangeTime: '2025-05-28T10:30:00.000+0000' }),
      }),
    );
    expect(later?.id).not.toBe(first?.id);
    // A message that is not an alarm keeps its SNS MessageId.
    const [text] = parseAlarmPayload(JSON.stringify({ ...envelope, Message: 'deploy finished' }));
    expect(text?.id).toBe(envelope.MessageId);
  });

  it('reads an SNS HTTP envelope (SigningCertURL casing)', () => {
    const [inbound] = parseAlarmPayload(readFixture('sns/http-notification.json'));
    expect(inbound?.id).toMatch(/^alarm-[0-9a-f]{32}$/);
    expect(inbound?.topicArn).toContain('timestream-tcu-alerts');
  });

  it('takes the region from the TopicArn when the alarm has no AlarmArn', () => {
    const envelope = readJsonFixture('sns/http-notification.json');
    const alarm = { ...anAlarm().json(), AlarmArn: undefined, Region: 'Nowhere (Unknown)' };
    const topicArn = 'arn:aws:sns:eu-central-1:123456789012:alerts';
    const [inbound] = parseAlarmPayload(
      JSON.stringify({ ...envelope, TopicArn: topicArn, Message: JSON.stringify(alarm) }),
    );
    expect(inbound?.content.kind === 'alarm' && inbound.content.alarm.regionCode).toBe('eu-central-1');
  });

  it('reads a bare alarm and gives it a stable id', () => {
    const first = parseAlarmPayload(anAlarm().text());
    const again = parseAlarmPayload(anAlarm().text());
    const other = parseAlarmPayload(anAlarm().inState('OK').text());
    expect(first[0]?.id).toMatch(/^alarm-[0-9a-f]{32}$/);
    expect(again[0]?.id).toBe(first[0]?.id);
    expect(other[0]?.id).not.toBe(first[0]?.id);
  });

  it('keeps a plain-text SNS message as a message, not dropped', () => {
    const event = readJsonFixture<{ Records: unknown[] }>('sns/lambda-event-mixed.json');
    const [, plain] = parseAlarmPayload(JSON.stringify({ Records: event.Records.slice(0, 2) }));
    expect(plain?.content).toEqual({
      kind: 'message',
      text: 'Deploy finished: tcu-bot v0.1.0 in ap-northeast-1',
      note: undefined,
    });
  });

  it('keeps an unreadable alarm inside an SNS message as a message with the reason', () => {
    const envelope = readJsonFixture('sns/http-notification.json');
    const broken = { ...anAlarm().json(), StateChangeTime: 42 };
    const [inbound] = parseAlarmPayload(JSON.stringify({ ...envelope, Message: JSON.stringify(broken) }));
    expect(inbound?.content.kind).toBe('message');
    expect(inbound?.content.kind === 'message' && inbound.content.note).toContain('Message.StateChangeTime');
  });

  it.each([
    ['not json', 'not JSON'],
    ['{"hello":"world"}', 'expected a Lambda SNS event'],
    ['[]', 'expected a Lambda SNS event'],
    [JSON.stringify({ ...anAlarm().json(), NewStateValue: 7 }), 'NewStateValue'],
    [
      JSON.stringify({ Records: [{ EventSource: 'aws:sns', Sns: { Type: 'Notification' } }] }),
      'Records[0].Sns.MessageId',
    ],
  ])('refuses %s with a clear reason', (text, reason) => {
    expect(() => parseAlarmPayload(text)).toThrow(PayloadError);
    expect(() => parseAlarmPayload(text)).toThrow(reason);
  });
});
