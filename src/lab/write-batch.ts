/**
 * One WriteRecords call of a generation, retried with backoff and jitter on throttles and 5xx; the
 * records Timestream rejects are returned one by one (the run goes on), any other failure ends it.
 */
import { RejectedRecordsException, WriteRecordsCommand, type _Record } from '@aws-sdk/client-timestream-write';
import { backoffDelayMs } from '../shared/backoff.ts';
import type { LabTarget } from './lab-target.ts';
import type { WriteBatch } from './write-plan.ts';

const RETRYABLE = new Set([
  'ThrottlingException',
  'InternalServerException',
  'ServiceUnavailableException',
  'TimeoutError',
  'RequestTimeout',
]);

export class GenerationError extends Error {
  override name = 'GenerationError';
}

export async function writeWithRetry(
  target: LabTarget,
  batch: WriteBatch,
  records: _Record[],
  maxRetries: number,
  sleep: (ms: number) => Promise<void>,
  onRetry: (attempt: number, error: string) => void,
): Promise<{ written: number; rejected: { index: number; reason: string; existingVersion: number | undefined }[] }> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const result = await target.clients.write.send(
        new WriteRecordsCommand({
          DatabaseName: target.database,
          TableName: batch.table,
          CommonAttributes: batch.common,
          Records: records,
        }),
      );
      return { written: result.RecordsIngested?.Total ?? records.length, rejected: [] };
    } catch (error) {
      if (error instanceof RejectedRecordsException || (error as Error).name === 'RejectedRecordsException') {
        const rejected = ((error as RejectedRecordsException).RejectedRecords ?? []).map((record) => ({
          index: record.RecordIndex ?? -1,
          reason: record.Reason ?? 'no reason given',
          existingVersion: record.ExistingVersion,
        }));
        return { written: records.length - rejected.length, rejected };
      }
      const name = (error as Error).name;
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0;
      if ((!RETRYABLE.has(name) && status < 500) || attempt > maxRetries) {
        // The usual first-run mistake: the tables are not there yet.
        const hint = name === 'ResourceNotFoundException' ? ' Run `tcu-bot lab setup` (or /setup) first.' : '';
        throw new GenerationError(
          `WriteRecords to ${batch.table} failed after ${attempt} attempt(s): ${name}: ${(error as Error).message}${hint}`,
        );
      }
      onRetry(attempt, `${name} ${status}`);
      await sleep(backoffDelayMs(attempt, 100, 10_000));
    }
  }
}
