/**
 * Timestream for LiveAnalytics list prices the bot uses to turn usage into dollars, in one place: the
 * emulator's Cost Explorer estimates and the lab's before/after cost both read them. us-east-1 figures
 * as published on https://aws.amazon.com/timestream/pricing/ (TCU-hour as quoted by third-party cost
 * guides, e.g. nops.io); other regions differ by a few per cent — the figures are labelled estimates.
 */
export interface TimestreamPrices {
  readonly perTcuHour: number;
  readonly perMillionWrites1Kb: number;
  readonly perMemoryGbHour: number;
}

export const TIMESTREAM_PRICES: TimestreamPrices = {
  perTcuHour: 0.518,
  perMillionWrites1Kb: 0.5,
  perMemoryGbHour: 0.036,
};
