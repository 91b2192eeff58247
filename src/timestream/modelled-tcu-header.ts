/**
 * The emulator's own response header on a query's first answer: the TCU model's work for that query,
 * in TCU-seconds. Timestream sends no such figure (it publishes QueryTCU per account and minute only);
 * `tcu-bot advise --measure` reads it when the target is the emulator.
 */
export const MODELLED_TCU_SECONDS_HEADER = 'x-tcu-bot-modelled-tcu-seconds';
