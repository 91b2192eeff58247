/**
 * The generation plan: every WriteRecords call of a run, numbered. Batch i is always the same 100
 * records (a pure function of scale, window and seed), which is what makes `--resume` exact: a
 * checkpoint lists finished batch numbers and a resumed run writes the others.
 * Records share their device's dimensions through CommonAttributes, and are MULTI records.
 */
import type { _Record } from '@aws-sdk/client-timestream-write';
import {
  ENERGY_METRICS,
  METRICS,
  POWER_METRICS,
  TABLES,
  devices,
  minutesIn,
  sample,
  type DataWindow,
  type Device,
  type Sample,
  type TableName,
} from './scenario.ts';

export const RECORDS_PER_BATCH = 100;

export interface Batch {
  readonly index: number;
  readonly table: TableName;
  readonly common: _Record;
  readonly records: _Record[];
  /** The samples behind the records, for local validation and reports. */
  readonly samples: Sample[];
}

export interface TableLayout {
  readonly table: TableName;
  /** Indexes into METRICS this table holds. */
  readonly metricIndexes: readonly number[];
  readonly common: (device: Device) => _Record;
  readonly record: (sample: Sample) => _Record;
}

const dimension = (Name: string, Value: string) => ({ Name, Value });
const double = (Name: string, value: number) => ({ Name, Value: String(value), Type: 'DOUBLE' as const });
const text = (Name: string, Value: string) => ({ Name, Value, Type: 'VARCHAR' as const });

const LAYOUTS: readonly TableLayout[] = [
  {
    table: TABLES.legacy,
    metricIndexes: METRICS.map((_, index) => index),
    common: (d) => ({
      Dimensions: [
        dimension('deviceNo', d.deviceNo),
        dimension('systemId', d.systemId),
        dimension('productKey', d.productKey),
        dimension('modelKey', d.modelKey),
        dimension('source', d.source),
      ],
      MeasureName: 'metrics',
      MeasureValueType: 'MULTI',
    }),
    record: (s) => ({
      Dimensions: [dimension('name', s.metric)],
      Time: String(s.timeMs),
      MeasureValues: [
        double('value', s.value),
        text('stringValue', s.stringValue),
        ...(s.checkFailedMsg ? [text('checkFailedMsg', s.checkFailedMsg)] : []),
        text('requestId', s.requestId),
      ],
    }),
  },
  {
    table: TABLES.power,
    metricIndexes: POWER_METRICS.map((_, index) => ENERGY_METRICS.length + index),
    common: (d) => ({
      Dimensions: [
        dimension('deviceNo', d.deviceNo),
        dimension('systemId', d.systemId),
        dimension('productKey', d.productKey),
      ],
      MeasureValueType: 'MULTI',
    }),
    record: (s) => ({
      MeasureName: s.metric,
      Time: String(s.timeMs),
      MeasureValues: [double('value', s.value), text('modelKey', s.device.modelKey), text('source', s.device.source)],
    }),
  },
  {
    table: TABLES.energy,
    metricIndexes: ENERGY_METRICS.map((_, index) => index),
    common: (d) => ({
      Dimensions: [
        dimension('deviceNo', d.deviceNo),
        dimension('systemId', d.systemId),
        dimension('productKey', d.productKey),
      ],
      MeasureValueType: 'MULTI',
    }),
    record: (s) => ({
      MeasureName: s.metric,
      Time: String(s.timeMs),
      MeasureValues: [double('value', s.value), text('modelKey', s.device.modelKey), text('source', s.device.source)],
    }),
  },
  {
    table: TABLES.metadata,
    metricIndexes: METRICS.map((_, index) => index),
    common: (d) => ({ Dimensions: [dimension('deviceNo', d.deviceNo)], MeasureValueType: 'MULTI' }),
    record: (s) => ({
      Dimensions: [dimension('requestId', s.requestId)],
      MeasureName: s.metric,
      Time: String(s.timeMs),
      MeasureValues: [
        text('stringValue', s.stringValue),
        ...(s.checkFailedMsg ? [text('checkFailedMsg', s.checkFailedMsg)] : []),
        text('systemId', s.device.systemId),
        text('productKey', s.device.productKey),
      ],
    }),
  },
];

/** How one table stores a sample: the metrics it holds, its CommonAttributes and its record. */
export function layoutOf(table: TableName): TableLayout {
  return LAYOUTS.find((layout) => layout.table === table)!;
}

export interface GenerationPlan {
  readonly totalBatches: number;
  readonly totalRecords: number;
  readonly recordsPerTable: Readonly<Record<TableName, number>>;
  batch(index: number): Batch;
}

export function planGeneration(scale: number, window: DataWindow, seed: number): GenerationPlan {
  const fleet = devices(scale);
  const minutes = minutesIn(window);
  const segments = LAYOUTS.map((layout) => {
    const perDevice = minutes * layout.metricIndexes.length;
    return { layout, perDevice, batchesPerDevice: Math.ceil(perDevice / RECORDS_PER_BATCH) };
  });
  const firstBatch: number[] = [];
  let total = 0;
  for (const segment of segments) {
    firstBatch.push(total);
    total += segment.batchesPerDevice * fleet.length;
  }
  return {
    totalBatches: total,
    totalRecords: segments.reduce((sum, segment) => sum + segment.perDevice * fleet.length, 0),
    recordsPerTable: Object.fromEntries(
      segments.map((segment) => [segment.layout.table, segment.perDevice * fleet.length]),
    ) as Record<TableName, number>,
    batch(index) {
      const segmentIndex = firstBatch.findLastIndex((first) => first <= index);
      const segment = segments[segmentIndex]!;
      const local = index - firstBatch[segmentIndex]!;
      const d = fleet[Math.floor(local / segment.batchesPerDevice)]!;
      const chunk = local % segment.batchesPerDevice;
      const metricsCount = segment.layout.metricIndexes.length;
      const samples: Sample[] = [];
      for (
        let position = chunk * RECORDS_PER_BATCH;
        position < Math.min(segment.perDevice, (chunk + 1) * RECORDS_PER_BATCH);
        position += 1
      ) {
        const minute = Math.floor(position / metricsCount);
        samples.push(
          sample(d, segment.layout.metricIndexes[position % metricsCount]!, window.startMs + minute * 60_000, seed),
        );
      }
      return {
        index,
        table: segment.layout.table,
        common: segment.layout.common(d),
        records: samples.map(segment.layout.record),
        samples,
      };
    },
  };
}
