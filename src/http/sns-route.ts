/**
 * POST /sns — an SNS HTTPS subscription. Order matters: size limit, JSON, envelope, then the signature
 * and topic allowlist before anything acts on the content; a SubscriptionConfirmation is confirmed only
 * after it verified. Bad input is 4xx. With an intake (the local server) a notification is answered 202
 * once journaled; without one (Lambda) once delivered, and a delivery that cannot finish in time is
 * 503, so SNS retries (its default HTTP policy: 3 retries, 20 s apart) and dedupe keeps the retry
 * from posting twice.
 */
import { parseExternalJson } from '../shared/json.ts';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AlarmIntake } from '../alarms/alarm-intake.ts';
import { deliverInbound, type AlarmRouting } from '../alarms/forward.ts';
import { inboundFromSns } from '../alarms/inbound.ts';
import { EnvelopeError, parseSnsEnvelope, type SnsMessage } from '../alarms/sns-envelope.ts';
import type { SnsVerifyResult } from '../alarms/sns-signature.ts';
import { OutboxDeliveryError, DeliveryError } from '../chat/outbox/errors.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import { problem } from './problem.ts';

/** SNS messages are at most 256 KB; JSON escaping of the inner Message can add some. */
export const SNS_MAX_BODY_BYTES = 512 * 1024;

export interface SnsRouteDeps extends AlarmRouting {
  readonly logger: Logger;
  readonly clock: Clock;
  readonly deliveryBudgetMs: number;
  readonly verifySns: (message: SnsMessage) => Promise<SnsVerifyResult>;
  /** GETs a verified SubscribeURL. */
  readonly confirmSubscription: (subscribeUrl: string) => Promise<void>;
  /** Local: alarms are journaled and acknowledged (202), then delivered; without it, delivered first. */
  readonly intake?: AlarmIntake | undefined;
}

export function snsRoute(deps: SnsRouteDeps): Hono {
  const route = new Hono();
  route.post(
    '/',
    bodyLimit({
      maxSize: SNS_MAX_BODY_BYTES,
      onError: (c) => problem(c, 413, 'too_large', `body over ${SNS_MAX_BODY_BYTES} bytes`),
    }),
    async (c) => {
      let value: unknown;
      try {
        value = parseExternalJson(await c.req.text());
      } catch {
        return problem(c, 400, 'malformed', 'body is not JSON');
      }
      let message: SnsMessage;
      try {
        message = parseSnsEnvelope(value);
      } catch (error) {
        if (error instanceof EnvelopeError) return problem(c, 400, 'malformed', error.message);
        throw error;
      }
      const declaredType = c.req.header('x-amz-sns-message-type');
      if (declaredType && declaredType !== message.type) {
        return problem(
          c,
          400,
          'malformed',
          `x-amz-sns-message-type ${declaredType} does not match Type ${message.type}`,
        );
      }
      const verdict = await deps.verifySns(message);
      if (!verdict.ok) {
        deps.logger.warn('sns message refused', {
          messageId: message.messageId,
          topicArn: message.topicArn,
          reason: verdict.reason,
        });
        return problem(c, 403, 'forbidden', verdict.reason);
      }

      if (message.type === 'SubscriptionConfirmation') {
        try {
          await deps.confirmSubscription(message.subscribeUrl!);
        } catch (error) {
          deps.logger.error('sns subscription not confirmed', { topicArn: message.topicArn, error });
          return problem(c, 502, 'not_confirmed', `could not confirm the subscription: ${(error as Error).message}`);
        }
        deps.logger.info('sns subscription confirmed', { topicArn: message.topicArn });
        return c.json({ confirmed: true });
      }
      if (message.type === 'UnsubscribeConfirmation') {
        deps.logger.warn('sns subscription removed', { topicArn: message.topicArn });
        return c.json({ ok: true });
      }
      const inbound = inboundFromSns(message);
      if (deps.intake) {
        const status = await deps.intake.accept(inbound);
        return c.json({ messageId: message.messageId, deliveryId: inbound.id, status }, 202);
      }
      try {
        const outcomes = await deliverInbound(inbound, deps, deps.clock.now() + deps.deliveryBudgetMs);
        return c.json({ messageId: message.messageId, deliveryId: inbound.id, outcomes });
      } catch (error) {
        if (error instanceof OutboxDeliveryError || error instanceof DeliveryError) {
          c.header('retry-after', '20');
          return problem(c, 503, 'not_delivered', error.message);
        }
        throw error;
      }
    },
  );
  return route;
}
