/**
 * The TcuSource port: the account's QueryTCU per minute and its MaxQueryTCU. QueryTCU is CloudWatch's
 * `ResourceCount` with Resource=QueryTCU — account-wide, per minute, Minimum and Maximum only, and no
 * datapoint in minutes without queries (https://docs.aws.amazon.com/timestream/latest/developerguide/metrics-dimensions.html).
 */
export interface MinuteTcu {
  readonly minuteStartMs: number;
  readonly min: number;
  readonly max: number;
}

export interface QueryAccountSettings {
  readonly maxQueryTcu: number;
  readonly pricingModel: string;
}

export interface TcuSource {
  /** Minutes in [fromMs, toMs) that have a datapoint, oldest first. */
  minuteTcu(fromMs: number, toMs: number): Promise<MinuteTcu[]>;
  accountSettings(): Promise<QueryAccountSettings>;
}
