/** CreateDatabase, DescribeDatabase, ListDatabases, UpdateDatabase, DeleteDatabase. */
import { z } from 'zod';
import { defineOperation } from './operation.ts';
import { databaseShape, NAME, pageOf } from './shapes.ts';

const byName = z.object({ DatabaseName: NAME });

export const createDatabase = defineOperation(
  'CreateDatabase',
  byName.extend({ KmsKeyId: z.string().min(1).max(2048).optional(), Tags: z.array(z.unknown()).optional() }),
  async (input, { service, clock }) => {
    const database = await service.catalog.createDatabase(input.DatabaseName, input.KmsKeyId, clock.now());
    return { Database: databaseShape(database, 0) };
  },
);

export const describeDatabase = defineOperation('DescribeDatabase', byName, (input, { service }) => ({
  Database: databaseShape(
    service.catalog.database(input.DatabaseName),
    service.catalog.listTables(input.DatabaseName).length,
  ),
}));

export const listDatabases = defineOperation(
  'ListDatabases',
  z.object({ NextToken: z.string().optional(), MaxResults: z.number().int().min(1).max(20).optional() }),
  (input, { service }) => {
    const { page, next } = pageOf(service.catalog.listDatabases(), input.NextToken, input.MaxResults);
    return {
      Databases: page.map((database) => databaseShape(database, service.catalog.listTables(database.name).length)),
      ...(next ? { NextToken: next } : {}),
    };
  },
);

export const updateDatabase = defineOperation(
  'UpdateDatabase',
  byName.extend({ KmsKeyId: z.string().min(1).max(2048) }),
  async (input, { service, clock }) => {
    const database = service.catalog.database(input.DatabaseName);
    database.kmsKeyId = input.KmsKeyId;
    database.updatedAtMs = clock.now();
    await service.catalog.updateDatabase(database);
    return { Database: databaseShape(database, service.catalog.listTables(database.name).length) };
  },
);

export const deleteDatabase = defineOperation('DeleteDatabase', byName, async (input, { service }) => {
  await service.catalog.deleteDatabase(input.DatabaseName);
  return {};
});
