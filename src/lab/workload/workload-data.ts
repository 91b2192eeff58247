/**
 * A workload's data as a generation plan: every series (each combination of the dimensions' values)
 * gets one MULTI record per interval of its table's span, under each of the table's measure names,
 * with each measure's value drawn in its range. Batch i is a pure function of (workload, window,
 * seed), as the case study's plan is, so the shared writer can checkpoint and resume it exactly.
 */
import { createHash } from 'node:crypto';
import type { _Record, MeasureValue } from '@aws-sdk/client-timestream-write';
import { parseDuration } from '../loadtest/config.ts';
import { unit, type DataWindow } from '../scenario.ts';
import type { DataPlan, WriteBatch } from '../write-plan.ts';
import type { Workload, WorkloadDimension, WorkloadMeasure, WorkloadTable } from './workload-schema.ts';

const RECORDS_PER_BATCH = 100;
const MINUTE_MS = 60_000;

/** A dimension's values: the listed ones, or `<name>-0` … `<name>-(cardinality-1)`. */
export function dimensionValues(dimension: WorkloadDimension): readonly string[] {
  return dimension.values ?? Array.from({ length: dimension.cardinality! }, (_, index) => `${dimension.name}-${index}`);
}

export function measureNamesOf(table: WorkloadTable): readonly string[] {
  return typeof table.measureName === 'string' ? [table.measureName] : table.measureName.values;
}

export function seriesCount(table: WorkloadTable): number {
  return table.dimensions.reduce((product, dimension) => product * dimensionValues(dimension).length, 1);
}

/** Records a table gets over `spanMs` (its own span unless a shorter one is asked for). */
export function recordsOf(table: WorkloadTable, spanMs?: number): number {
  return seriesCount(table) * pointsOf(table, spanMs) * measureNamesOf(table).length;
}

function pointsOf(table: WorkloadTable, spanMs?: number): number {
  const span = Math.min(parseDuration(table.span)!, spanMs ?? Number.POSITIVE_INFINITY);
  return Math.max(1, Math.floor(span / parseDuration(table.every)!));
}

/**
 * The data ends at the last whole minute at least a minute ago (so `time > ago(15m)` finds data at
 * once) and reaches back as far as the longest table's span.
 */
export function workloadWindow(nowMs: number, workload: Workload, spanMs?: number): DataWindow {
  const endMs = Math.floor((nowMs - MINUTE_MS) / MINUTE_MS) * MINUTE_MS;
  const longest = Math.max(
    ...workload.tables.map((table) => Math.min(parseDuration(table.span)!, spanMs ?? Number.POSITIVE_INFINITY)),
  );
  return { startMs: endMs - longest, endMs };
}

/** The times a table's records are at: every `every`, ending at the window's end. */
export function timeGrid(
  table: WorkloadTable,
  window: DataWindow,
  spanMs?: number,
): { firstMs: number; everyMs: number; points: number } {
  const everyMs = parseDuration(table.every)!;
  const points = pointsOf(table, spanMs);
  return { firstMs: window.endMs - (points - 1) * everyMs, everyMs, points };
}

/** Which data a checkpoint is of: the workload's name and a hash of its tables (a changed file is other data). */
export function workloadSource(workload: Workload, spanMs?: number): string {
  const hash = createHash('sha256')
    .update(JSON.stringify([workload.database, workload.tables, spanMs ?? null]))
    .digest('hex')
    .slice(0, 12);
  return `workload:${workload.name}:${hash}`;
}

function measureValue(measure: WorkloadMeasure, u: number): MeasureValue {
  const { name, type } = measure;
  switch (type) {
    case 'DOUBLE': {
      const min = measure.min ?? 0;
      const max = measure.max ?? 100;
      return { Name: name, Type: type, Value: String(Math.round((min + u * (max - min)) * 1000) / 1000) };
    }
    case 'BIGINT': {
      const min = Math.ceil(measure.min ?? 0);
      const max = Math.floor(measure.max ?? 1000);
      return { Name: name, Type: type, Value: String(Math.min(max, min + Math.floor(u * (max - min + 1)))) };
    }
    case 'VARCHAR': {
      const values = measure.values ?? [`${name}-a`, `${name}-b`, `${name}-c`];
      return { Name: name, Type: type, Value: values[Math.min(values.length - 1, Math.floor(u * values.length))]! };
    }
    case 'BOOLEAN':
      return { Name: name, Type: type, Value: String(u < 0.5) };
  }
}

interface Segment {
  readonly table: WorkloadTable;
  readonly tableIndex: number;
  readonly names: readonly string[];
  readonly values: readonly (readonly string[])[];
  readonly grid: { firstMs: number; everyMs: number; points: number };
  readonly perSeries: number;
  readonly batchesPerSeries: number;
  readonly series: number;
}

export function planWorkloadData(workload: Workload, window: DataWindow, seed: number, spanMs?: number): DataPlan {
  const segments: Segment[] = workload.tables.map((table, tableIndex) => {
    const grid = timeGrid(table, window, spanMs);
    const names = measureNamesOf(table);
    const perSeries = grid.points * names.length;
    return {
      table,
      tableIndex,
      names,
      values: table.dimensions.map(dimensionValues),
      grid,
      perSeries,
      batchesPerSeries: Math.ceil(perSeries / RECORDS_PER_BATCH),
      series: seriesCount(table),
    };
  });
  const firstBatch: number[] = [];
  let total = 0;
  for (const segment of segments) {
    firstBatch.push(total);
    total += segment.batchesPerSeries * segment.series;
  }
  return {
    totalBatches: total,
    totalRecords: segments.reduce((sum, segment) => sum + segment.perSeries * segment.series, 0),
    recordsPerTable: Object.fromEntries(
      segments.map((segment) => [segment.table.name, segment.perSeries * segment.series]),
    ),
    batch(index): WriteBatch {
      const segmentIndex = firstBatch.findLastIndex((first) => first <= index);
      const segment = segments[segmentIndex]!;
      const local = index - firstBatch[segmentIndex]!;
      const series = Math.floor(local / segment.batchesPerSeries);
      const chunk = local % segment.batchesPerSeries;
      // Mixed radix: the series number picks one value of each dimension, the last dimension fastest.
      let rest = series;
      const dimensions = new Array<{ Name: string; Value: string }>(segment.values.length);
      for (let d = segment.values.length - 1; d >= 0; d -= 1) {
        const values = segment.values[d]!;
        dimensions[d] = { Name: segment.table.dimensions[d]!.name, Value: values[rest % values.length]! };
        rest = Math.floor(rest / values.length);
      }
      const records: _Record[] = [];
      const end = Math.min(segment.perSeries, (chunk + 1) * RECORDS_PER_BATCH);
      for (let position = chunk * RECORDS_PER_BATCH; position < end; position += 1) {
        const point = Math.floor(position / segment.names.length);
        const nameIndex = position % segment.names.length;
        const timeMs = segment.grid.firstMs + point * segment.grid.everyMs;
        records.push({
          MeasureName: segment.names[nameIndex],
          Time: String(timeMs),
          MeasureValues: segment.table.measures.map((measure, m) =>
            measureValue(measure, unit(seed, segment.tableIndex, series, Math.floor(timeMs / 1000), nameIndex, m)),
          ),
        });
      }
      return {
        index,
        table: segment.table.name,
        common: { Dimensions: dimensions, MeasureValueType: 'MULTI' },
        records,
      };
    },
  };
}
