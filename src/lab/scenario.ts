/**
 * The case study's workload (AWS China blog, 2025: "Optimizing Amazon Timestream performance and cost for
 * IoT devices with Amazon Q Developer"; docs/ARCHITECTURE.md retells it): devices in several systems and
 * products reporting 52 metrics once a minute — 44 cumulative energy metrics (SQL1's) and 8 power
 * metrics (SQL2's) — into the legacy single table, and the same data into the optimized three tables.
 * Everything is a pure function of (scale, window, seed) so a resumed run regenerates exactly the same
 * records and before/after reports compare the same data.
 */
export const ENERGY_METRICS: readonly string[] = Array.from(
  { length: 44 },
  (_, index) => `energy_${String(index + 1).padStart(2, '0')}`,
);
export const POWER_METRICS: readonly string[] = Array.from({ length: 8 }, (_, index) => `power_${index + 1}`);
export const METRICS: readonly string[] = [...ENERGY_METRICS, ...POWER_METRICS];
export const SYSTEMS: readonly string[] = ['sys-east', 'sys-west', 'sys-north'];
export const PRODUCTS: readonly string[] = ['pk-inverter', 'pk-battery', 'pk-meter'];
export const SOURCES: readonly string[] = ['mqtt', 'http'];

export const TABLES = { legacy: 'legacy', power: 'power', energy: 'energy', metadata: 'metadata' } as const;
export type TableName = (typeof TABLES)[keyof typeof TABLES];
export const ALL_TABLES: readonly TableName[] = [TABLES.legacy, TABLES.power, TABLES.energy, TABLES.metadata];

export const DEVICES_PER_SCALE = 10;
export const MINUTE_MS = 60_000;
/** Data spans 12 hours and ends 15 minutes ago, inside memory retention while it is written. */
export const DATA_SPAN_MS = 12 * 3600_000;
export const DATA_END_LAG_MS = 15 * 60_000;

export interface Device {
  readonly index: number;
  readonly deviceNo: string;
  readonly systemId: string;
  readonly productKey: string;
  readonly modelKey: string;
  readonly source: string;
}

export function device(index: number): Device {
  return {
    index,
    deviceNo: `dev-${String(index + 1).padStart(5, '0')}`,
    systemId: SYSTEMS[index % SYSTEMS.length]!,
    productKey: PRODUCTS[Math.floor(index / SYSTEMS.length) % PRODUCTS.length]!,
    modelKey: `model-${(index * 7) % 20}`,
    source: SOURCES[index % SOURCES.length]!,
  };
}

/** `--scale` multiplies the 10 default devices (0.1 → 1 device, for smoke runs). */
export function deviceCount(scale: number): number {
  return Math.max(1, Math.round(DEVICES_PER_SCALE * scale));
}

export function devices(scale: number): Device[] {
  return Array.from({ length: deviceCount(scale) }, (_, index) => device(index));
}

/** The minute-aligned window [startMs, endMs] of the data, from when a run began. */
export interface DataWindow {
  readonly startMs: number;
  readonly endMs: number;
}

/** The last `spanMinutes` whole minutes ending 15 minutes before `nowMs` (default 12 hours). */
export function dataWindowAt(nowMs: number, spanMinutes = DATA_SPAN_MS / MINUTE_MS): DataWindow {
  const endMs = Math.floor((nowMs - DATA_END_LAG_MS) / MINUTE_MS) * MINUTE_MS;
  return { startMs: endMs - (spanMinutes - 1) * MINUTE_MS, endMs };
}

export function minutesIn(window: DataWindow): number {
  return Math.round((window.endMs - window.startMs) / MINUTE_MS) + 1;
}

/** One logical sample: a device's metric at a minute. */
export interface Sample {
  readonly device: Device;
  readonly metric: string;
  readonly metricIndex: number;
  readonly timeMs: number;
  /** Always > 0. Energy metrics grow through the day; power metrics fluctuate. */
  readonly value: number;
  readonly stringValue: string;
  readonly checkFailedMsg: string | undefined;
  readonly requestId: string;
}

/** A small deterministic hash of whole numbers → [0, 1): the same inputs, the same value, on every run. */
export function unit(...parts: number[]): number {
  let hash = 2166136261;
  for (const part of parts) {
    hash ^= part;
    hash = Math.imul(hash, 16777619);
    hash ^= hash >>> 13;
  }
  return ((hash >>> 0) % 1_000_000) / 1_000_000;
}

export function sample(deviceInfo: Device, metricIndex: number, timeMs: number, seed: number): Sample {
  const metric = METRICS[metricIndex]!;
  const minute = Math.floor(timeMs / MINUTE_MS);
  const noise = unit(seed, deviceInfo.index, metricIndex, minute);
  const isEnergy = metricIndex < ENERGY_METRICS.length;
  const value = isEnergy
    ? Math.round((1000 + (minute % 1440) * 0.5 + noise * 10) * 1000) / 1000
    : Math.round((50 + noise * 450) * 1000) / 1000;
  return {
    device: deviceInfo,
    metric,
    metricIndex,
    timeMs,
    value,
    stringValue: `${value.toFixed(1)} ${isEnergy ? 'kWh' : 'kW'}`,
    checkFailedMsg: noise < 0.01 ? 'range check: value outside the expected band' : undefined,
    requestId: `req-${deviceInfo.index}-${minute}-${metricIndex}`,
  };
}
