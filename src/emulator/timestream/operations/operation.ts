/** One emulated API operation: validate the input (zod), act, return the wire output. */
import type { z } from 'zod';
import type { Clock } from '../../../shared/clock.ts';
import { describeIssues } from '../../../shared/zod-issues.ts';
import { validation } from '../../errors.ts';
import type { TimestreamService } from '../service.ts';

export interface OperationContext {
  readonly service: TimestreamService;
  readonly clock: Clock;
  /** Host the emulator listens on, for DescribeEndpoints. */
  readonly host: string;
  /** Region the emulated account lives in (ARNs, usage-type prefixes). */
  readonly region: string;
  readonly prices: EmulatorPrices;
}

/**
 * Prices behind the emulator's cost estimates, in USD. Defaults are third-party figures for us-east-1,
 * not confirmed against the AWS price list (see docs/emulator.md).
 */
export interface EmulatorPrices {
  readonly perTcuHour: number;
  readonly perMillionWrites1Kb: number;
  readonly perMemoryGbHour: number;
}

export const DEFAULT_PRICES: EmulatorPrices = { perTcuHour: 0.518, perMillionWrites1Kb: 0.5, perMemoryGbHour: 0.036 };

/** Output is a JSON-ready object, or already-serialized JSON text (the Query fast path). */
export type OperationOutput = Record<string, unknown> | { readonly json: string };

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
