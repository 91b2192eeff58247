/** Catalog entries in the wire shapes of DescribeDatabase / DescribeTable (times as epoch seconds). */
import type { DatabaseMeta, TableMeta } from '../catalog.ts';
import { z } from 'zod';

export const NAME = z
  .string()
  .min(3)
  .max(256)
  .regex(/^[a-zA-Z0-9_.-]+$/, 'must be 3–256 characters of letters, digits, _ . -');

export function databaseShape(database: DatabaseMeta, tableCount: number): Record<string, unknown> {
  return {
    Arn: database.arn,
    DatabaseName: database.name,
    TableCount: tableCount,
    KmsKeyId: database.kmsKeyId,
    CreationTime: database.createdAtMs / 1000,
    LastUpdatedTime: database.updatedAtMs / 1000,
  };
}

export function tableShape(table: TableMeta): Record<string, unknown> {
  return {
    Arn: table.arn,
    TableName: table.name,
    DatabaseName: table.database,
    TableStatus: 'ACTIVE',
    RetentionProperties: {
      MemoryStoreRetentionPeriodInHours: table.retention.memoryHours,
      MagneticStoreRetentionPeriodInDays: table.retention.magneticDays,
    },
    CreationTime: table.createdAtMs / 1000,
    LastUpdatedTime: table.updatedAtMs / 1000,
    MagneticStoreWriteProperties: {
      EnableMagneticStoreWrites: table.magneticWrites.enabled,
      ...(table.magneticWrites.rejectedDataLocation
        ? { MagneticStoreRejectedDataLocation: table.magneticWrites.rejectedDataLocation }
        : {}),
    },
    ...(table.schema ? { Schema: table.schema } : {}),
  };
}

export const retentionSchema = z.object({
  MemoryStoreRetentionPeriodInHours: z.number().int().min(1).max(8766),
  MagneticStoreRetentionPeriodInDays: z.number().int().min(1).max(73_000),
});

export const magneticWritesSchema = z.object({
  EnableMagneticStoreWrites: z.boolean(),
  MagneticStoreRejectedDataLocation: z.unknown().optional(),
});

/** List operations page with an opaque offset token. */
export function pageOf<T>(
  items: readonly T[],
  nextToken: string | undefined,
  maxResults: number | undefined,
): { page: T[]; next: string | undefined } {
  const offset = nextToken ? Number(Buffer.from(nextToken, 'base64url').toString()) || 0 : 0;
  const size = maxResults ?? 20;
  const page = items.slice(offset, offset + size);
  const end = offset + page.length;
  return { page, next: end < items.length ? Buffer.from(String(end)).toString('base64url') : undefined };
}
