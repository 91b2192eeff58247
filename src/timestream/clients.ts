/**
 * The Timestream SDK clients, configured once. With an explicit `endpoint` (the emulator) the SDK skips
 * endpoint discovery (@aws-sdk/middleware-endpoint-discovery: a custom endpoint bypasses it). Load
 * tests pass maxAttempts 1 so throttles are counted, not retried into latency, and enough sockets that
 * the client never queues (the SDK's default is 50 per client).
 */
import { TimestreamQueryClient, type TimestreamQueryClientConfig } from '@aws-sdk/client-timestream-query';
import { TimestreamWriteClient } from '@aws-sdk/client-timestream-write';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { FastQueryProtocol } from './fast-query-protocol.ts';

export interface TimestreamClientOptions {
  readonly region: string;
  /** `http://127.0.0.1:PORT` for the emulator; omitted: AWS with endpoint discovery. */
  readonly endpoint?: string | undefined;
  readonly maxAttempts?: number;
  readonly maxSockets?: number;
  /** Per-request timeout; Timestream queries may run up to 60 s by default. */
  readonly requestTimeoutMs?: number;
  /**
   * Cancels every request of these clients when it fires (a load test's stop). Bound to the client,
   * calls need no per-request options, so the client resolves each command's middleware once
   * (`cacheMiddleware`) instead of on every call: about a tenth of the load generator's CPU per query.
   */
  readonly stopSignal?: AbortSignal;
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
const quietLogger = { debug: () => undefined, warn: () => undefined } as unknown as NonNullable<
  TimestreamQueryClientConfig['logger']
>;

/** The emulator ignores signatures; a client that signs (the other AWS clients' local wiring) signs with these. */
export const EMULATOR_CREDENTIALS = { accessKeyId: 'tcu-bot-emulator', secretAccessKey: 'tcu-bot-emulator' };

/**
 * The emulator never checks signatures, so its Timestream clients do not sign: Smithy's `noAuth`
 * scheme in place of SigV4 (both are client settings). Signing — an HMAC chain and a SHA-256 of every
 * body — was a fifth of the load generator's CPU per query. Signed requests still work: the emulator
 * accepts and ignores them (test/timestream/fast-query-protocol.test.ts sends them).
 */
const UNSIGNED = {
  httpAuthSchemeProvider: () => [{ schemeId: 'smithy.api#noAuth' }],
  httpAuthSchemes: [
    {
      schemeId: 'smithy.api#noAuth',
      identityProvider: () => () => Promise.resolve({}),
      signer: { sign: <T>(request: T) => Promise.resolve(request) },
    },
  ],
};

/** The SDK's Node handler, with a signal that cancels every request it sends. */
class StoppableHttpHandler extends NodeHttpHandler {
  constructor(
    options: ConstructorParameters<typeof NodeHttpHandler>[0],
    private readonly stopSignal: AbortSignal,
  ) {
    super(options);
  }

  override handle(...[request, options]: Parameters<NodeHttpHandler['handle']>): ReturnType<NodeHttpHandler['handle']> {
    return super.handle(request, { ...options, abortSignal: options?.abortSignal ?? this.stopSignal });
  }
}

export function createTimestreamClients(options: TimestreamClientOptions): TimestreamClients {
  const agent = { keepAlive: true, maxSockets: options.maxSockets ?? 50 };
  const handlerOptions = { httpAgent: agent, httpsAgent: agent, requestTimeout: options.requestTimeoutMs ?? 65_000 };
  const { stopSignal } = options;
  // One handler per client: destroying one client must not close the other's sockets.
  const requestHandler = () => (stopSignal ? new StoppableHttpHandler(handlerOptions, stopSignal) : handlerOptions);
  const common = {
    region: options.region,
    maxAttempts: options.maxAttempts ?? 3,
    logger: quietLogger,
    // Documented client option: calls made without per-request options reuse the resolved middleware.
    cacheMiddleware: true,
    ...(options.endpoint ? { endpoint: options.endpoint, ...UNSIGNED } : {}),
  };
  return {
    write: new TimestreamWriteClient({ ...common, requestHandler: requestHandler() }),
    query: new TimestreamQueryClient({ ...common, requestHandler: requestHandler(), protocol: FastQueryProtocol }),
  };
}
