/**
 * WriteRecords input, record by record: CommonAttributes merged, values parsed to their types, limits
 * checked (https://docs.aws.amazon.com/timestream/latest/developerguide/ts-limits.html). Request-level
 * mistakes throw ValidationException; a bad record becomes a rejection with its index and reason while
 * the rest of the batch goes on, as Timestream does.
 */
import { z } from 'zod';
import { MEASURE_TYPES, type MeasureType } from './catalog.ts';
import { validation } from '../errors.ts';

const dimensionSchema = z.object({
  Name: z.string(),
  Value: z.string(),
  DimensionValueType: z.literal('VARCHAR').optional(),
});
const measureValueSchema = z.object({ Name: z.string(), Value: z.string(), Type: z.enum(MEASURE_TYPES) });
export const recordSchema = z.object({
  Dimensions: z.array(dimensionSchema).optional(),
  MeasureName: z.string().optional(),
  MeasureValue: z.string().optional(),
  MeasureValueType: z.enum([...MEASURE_TYPES, 'MULTI']).optional(),
  Time: z.string().optional(),
  TimeUnit: z.enum(['MILLISECONDS', 'SECONDS', 'MICROSECONDS', 'NANOSECONDS']).optional(),
  Version: z.number().int().optional(),
  MeasureValues: z.array(measureValueSchema).optional(),
});
export type WriteRecord = z.infer<typeof recordSchema>;

export type MeasureValue = number | bigint | string | boolean | null;

export interface NormalizedRecord {
  readonly index: number;
  /** Dimension name → value, as written. */
  readonly dimensions: ReadonlyMap<string, string>;
  readonly measureName: string;
  readonly timeMicros: number;
  /** Nanoseconds past `timeMicros` (0–999): a NANOSECONDS time is kept to the nanosecond. */
  readonly extraNanos: number;
  readonly version: number;
  readonly isMulti: boolean;
  /** For a single-measure record one entry named `measure_value::<type>`. */
  readonly measures: readonly { readonly name: string; readonly type: MeasureType; readonly value: MeasureValue }[];
  /** Approximate bytes, for the usage meter (1 KB write units). */
  readonly bytes: number;
}

export interface Rejection {
  readonly RecordIndex: number;
  readonly Reason: string;
  readonly ExistingVersion?: number;
}

const NANOS_PER_UNIT = {
  MILLISECONDS: 1_000_000n,
  SECONDS: 1_000_000_000n,
  MICROSECONDS: 1000n,
  NANOSECONDS: 1n,
} as const;
const RESERVED = new Set(['time', 'measure_name', 'measure_value']);
const MAX_RECORD_BYTES = 2048;
const MAX_DIMENSION_NAME_BYTES = 60;
const MAX_MEASURE_NAME_BYTES = 256;
const MAX_MEASURE_VALUE_CHARS = 2048;
const MAX_MULTI_MEASURES = 256;

const byteLength = (text: string) => Buffer.byteLength(text, 'utf8');

export interface NormalizeResult {
  readonly records: NormalizedRecord[];
  readonly rejections: Rejection[];
}

/** Merges CommonAttributes and checks every record. Throws only for request-level problems. */
export function normalizeRecords(records: readonly WriteRecord[], common: WriteRecord | undefined): NormalizeResult {
  if (records.length === 0) throw validation('Records must contain at least 1 record.');
  if (records.length > 100)
    throw validation(
      `1 validation error detected: Value at 'records' failed to satisfy constraint: Member must have length less than or equal to 100`,
    );
  const normalized: NormalizedRecord[] = [];
  const rejections: Rejection[] = [];
  records.forEach((record, index) => {
    const result = normalizeRecord(record, common, index);
    if (typeof result === 'string') rejections.push({ RecordIndex: index, Reason: result });
    else normalized.push(result);
  });
  return { records: normalized, rejections };
}

function normalizeRecord(
  record: WriteRecord,
  common: WriteRecord | undefined,
  index: number,
): NormalizedRecord | string {
  const commonDimensions = common?.Dimensions ?? [];
  const ownDimensions = record.Dimensions ?? [];
  const overlap = ownDimensions.find((dimension) => commonDimensions.some((shared) => shared.Name === dimension.Name));
  if (overlap)
    throw validation(
      `Records[${index}]: dimension ${overlap.Name} is also in CommonAttributes; a dimension may be given only once.`,
    );
  const dimensions = new Map<string, string>();
  for (const dimension of [...commonDimensions, ...ownDimensions]) {
    if (dimensions.has(dimension.Name))
      throw validation(`Records[${index}]: dimension ${dimension.Name} appears twice.`);
    dimensions.set(dimension.Name, dimension.Value);
  }
  if (dimensions.size === 0) throw validation(`Records[${index}]: at least one dimension is required.`);

  const measureName = record.MeasureName ?? common?.MeasureName;
  const type = record.MeasureValueType ?? common?.MeasureValueType ?? 'DOUBLE';
  const timeText = record.Time ?? common?.Time;
  const unit = record.TimeUnit ?? common?.TimeUnit ?? 'MILLISECONDS';
  const version = record.Version ?? common?.Version ?? 1;
  if (measureName === undefined || measureName === '') throw validation(`Records[${index}]: MeasureName is required.`);
  if (timeText === undefined) throw validation(`Records[${index}]: Time is required.`);
  if (version < 1) throw validation(`Records[${index}]: Version must be at least 1.`);

  for (const [name, value] of dimensions) {
    if (RESERVED.has(name.toLowerCase()) || name.startsWith('ts_') || name.startsWith('measure_name'))
      return `Dimension name ${name} is reserved.`;
    if (byteLength(name) > MAX_DIMENSION_NAME_BYTES)
      return `Dimension name ${name.slice(0, 30)}… exceeds ${MAX_DIMENSION_NAME_BYTES} bytes.`;
    if (value === '') return `Dimension ${name} has an empty value.`;
  }
  if (byteLength(measureName) > MAX_MEASURE_NAME_BYTES) return `Measure name exceeds ${MAX_MEASURE_NAME_BYTES} bytes.`;
  if (!/^-?\d+$/.test(timeText)) return `Time ${timeText} is not an integer in ${unit}.`;
  // Exact in BigInt: a nanosecond time is past 2^53.
  const timeNanos = BigInt(timeText) * NANOS_PER_UNIT[unit];
  const timeMicros = Number(timeNanos / 1000n - (timeNanos % 1000n < 0n ? 1n : 0n));
  const extraNanos = Number(timeNanos - BigInt(timeMicros) * 1000n);

  let measures: NormalizedRecord['measures'];
  if (type === 'MULTI') {
    const values = record.MeasureValues ?? common?.MeasureValues;
    if (!values || values.length === 0)
      throw validation(`Records[${index}]: MeasureValues is required for MULTI records.`);
    if (record.MeasureValue !== undefined)
      throw validation(`Records[${index}]: MeasureValue cannot be used with MULTI; use MeasureValues.`);
    if (values.length > MAX_MULTI_MEASURES)
      return `A multi-measure record holds at most ${MAX_MULTI_MEASURES} measures.`;
    const parsed = [];
    for (const value of values) {
      if (RESERVED.has(value.Name.toLowerCase()) || value.Name.startsWith('ts_'))
        return `Measure name ${value.Name} is reserved.`;
      if (dimensions.has(value.Name)) return `Measure ${value.Name} has the name of a dimension.`;
      if (byteLength(value.Name) > MAX_MEASURE_NAME_BYTES)
        return `Measure name exceeds ${MAX_MEASURE_NAME_BYTES} bytes.`;
      const converted = parseMeasureValue(value.Value, value.Type);
      if (typeof converted === 'object' && converted !== null && 'error' in converted)
        return `Measure ${value.Name}: ${converted.error}`;
      parsed.push({ name: value.Name, type: value.Type, value: converted });
    }
    measures = parsed;
  } else {
    if (record.MeasureValues !== undefined)
      throw validation(`Records[${index}]: MeasureValues requires MeasureValueType MULTI.`);
    const text = record.MeasureValue ?? common?.MeasureValue;
    if (text === undefined) throw validation(`Records[${index}]: MeasureValue is required.`);
    const converted = parseMeasureValue(text, type);
    if (typeof converted === 'object' && converted !== null && 'error' in converted)
      return `Measure ${measureName}: ${converted.error}`;
    measures = [{ name: `measure_value::${type.toLowerCase()}`, type, value: converted }];
  }

  let bytes = byteLength(measureName) + 8;
  for (const [name, value] of dimensions) bytes += byteLength(name) + byteLength(value);
  for (const measure of measures) bytes += type === 'MULTI' ? byteLength(measure.name) + 8 : 8;
  if (bytes > MAX_RECORD_BYTES)
    return `The record is ${bytes} bytes; the maximum record size is ${MAX_RECORD_BYTES} bytes.`;
  return {
    index,
    dimensions,
    measureName,
    timeMicros,
    extraNanos,
    version,
    isMulti: type === 'MULTI',
    measures,
    bytes,
  };
}

function parseMeasureValue(text: string, type: MeasureType): MeasureValue | { error: string } {
  if (text.length > MAX_MEASURE_VALUE_CHARS) return { error: `value exceeds ${MAX_MEASURE_VALUE_CHARS} characters` };
  switch (type) {
    case 'DOUBLE': {
      const value = Number(text);
      return text.trim() !== '' && Number.isFinite(value)
        ? value
        : { error: `${text.slice(0, 40)} is not a valid DOUBLE` };
    }
    case 'BIGINT':
      return /^-?\d{1,19}$/.test(text) ? BigInt(text) : { error: `${text.slice(0, 40)} is not a valid BIGINT` };
    case 'BOOLEAN':
      return text === 'true' || text === 'false'
        ? text === 'true'
        : { error: `${text.slice(0, 40)} is not a valid BOOLEAN` };
    case 'TIMESTAMP':
      // Timestamp measures are epoch milliseconds.
      return /^-?\d+$/.test(text) ? BigInt(text) * 1000n : { error: `${text.slice(0, 40)} is not epoch milliseconds` };
    case 'VARCHAR':
      return text;
  }
}

/** The record's time in epoch nanoseconds (what the table's TIMESTAMP_NS column holds). */
export function timeNanosOf(record: Pick<NormalizedRecord, 'timeMicros' | 'extraNanos'>): bigint {
  return BigInt(record.timeMicros) * 1000n + BigInt(record.extraNanos);
}
