/**
 * SNS envelopes, parsed first (the envelope), before the payload inside `Message`.
 *
 * Two shapes carry the same message (https://docs.aws.amazon.com/sns/latest/dg/http-notification-json.html,
 * https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html): an HTTP(S) subscription body spells
 * `SigningCertURL`/`UnsubscribeURL`, a Lambda record `SigningCertUrl`/`UnsubscribeUrl` (some fixtures
 * use the upper-case form there too, so both are accepted everywhere).
 */
import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { nonEmpty } from '../shared/zod.ts';
import { describeIssues } from '../shared/zod-issues.ts';

export const SNS_MESSAGE_TYPES = ['Notification', 'SubscriptionConfirmation', 'UnsubscribeConfirmation'] as const;

const envelopeSchema = z.pipe(
  z.object({
    Type: z.enum(SNS_MESSAGE_TYPES),
    MessageId: nonEmpty(),
    TopicArn: nonEmpty(),
    Subject: z.nullish(z.string()),
    Message: z.string(),
    Timestamp: nonEmpty(),
    SignatureVersion: z.optional(z.string()),
    Signature: z.optional(z.string()),
    SigningCertURL: z.optional(z.string()),
    SigningCertUrl: z.optional(z.string()),
    UnsubscribeURL: z.optional(z.string()),
    UnsubscribeUrl: z.optional(z.string()),
    SubscribeURL: z.optional(z.string()),
    Token: z.optional(z.string()),
  }),
  z.transform((raw) => ({
    type: raw.Type,
    messageId: raw.MessageId,
    topicArn: raw.TopicArn,
    subject: raw.Subject ?? undefined,
    message: raw.Message,
    timestamp: raw.Timestamp,
    signatureVersion: raw.SignatureVersion,
    signature: raw.Signature,
    signingCertUrl: raw.SigningCertURL ?? raw.SigningCertUrl,
    unsubscribeUrl: raw.UnsubscribeURL ?? raw.UnsubscribeUrl,
    subscribeUrl: raw.SubscribeURL,
    token: raw.Token,
  })),
);

/** An SNS message, whichever envelope it came in. Field names follow the HTTP documentation. */
export type SnsMessage = z.infer<typeof envelopeSchema>;

const lambdaEventSchema = z.object({
  Records: z
    .array(
      z.object({
        // Hand-written test events (`aws lambda invoke`) often leave it out; present, it must say SNS.
        EventSource: z.optional(z.literal('aws:sns')),
        EventSubscriptionArn: z.optional(z.string()),
        Sns: z.unknown(),
      }),
    )
    .check(z.minLength(1)),
});

export class EnvelopeError extends Error {
  override name = 'EnvelopeError';
  constructor(readonly problems: readonly string[]) {
    super(`not a valid SNS message: ${problems.join('; ')}`);
  }
}

/** Parses one SNS envelope (HTTP body or a Lambda record's `Sns`). Throws EnvelopeError naming paths. */
export function parseSnsEnvelope(value: unknown, pathPrefix = ''): SnsMessage {
  const parsed = envelopeSchema.safeParse(value);
  if (!parsed.success) {
    throw new EnvelopeError(describeIssues(parsed.error, pathPrefix));
  }
  return parsed.data;
}

/**
 * A Lambda record's `Sns` with what a hand-made test event leaves out filled in: SNS always sends
 * Type, MessageId, TopicArn and Timestamp, but a person testing with `aws lambda invoke` often writes
 * only `Message`. The id is derived from the message (so a re-sent test is recognised), the topic from
 * the subscription if given, and the time stays unknown. Only for records Lambda hands over (IAM-trusted);
 * the HTTPS `/sns` door verifies signatures and takes no defaults.
 */
function withLambdaDefaults(sns: unknown, subscriptionArn: string | undefined): unknown {
  if (typeof sns !== 'object' || sns === null || typeof (sns as { Message?: unknown }).Message !== 'string') return sns;
  const message = (sns as { Message: string }).Message;
  return {
    Type: 'Notification',
    MessageId: `lambda-${createHash('sha256').update(message).digest('hex').slice(0, 32)}`,
    TopicArn: subscriptionArn?.split(':').slice(0, 6).join(':') || 'unknown',
    Timestamp: 'unknown',
    ...sns,
  };
}

export function isLambdaSnsEvent(value: unknown): value is { Records: unknown[] } {
  return typeof value === 'object' && value !== null && Array.isArray((value as { Records?: unknown }).Records);
}

export function isSnsEnvelope(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'Type' in value && 'MessageId' in value && 'Message' in value;
}

/**
 * Splits a Lambda SNS event into its records. Each record is parsed on its own so one malformed record
 * does not hide the others: the caller gets a message or the problems for every index.
 */
export function parseLambdaSnsEvent(
  value: unknown,
): ({ ok: true; message: SnsMessage } | { ok: false; error: EnvelopeError })[] {
  const parsed = lambdaEventSchema.safeParse(value);
  if (!parsed.success) {
    throw new EnvelopeError(describeIssues(parsed.error));
  }
  return parsed.data.Records.map((record, index) => {
    try {
      return {
        ok: true,
        message: parseSnsEnvelope(withLambdaDefaults(record.Sns, record.EventSubscriptionArn), `Records[${index}].Sns`),
      };
    } catch (error) {
      return { ok: false, error: error as EnvelopeError };
    }
  });
}
