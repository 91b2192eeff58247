/**
 * The event Lambda hands a function subscribed to an SNS topic
 * (https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html), built from published messages: how
 * local runs (the console's alarm buttons, `lab story`) reach the alarm function's own code path.
 */
import { randomUUID } from 'node:crypto';

export interface PublishedMessage {
  readonly topicArn: string;
  readonly subject: string;
  readonly message: string;
}

function regionOf(topicArn: string): string {
  return topicArn.split(':')[3] ?? 'us-east-1';
}

export function lambdaSnsEvent(messages: readonly PublishedMessage[], nowMs: number): { Records: unknown[] } {
  return {
    Records: messages.map((published) => ({
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: `${published.topicArn}:local`,
      Sns: {
        Type: 'Notification',
        MessageId: randomUUID(),
        TopicArn: published.topicArn,
        Subject: published.subject,
        Message: published.message,
        Timestamp: new Date(nowMs).toISOString(),
        SignatureVersion: '1',
        Signature: 'local',
        SigningCertUrl: `https://sns.${regionOf(published.topicArn)}.amazonaws.com/local.pem`,
        UnsubscribeUrl: `https://sns.${regionOf(published.topicArn)}.amazonaws.com/?Action=Unsubscribe`,
        MessageAttributes: {},
      },
    })),
  };
}
