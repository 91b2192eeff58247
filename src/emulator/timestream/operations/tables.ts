/** CreateTable, DescribeTable, ListTables, UpdateTable, DeleteTable. */
import { z } from 'zod';
import { DEFAULT_MAGNETIC_DAYS, DEFAULT_MEMORY_HOURS } from '../catalog.ts';
import { checkNewSchema, checkSchemaUpdate, tableSchemaSchema } from '../partition-key.ts';
import { defineOperation } from './operation.ts';
import { magneticWritesSchema, NAME, pageOf, retentionSchema, tableShape } from './shapes.ts';

const byName = z.object({ DatabaseName: NAME, TableName: NAME });

export const createTable = defineOperation(
  'CreateTable',
  byName.extend({
    RetentionProperties: retentionSchema.optional(),
    MagneticStoreWriteProperties: magneticWritesSchema.optional(),
    Schema: tableSchemaSchema.optional(),
    Tags: z.array(z.unknown()).optional(),
  }),
  async (input, { service, clock }) => {
    const table = await service.catalog.createTable(
      input.DatabaseName,
      input.TableName,
      {
        retention: {
          memoryHours: input.RetentionProperties?.MemoryStoreRetentionPeriodInHours ?? DEFAULT_MEMORY_HOURS,
          magneticDays: input.RetentionProperties?.MagneticStoreRetentionPeriodInDays ?? DEFAULT_MAGNETIC_DAYS,
        },
        magneticWrites: {
          enabled: input.MagneticStoreWriteProperties?.EnableMagneticStoreWrites ?? false,
          rejectedDataLocation: input.MagneticStoreWriteProperties?.MagneticStoreRejectedDataLocation,
        },
        schema: checkNewSchema(input.Schema),
      },
      clock.now(),
    );
    return { Table: tableShape(table) };
  },
);

export const describeTable = defineOperation('DescribeTable', byName, (input, { service }) => ({
  Table: tableShape(service.catalog.table(input.DatabaseName, input.TableName)),
}));

export const listTables = defineOperation(
  'ListTables',
  z.object({
    DatabaseName: NAME.optional(),
    NextToken: z.string().optional(),
    MaxResults: z.number().int().min(1).max(20).optional(),
  }),
  (input, { service }) => {
    if (input.DatabaseName) service.catalog.database(input.DatabaseName);
    const { page, next } = pageOf(service.catalog.listTables(input.DatabaseName), input.NextToken, input.MaxResults);
    return { Tables: page.map(tableShape), ...(next ? { NextToken: next } : {}) };
  },
);

export const updateTable = defineOperation(
  'UpdateTable',
  byName.extend({
    RetentionProperties: retentionSchema.optional(),
    MagneticStoreWriteProperties: magneticWritesSchema.optional(),
    Schema: tableSchemaSchema.optional(),
  }),
  async (input, { service, clock }) => {
    const table = service.catalog.table(input.DatabaseName, input.TableName);
    if (input.RetentionProperties) {
      table.retention = {
        memoryHours: input.RetentionProperties.MemoryStoreRetentionPeriodInHours,
        magneticDays: input.RetentionProperties.MagneticStoreRetentionPeriodInDays,
      };
    }
    if (input.MagneticStoreWriteProperties) {
      table.magneticWrites = {
        enabled: input.MagneticStoreWriteProperties.EnableMagneticStoreWrites,
        rejectedDataLocation: input.MagneticStoreWriteProperties.MagneticStoreRejectedDataLocation,
      };
    }
    if (input.Schema !== undefined) table.schema = checkSchemaUpdate(table, input.Schema);
    table.updatedAtMs = clock.now();
    await service.catalog.saveTable(table);
    return { Table: tableShape(table) };
  },
);

export const deleteTable = defineOperation('DeleteTable', byName, async (input, { service }) => {
  service.forgetStore(input.DatabaseName, input.TableName);
  await service.catalog.deleteTable(input.DatabaseName, input.TableName);
  return {};
});
