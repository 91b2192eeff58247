/**
 * The emulator's own operation (no AWS API has it): `TcuBotEmulator_20261204.ReplaceUsageHistory`
 * replaces the QueryTCU history — per-minute minimum and maximum, TCU-seconds billed — of the minutes
 * in [FromMs, ToMs) with the given one. `tcu-bot lab story` replays days in virtual time on an emulator
 * of its own and leaves them here, so CloudWatch, Cost Explorer, `/tcu status` and `cost check`
 * answer from them. Minutes are epoch minutes (ms ÷ 60000).
 */
import { z } from 'zod';
import { validation } from './errors.ts';
import { defineOperation } from './timestream/operations/operation.ts';

export const EMULATOR_TARGET = 'TcuBotEmulator_20261204';
/** At most this many days at once (the model keeps 15). */
const MAX_SPAN_MS = 15 * 86_400_000;

const minute = z.number().int().nonnegative();
const amount = z.number().finite().nonnegative();

export const replaceUsageHistoryInput = z.object({
  FromMs: z.number().int().nonnegative(),
  ToMs: z.number().int().nonnegative(),
  Minutes: z.array(z.tuple([minute, amount, amount])).max(MAX_SPAN_MS / 60_000),
  BilledSeconds: z.array(z.tuple([minute, amount])).max(MAX_SPAN_MS / 60_000),
});
export type ReplaceUsageHistoryInput = z.infer<typeof replaceUsageHistoryInput>;

export const replaceUsageHistory = defineOperation(
  'ReplaceUsageHistory',
  replaceUsageHistoryInput,
  (input, { service, clock }) => {
    if (!(input.FromMs < input.ToMs) || input.ToMs - input.FromMs > MAX_SPAN_MS)
      throw validation('FromMs must be before ToMs, at most 15 days apart.');
    if (input.ToMs > clock.now()) throw validation('Only the past can be replaced: ToMs is after now.');
    service.capacity.replaceHistory(
      { minutes: input.Minutes, billedSeconds: input.BilledSeconds },
      input.FromMs,
      input.ToMs,
    );
    return { MinutesReplaced: input.Minutes.length };
  },
);
