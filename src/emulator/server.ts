/**
 * The emulator's HTTP front: AWS JSON 1.0 on 127.0.0.1, routed by `x-amz-target` to one module per
 * operation (a dispatch table, as hono's getProcessor picks a translator). Signatures are not checked.
 * `startEmulator` runs it in-process (tests, `npm start`); `tcu-bot emulator` runs it standalone.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { systemClock, type Clock } from '../shared/clock.ts';
import type { CapacityReadings } from './timestream/capacity/capacity-model.ts';
import type { TcuProfile } from './timestream/capacity/tcu-profile.ts';
import type { AccountSettings } from './timestream/catalog.ts';
import { Engine } from './timestream/engine.ts';
import { AwsError, unknownOperation, validation } from './errors.ts';
import {
  createDatabase,
  deleteDatabase,
  describeDatabase,
  listDatabases,
  updateDatabase,
} from './timestream/operations/databases.ts';
import {
  DEFAULT_PRICES,
  type EmulatorPrices,
  type Operation,
  type OperationContext,
  isSerialized,
} from './timestream/operations/operation.ts';
import { CLOUDWATCH_TARGET, getMetricData } from './cloudwatch/get-metric-data.ts';
import { getMetricWidgetImage } from './cloudwatch/get-metric-widget-image.ts';
import { listMetrics } from './cloudwatch/list-metrics.ts';
import { deleteAlarms, describeAlarms, putMetricAlarm } from './cloudwatch/alarm-operations.ts';
import { MetricAlarms, type AlarmTransition, type Publish } from './cloudwatch/metric-alarms.ts';
import { EMULATOR_TARGET, replaceUsageHistory } from './usage-history.ts';
import { COST_EXPLORER_TARGET, getCostAndUsage, getDimensionValues } from './cost-explorer/cost-and-usage.ts';
import {
  cancelQuery,
  describeAccountSettings,
  describeEndpoints,
  query,
  updateAccountSettings,
} from './timestream/operations/query.ts';
import { createTable, deleteTable, describeTable, listTables, updateTable } from './timestream/operations/tables.ts';
import { writeRecords } from './timestream/operations/write-records.ts';
import { TimestreamService } from './timestream/service.ts';

const TIMESTREAM_TARGET = 'Timestream_20181101';
const MAX_BODY_BYTES = 8 * 1024 * 1024;
export const DEFAULT_MAX_QUERY_TCU = 200;

/** Every emulated operation, by the `x-amz-target` that reaches it. */
const OPERATIONS: ReadonlyMap<string, Operation> = new Map([
  ...[
    createDatabase,
    describeDatabase,
    listDatabases,
    updateDatabase,
    deleteDatabase,
    createTable,
    describeTable,
    listTables,
    updateTable,
    deleteTable,
    writeRecords,
    query,
    cancelQuery,
    describeAccountSettings,
    updateAccountSettings,
    describeEndpoints,
  ].map((operation): [string, Operation] => [`${TIMESTREAM_TARGET}.${operation.name}`, operation]),
  [`${CLOUDWATCH_TARGET}.${getMetricData.name}`, getMetricData],
  [`${CLOUDWATCH_TARGET}.${listMetrics.name}`, listMetrics],
  [`${CLOUDWATCH_TARGET}.${getMetricWidgetImage.name}`, getMetricWidgetImage],
  ...[putMetricAlarm, describeAlarms, deleteAlarms].map((operation): [string, Operation] => [
    `${CLOUDWATCH_TARGET}.${operation.name}`,
    operation,
  ]),
  [`${EMULATOR_TARGET}.${replaceUsageHistory.name}`, replaceUsageHistory],
  [`${COST_EXPLORER_TARGET}.${getCostAndUsage.name}`, getCostAndUsage],
  [`${COST_EXPLORER_TARGET}.${getDimensionValues.name}`, getDimensionValues],
]);

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** DuckDB file; omitted: in memory. */
  readonly dataPath?: string;
  /** Used when the data file has no stored account settings yet. */
  readonly maxQueryTcu?: number;
  readonly queryPricingModel?: AccountSettings['queryPricingModel'];
  readonly region?: string;
  readonly accountId?: string;
  readonly clock?: Clock;
  /** Prices behind the Cost Explorer estimates (defaults documented in docs/emulator.md). */
  readonly prices?: Partial<EmulatorPrices>;
  /** The TCU model's constants (default: the published and assumed ones in tcu-profile.ts). */
  readonly tcuProfile?: TcuProfile;
  /** Answer queries no sooner than the TCU model says Timestream would (default true). */
  readonly paceAnswers?: boolean;
  /** The subscriber of the SNS topics alarm actions name (without one, state changes are not published). */
  readonly publish?: Publish;
  /** Evaluate alarms every real minute (default true); a simulation in virtual time calls evaluateAlarms itself. */
  readonly evaluateAlarmsEveryMinute?: boolean;
}

export interface RunningEmulator {
  /** `http://127.0.0.1:PORT`: pass it as the SDK clients' `endpoint`. */
  readonly endpoint: string;
  readonly port: number;
  readonly service: TimestreamService;
  readonly capacity: CapacityReadings;
  readonly alarms: MetricAlarms;
  /** Evaluates every alarm now and publishes the state changes' actions. */
  evaluateAlarms(): Promise<AlarmTransition[]>;
  checkpoint(): Promise<void>;
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const clock = options.clock ?? systemClock;
  if (options.dataPath) mkdirSync(dirname(options.dataPath), { recursive: true });
  const engine = await Engine.open(options.dataPath);
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '000000000000';
  const service = await TimestreamService.open(engine, clock, {
    region,
    accountId,
    maxQueryTcu: options.maxQueryTcu ?? DEFAULT_MAX_QUERY_TCU,
    queryPricingModel: options.queryPricingModel ?? 'COMPUTE_UNITS',
    tcuProfile: options.tcuProfile,
    paceAnswers: options.paceAnswers,
  });
  const alarms = new MetricAlarms(service.capacity, clock, { region, accountId }, options.publish);
  const context: OperationContext = {
    service,
    clock,
    host: '127.0.0.1',
    region,
    prices: { ...DEFAULT_PRICES, ...options.prices },
    alarms,
  };
  const alarmTimer =
    options.evaluateAlarmsEveryMinute === false
      ? undefined
      : setInterval(() => {
          alarms.evaluate().catch((error: unknown) => {
            process.stderr.write(`tcu-bot emulator: alarm evaluation: ${(error as Error)?.message ?? String(error)}\n`);
          });
        }, 60_000).unref();
  const server = createServer((request, response) => {
    // `handle` answers every failure itself; this only catches a failure to write that answer.
    handle(request, response, context).catch((error: unknown) => {
      process.stderr.write(`tcu-bot emulator: could not answer: ${(error as Error)?.stack ?? String(error)}\n`);
      response.destroy();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    service,
    capacity: service.capacity,
    alarms,
    evaluateAlarms: () => alarms.evaluate(),
    checkpoint: () => service.checkpoint(),
    async close() {
      clearInterval(alarmTimer);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await service.close();
      await engine.close();
    },
  };
}

async function handle(request: IncomingMessage, response: ServerResponse, context: OperationContext): Promise<void> {
  const requestId = randomUUID();
  // A client that disconnects before its answer cancels the work (its DuckDB query is interrupted).
  const gone = new AbortController();
  response.once('close', () => {
    if (!response.writableFinished) gone.abort();
  });
  const target = request.headers['x-amz-target'];
  // Cost Explorer speaks AWS JSON 1.1; Timestream and CloudWatch JSON 1.0.
  const contentType =
    typeof target === 'string' && target.startsWith(`${COST_EXPLORER_TARGET}.`)
      ? 'application/x-amz-json-1.1'
      : 'application/x-amz-json-1.0';
  try {
    if (request.method !== 'POST' || typeof target !== 'string')
      throw validation('Expected POST with an X-Amz-Target header (AWS JSON 1.0).');
    const operation = OPERATIONS.get(target);
    if (!operation) throw unknownOperation(target);
    const body = await readBody(request);
    let input: unknown;
    try {
      input = body.length === 0 ? {} : JSON.parse(body);
    } catch {
      throw validation('The request body is not valid JSON.');
    }
    const output = await operation.handle(input, { ...context, signal: gone.signal });
    if (isSerialized(output)) send(response, 200, output.json, requestId, contentType, undefined, output.headers);
    else send(response, 200, JSON.stringify(output), requestId, contentType);
  } catch (error) {
    const failure =
      error instanceof AwsError
        ? error
        : new AwsError('InternalServerException', 'The emulator failed to handle the request.');
    if (!(error instanceof AwsError))
      process.stderr.write(`tcu-bot emulator: ${(error as Error)?.stack ?? String(error)}\n`);
    send(response, failure.status, JSON.stringify(failure.body()), requestId, contentType, failure.type);
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(validation(`The request body exceeds ${MAX_BODY_BYTES} bytes.`));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(
  response: ServerResponse,
  status: number,
  body: string,
  requestId: string,
  contentType: string,
  errorType?: string,
  extraHeaders: Readonly<Record<string, string>> = {},
): void {
  if (response.headersSent) return;
  // Encoded once: a 1 MB page would otherwise be walked twice (byteLength, then end).
  const bytes = Buffer.from(body, 'utf8');
  response.writeHead(status, {
    'content-type': contentType,
    'content-length': bytes.length,
    'x-amzn-requestid': requestId,
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
    ...extraHeaders,
  });
  response.end(bytes);
}
