/** What the DynamoDB stores share: recognising a failed conditional write (the SDK class or, across bundles, its name). */
import { ConditionalCheckFailedException, type TransactionCanceledException } from '@aws-sdk/client-dynamodb';

export function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException || (error as Error).name === 'ConditionalCheckFailedException'
  );
}

/**
 * The per-item cancellation codes of a cancelled transaction (`ConditionalCheckFailed`, `None`, …, in
 * the order of its items), or undefined when the error is something else.
 */
export function cancellationCodes(error: unknown): (string | undefined)[] | undefined {
  if ((error as Error)?.name !== 'TransactionCanceledException') return undefined;
  return ((error as TransactionCanceledException).CancellationReasons ?? []).map((reason) => reason.Code);
}
