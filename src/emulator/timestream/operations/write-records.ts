/**
 * WriteRecords: valid records are stored even when others are rejected; the rejected ones come back in
 * RejectedRecordsException (HTTP 419) with RecordIndex, Reason and ExistingVersion.
 */
import { z } from 'zod';
import { AwsError } from '../../errors.ts';
import { recordSchema } from '../records.ts';
import { defineOperation } from './operation.ts';
import { NAME } from './shapes.ts';

export const writeRecords = defineOperation(
  'WriteRecords',
  z.object({
    DatabaseName: NAME,
    TableName: NAME,
    CommonAttributes: recordSchema.optional(),
    Records: z.array(recordSchema),
  }),
  async (input, { service }) => {
    const outcome = await service.writeRecords(
      input.DatabaseName,
      input.TableName,
      input.Records,
      input.CommonAttributes,
    );
    if (outcome.rejections.length > 0) {
      throw new AwsError(
        'RejectedRecordsException',
        'One or more records have been rejected. See RejectedRecords for details.',
        {
          RejectedRecords: outcome.rejections,
        },
      );
    }
    return { RecordsIngested: { Total: outcome.total, MemoryStore: outcome.memory, MagneticStore: outcome.magnetic } };
  },
);
