/**
 * The CostSource port: daily cost of one AWS service by usage type, for complete UTC days. Days are
 * `YYYY-MM-DD`; `endDay` is exclusive, as in Cost Explorer.
 */
export interface DailyCost {
  readonly day: string;
  /** Sum over usage types, in `unit`. */
  readonly total: number;
  readonly unit: string;
  readonly byUsageType: Readonly<Record<string, number>>;
  /** Cost Explorer marks the day Estimated: figures may still change. */
  readonly isEstimated: boolean;
  /** False when Cost Explorer returned no line for the day (not yet available, or no usage). */
  readonly hasData: boolean;
}

export interface CostSource {
  dailyCosts(startDay: string, endDayExclusive: string): Promise<DailyCost[]>;
  /** SERVICE values whose name contains the text (to find the right one to configure). */
  serviceNames(contains: string, startDay: string, endDayExclusive: string): Promise<string[]>;
}

const DAY_MS = 86_400_000;

export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return utcDay(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS);
}
