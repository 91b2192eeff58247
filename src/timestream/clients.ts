/**
 * The Timestream SDK clients, configured once. With an explicit `endpoint` (the emulator) the SDK skips
 * endpoint discovery (@aws-sdk/middleware-endpoint-discovery: a custom endpoint bypasses it). Load
 * tests pass maxAttempts 1 so throttles are counted, not retried into latency, and enough sockets that
 * the client never queues (the SDK's default is 50 per client).
 */
import { TimestreamQueryClient, type TimestreamQueryClientConfig } from '@aws-sdk/client-timestream-query';
import { TimestreamWriteClient } from '@aws-sdk/client-timestream-write';
import { FastQueryProtocol } from './fast-query-protocol.ts';

export interface TimestreamClientOptions {
  readonly region: string;
  /** `http://127.0.0.1:PORT` for the emulator; omitted: AWS with endpoint discovery. */
  readonly endpoint?: string | undefined;
  readonly maxAttempts?: number;
  readonly maxSockets?: number;
  /** Per-request timeout; Timestream queries may run up to 60 s by default. */
  readonly requestTimeoutMs?: number;
}

export interface TimestreamClients {
  readonly write: TimestreamWriteClient;
  readonly query: TimestreamQueryClient;
}

/**
 * The SDK's logger middleware runs a schema-walking redaction over every input and output whenever
 * the logger has `info` (or `error`) — even the default no-op one (@aws-sdk/core loggerMiddleware:
 * `logger?.info?.({ input: inputFilterSensitiveLog(…) })`). Leaving them out skips that work, which
 * showed as the client's largest cost in the emulator benchmark. Failures still reach the caller.
 */
const quietLogger = { debug: () => undefined, warn: () => undefined } as unknown as NonNullable<TimestreamQueryClientConfig['logger']>;

/** The emulator ignores signatures, but the SDK still needs credentials to sign with. */
export const EMULATOR_CREDENTIALS = { accessKeyId: 'tcu-bot-emulator', secretAccessKey: 'tcu-bot-emulator' };

export function createTimestreamClients(options: TimestreamClientOptions): TimestreamClients {
  const agent = { keepAlive: true, maxSockets: options.maxSockets ?? 50 };
  const common = {
    region: options.region,
    maxAttempts: options.maxAttempts ?? 3,
    logger: quietLogger,
    requestHandler: { httpAgent: agent, httpsAgent: agent, requestTimeout: options.requestTimeoutMs ?? 65_000 },
    ...(options.endpoint ? { endpoint: options.endpoint, credentials: EMULATOR_CREDENTIALS } : {}),
  };
  return { write: new TimestreamWriteClient(common), query: new TimestreamQueryClient({ ...common, protocol: FastQueryProtocol }) };
}
