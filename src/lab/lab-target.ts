/** Where a lab run works: the SDK clients, the database, and whether it is the local emulator. */
import type { TimestreamQueryClient } from '@aws-sdk/client-timestream-query';
import type { TimestreamClients } from '../timestream/clients.ts';

export interface LabTarget {
  readonly clients: TimestreamClients;
  readonly database: string;
  readonly region: string;
  /** The emulator, not AWS. */
  readonly isLocal: boolean;
  /**
   * A query client for load tests: no SDK retries (every throttle counted) and `maxSockets` sockets
   * (so the client never queues), every request cancelled when `stopSignal` fires. One per load test;
   * built by the wiring, not by the lab.
   */
  readonly loadTestClient: (maxSockets: number, stopSignal: AbortSignal) => TimestreamQueryClient;
}

/** Regions that offered Timestream for LiveAnalytics (AWS documentation, 2025; closed to new customers since 2025-06-20). */
export const LIVE_ANALYTICS_REGIONS: readonly string[] = [
  'us-east-1',
  'us-east-2',
  'us-west-2',
  'ap-south-1',
  'ap-southeast-2',
  'ap-northeast-1',
  'eu-central-1',
  'eu-west-1',
  'us-gov-west-1',
];

export class LabTargetError extends Error {
  override name = 'LabTargetError';
}

/** Refuses a region Timestream for LiveAnalytics does not run in before any call is made. */
export function checkRegion(target: Pick<LabTarget, 'region' | 'isLocal'>): void {
  if (target.isLocal) return;
  if (!LIVE_ANALYTICS_REGIONS.includes(target.region)) {
    throw new LabTargetError(
      `Timestream for LiveAnalytics is not offered in ${target.region}. Use one of ${LIVE_ANALYTICS_REGIONS.join(', ')} (AWS_REGION), or --target local for the emulator.`,
    );
  }
}

export interface LabEvent {
  readonly level: 'info' | 'warn' | 'error';
  readonly message: string;
  readonly [key: string]: unknown;
}

export type LabLog = (event: LabEvent) => void;
