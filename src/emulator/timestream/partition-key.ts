/**
 * A table's partition key: `measure_name` by default, or one dimension chosen at creation (a
 * customer-defined partition key, `Schema.CompositePartitionKey`). With enforcement REQUIRED a record
 * without that dimension is rejected; the enforcement may change later, the key may not.
 * https://docs.aws.amazon.com/timestream/latest/developerguide/customer-defined-partition-keys.html
 */
import { z } from 'zod';
import { validation } from '../errors.ts';
import type { TableMeta } from './catalog.ts';

const partitionKeyEntry = z.object({
  Type: z.enum(['DIMENSION', 'MEASURE']),
  Name: z.string().min(1).max(2048).optional(),
  EnforcementInRecord: z.enum(['REQUIRED', 'OPTIONAL']).optional(),
});

export const tableSchemaSchema = z.object({
  CompositePartitionKey: z.array(partitionKeyEntry).min(1).max(1).optional(),
});
export type TableSchemaInput = z.infer<typeof tableSchemaSchema>;

export type PartitionKey =
  | { readonly kind: 'measure_name' }
  | { readonly kind: 'dimension'; readonly name: string; readonly isRequired: boolean };

/** The key as queries and pruning see it: the column whose values are the spatial partitions. */
export function partitionKeyOf(table: Pick<TableMeta, 'schema'>): PartitionKey {
  const entry = (table.schema as TableSchemaInput | undefined)?.CompositePartitionKey?.[0];
  if (entry?.Type !== 'DIMENSION' || !entry.Name) return { kind: 'measure_name' };
  return { kind: 'dimension', name: entry.Name, isRequired: (entry.EnforcementInRecord ?? 'REQUIRED') === 'REQUIRED' };
}

export function partitionColumn(key: PartitionKey): string {
  return key.kind === 'dimension' ? key.name : 'measure_name';
}

/** CreateTable's schema, checked: a DIMENSION key names its dimension; a MEASURE key names nothing. */
export function checkNewSchema(schema: TableSchemaInput | undefined): TableSchemaInput | undefined {
  const entry = schema?.CompositePartitionKey?.[0];
  if (!entry) return schema;
  if (entry.Type === 'DIMENSION' && !entry.Name)
    throw validation('A partition key of type DIMENSION needs the Name of that dimension.');
  if (entry.Type === 'MEASURE' && entry.Name)
    throw validation('A partition key of type MEASURE is measure_name and takes no Name.');
  return schema;
}

/** UpdateTable may change the enforcement of the key, never the key itself. */
export function checkSchemaUpdate(table: TableMeta, next: TableSchemaInput): TableSchemaInput {
  const before = partitionKeyOf(table);
  const after = partitionKeyOf({ schema: checkNewSchema(next) });
  const sameKey =
    before.kind === after.kind && (before.kind === 'measure_name' || before.name === (after as { name: string }).name);
  if (!sameKey) throw validation('The partition key of a table cannot be changed after it is created.');
  return next;
}
