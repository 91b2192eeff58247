/** A CloudWatch alarm's states (`NewStateValue`, `OldStateValue`). */
export const ALARM_STATES = ['ALARM', 'OK', 'INSUFFICIENT_DATA'] as const;
export type AlarmState = (typeof ALARM_STATES)[number];
