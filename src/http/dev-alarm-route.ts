/**
 * POST /dev/alarm — local mode only: any alarm payload (bare CloudWatch alarm JSON, SNS message or
 * Lambda SNS event) straight into the outbox, unsigned, so a person can try the path with curl.
 * Under `npm start` the alarms are journaled and answered 202 (delivery follows, and survives a
 * restart); without an intake (tests of the app alone) they are delivered before the answer.
 * Never mounted on Lambda (see createApp).
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AlarmIntake } from '../alarms/alarm-intake.ts';
import { deliverInbound, type AlarmRouting } from '../alarms/forward.ts';
import { PayloadError, parseAlarmPayload } from '../alarms/inbound.ts';
import { OutboxDeliveryError } from '../chat/outbox/errors.ts';
import { problem } from './problem.ts';
import { SNS_MAX_BODY_BYTES } from './sns-route.ts';

export function devAlarmRoute(deps: AlarmRouting & { readonly intake?: AlarmIntake | undefined }): Hono {
  const route = new Hono();
  route.post(
    '/',
    bodyLimit({
      maxSize: SNS_MAX_BODY_BYTES,
      onError: (c) => problem(c, 413, 'too_large', `body over ${SNS_MAX_BODY_BYTES} bytes`),
    }),
    async (c) => {
      let inbound;
      try {
        inbound = parseAlarmPayload(await c.req.text());
      } catch (error) {
        if (error instanceof PayloadError) return problem(c, 400, 'malformed', error.message);
        throw error;
      }
      if (deps.intake) {
        const accepted = [];
        for (const item of inbound) accepted.push({ messageId: item.id, status: await deps.intake.accept(item) });
        return c.json({ accepted }, 202);
      }
      try {
        const delivered = [];
        for (const item of inbound) {
          delivered.push({ messageId: item.id, outcomes: await deliverInbound(item, deps) });
        }
        return c.json({ delivered });
      } catch (error) {
        if (error instanceof OutboxDeliveryError) return problem(c, 502, 'not_delivered', error.message);
        throw error;
      }
    },
  );
  return route;
}
