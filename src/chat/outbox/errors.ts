/** Delivery failures, named for the destination and never carrying a webhook URL or token. */
import { redactSecrets } from '../../shared/redact.ts';

export class DeliveryError extends Error {
  override name = 'DeliveryError';
  constructor(
    readonly destinationId: string,
    readonly reason: string,
    readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    super(redactSecrets(`delivery to ${destinationId} failed after ${attempts} attempt(s): ${reason}`), options);
  }
}

/** One message failed for one or more destinations; the others (if any) were delivered. */
export class OutboxDeliveryError extends AggregateError {
  override name = 'OutboxDeliveryError';
  constructor(
    readonly messageId: string,
    readonly failures: readonly DeliveryError[],
  ) {
    super(
      failures,
      `message ${messageId} not delivered to ${failures.map((failure) => failure.destinationId).join(', ')}: ${failures.map((failure) => failure.reason).join('; ')}`,
    );
  }
}
