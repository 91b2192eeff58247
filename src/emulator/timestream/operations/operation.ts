/** One emulated API operation: validate the input (zod), act, return the wire output. */
import { TIMESTREAM_PRICES, type TimestreamPrices } from '../../../shared/timestream-prices.ts';
import type { z } from 'zod';
import type { Clock } from '../../../shared/clock.ts';
import { describeIssues } from '../../../shared/zod-issues.ts';
import { validation } from '../../errors.ts';
import type { MetricAlarms } from '../../cloudwatch/metric-alarms.ts';
import type { TimestreamService } from '../service.ts';

export interface OperationContext {
  readonly service: TimestreamService;
  readonly clock: Clock;
  /** Host the emulator listens on, for DescribeEndpoints. */
  readonly host: string;
  /** Region the emulated account lives in (ARNs, usage-type prefixes). */
  readonly region: string;
  readonly prices: EmulatorPrices;
  /** CloudWatch alarms on the emulator's metrics. */
  readonly alarms: MetricAlarms;
  /** Aborted when the client goes away before its answer (a dashboard refresh, a killed process). */
  readonly signal?: AbortSignal;
}

/** Prices behind the emulator's cost estimates, in USD (defaults: shared/timestream-prices.ts). */
export type EmulatorPrices = TimestreamPrices;

export const DEFAULT_PRICES: EmulatorPrices = TIMESTREAM_PRICES;

/**
 * Output is a JSON-ready object, or already-serialized JSON text (the Query fast path) with any
 * emulator-only headers (Timestream's own clients ignore headers they do not know).
 */
export type OperationOutput = Record<string, unknown> | SerializedOutput;

export type SerializedOutput = { readonly json: string; readonly headers?: Readonly<Record<string, string>> };

export function isSerialized(output: OperationOutput): output is SerializedOutput {
  return typeof output.json === 'string';
}

export interface Operation {
  readonly name: string;
  handle(input: unknown, context: OperationContext): Promise<OperationOutput>;
}

export function defineOperation<S extends z.ZodType>(
  name: string,
  schema: S,
  handle: (input: z.infer<S>, context: OperationContext) => Promise<OperationOutput> | OperationOutput,
): Operation {
  return {
    name,
    async handle(input, context) {
      const parsed = schema.safeParse(input ?? {});
      if (!parsed.success) {
        const problems = describeIssues(parsed.error);
        throw validation(`${problems.length} validation error(s) detected: ${problems.join('; ')}`);
      }
      return handle(parsed.data, context);
    },
  };
}
