/**
 * `npm run bench:emulator`: the emulator against its own engine, in one process.
 *  1. Write throughput through the real SDK: 100-record MULTI batches, 8 in flight (target ≥ 50,000 records/s),
 *     loading the case study's legacy table: 80 devices × 52 metrics × 720 minutes ≈ 3 M rows.
 *  2. SQL2 p50 through the SDK (all pages) vs the same SQL run directly on DuckDB in this process (target ≤ 1.2×).
 *  3. A burst of 50 SQL1 + 50 SQL2 through the SDK vs the same burst straight on DuckDB (target ≥ 0.8× the q/s).
 * Prints JSON. Options: --devices N (default 80), --runs N (default 15).
 * SQL2 also gets a breakdown (each step measured on its own, medians): DuckDB alone, DuckDB rendering
 * Timestream's row JSON (read out, and only counted), the emulator's whole query path in-process, the
 * same over HTTP with a plain JSON.parse, and the SDK — so it is clear which layer costs what.
 * Both comparisons also print a floor: what any emulator on DuckDB would cost at the least, with all of
 * its own work taken away. Each query is (a) run on DuckDB only far enough to count its rows — no value
 * leaves DuckDB, no JSON is rendered — and (b) its exact answer pages, captured from the emulator
 * beforehand, are served by a bare node:http server that does nothing but send them, to the same SDK
 * client. No emulator can do less than (a) + (b): the query must run, and the SDK must receive and
 * parse Timestream's JSON. A floor ratio near or past the target shows how much room the target leaves.
 * SQL2 also gets the floor with the JSON rendered by DuckDB, counted and never read out: the answer's
 * text has to be written by something, and DuckDB was the cheapest way found.
 */
import { QueryCommand, type QueryCommandOutput } from '@aws-sdk/client-timestream-query';
import {
  CreateDatabaseCommand,
  CreateTableCommand,
  WriteRecordsCommand,
  type _Record,
} from '@aws-sdk/client-timestream-write';
import { Agent, createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { translateQuery } from '../src/emulator/timestream/translate/to-duckdb.ts';
import { parseSelectQuery } from '../src/timestream/sql/parse.ts';
import { startEmulator } from '../src/emulator/server.ts';
import { createTimestreamClients } from '../src/timestream/clients.ts';

const { values } = parseArgs({ options: { devices: { type: 'string' }, runs: { type: 'string' } } });
const DEVICES = Number(values.devices ?? 80);
const RUNS = Number(values.runs ?? 15);
const MINUTES = 720;
const METRICS = Array.from({ length: 52 }, (_, index) => (index < 44 ? `energy_${index}` : `power_${index - 44}`));
const SYSTEMS = ['sys-a', 'sys-b', 'sys-c'];
const PRODUCTS = ['prod-1', 'prod-2', 'prod-3'];
const IN_FLIGHT = 8;

const emulator = await startEmulator({ maxQueryTcu: 1000, paceAnswers: false });
const { write, query } = createTimestreamClients({
  region: 'us-east-1',
  endpoint: emulator.endpoint,
  maxAttempts: 1,
  maxSockets: 128,
});
await write.send(new CreateDatabaseCommand({ DatabaseName: 'bench' }));
await write.send(
  new CreateTableCommand({
    DatabaseName: 'bench',
    TableName: 'legacy',
    RetentionProperties: { MemoryStoreRetentionPeriodInHours: 24, MagneticStoreRetentionPeriodInDays: 7 },
  }),
);

// ---- 1. writes ------------------------------------------------------------------------------
const endMs = Math.floor((Date.now() - 15 * 60_000) / 60_000) * 60_000;
const startMs = endMs - (MINUTES - 1) * 60_000;
const device = (index: number) => ({
  deviceNo: `dev-${String(index).padStart(4, '0')}`,
  systemId: SYSTEMS[index % 3]!,
  productKey: PRODUCTS[Math.floor(index / 3) % 3]!,
  modelKey: `model-${index % 20}`,
  source: index % 2 === 0 ? 'mqtt' : 'http',
});

/** One batch: one device, one minute, 52 metrics → split into 100-record calls across minutes. */
function* batches(): Generator<{ common: _Record; records: _Record[] }> {
  for (let index = 0; index < DEVICES; index += 1) {
    const d = device(index);
    const common: _Record = {
      Dimensions: Object.entries(d).map(([Name, Value]) => ({ Name, Value })),
      MeasureName: 'metrics',
      MeasureValueType: 'MULTI',
    };
    let records: _Record[] = [];
    for (let minute = 0; minute < MINUTES; minute += 1) {
      for (const [metricIndex, name] of METRICS.entries()) {
        records.push({
          Dimensions: [{ Name: 'name', Value: name }],
          Time: String(startMs + minute * 60_000),
          MeasureValues: [
            {
              Name: 'value',
              Value: String(1 + ((index * 7919 + minute * 104_729 + metricIndex * 1299) % 100_000) / 100),
              Type: 'DOUBLE',
            },
            { Name: 'requestId', Value: `req-${index}-${minute}`, Type: 'VARCHAR' },
          ],
        });
        if (records.length === 100) {
          yield { common, records };
          records = [];
        }
      }
    }
    if (records.length > 0) yield { common, records };
  }
}

const source = batches();
let written = 0;
const writeStart = performance.now();
await Promise.all(
  Array.from({ length: IN_FLIGHT }, async () => {
    for (let next = source.next(); !next.done; next = source.next()) {
      const result = await write.send(
        new WriteRecordsCommand({
          DatabaseName: 'bench',
          TableName: 'legacy',
          CommonAttributes: next.value.common,
          Records: next.value.records,
        }),
      );
      written += result.RecordsIngested?.Total ?? 0;
    }
  }),
);
const writeSeconds = (performance.now() - writeStart) / 1000;
await emulator.checkpoint();

// ---- 2. SQL2 latency: SDK vs DuckDB ---------------------------------------------------------
const inList = (names: readonly string[]) => names.map((name) => `"name"='${name}'`).join(' OR ');
const sql1 = `WITH latest_record as (
    select systemId, deviceNo, name, max(time) as latest_time
    FROM bench.legacy
    WHERE "value">0 AND "time"<=from_milliseconds(${endMs})
      AND ("deviceNo"='${device(0).deviceNo}' OR "deviceNo"='${device(1).deviceNo}' OR "deviceNo"='${device(2).deviceNo}')
      AND (${inList(METRICS.slice(0, 44))})
    group by systemId, deviceNo, name)
  SELECT l.systemId, l.deviceNo, l.name, l.latest_time, t."value" FROM latest_record l JOIN bench.legacy t
    ON t.systemId = l.systemId AND t.deviceNo = l.deviceNo AND t.name = l.name AND t.time = l.latest_time`;
const sql2 = `select BIN(time, 5m) as time, name, AVG(value) as value, modelKey, productKey, deviceNo
  from bench.legacy
  WHERE "systemId"='sys-a' AND "productKey"='prod-1'
    AND "time">=from_milliseconds(${startMs}) AND "time"<=from_milliseconds(${endMs})
    AND (${inList(METRICS.slice(44))})
  group by name, BIN(time, 5m), productKey, modelKey, deviceNo
  order by time asc`;

/** Every page of the query through an SDK client; returns the rows received. */
async function allPages(client: typeof query, sql: string): Promise<number> {
  let rows = 0;
  let response: QueryCommandOutput | undefined;
  do {
    response = await client.send(new QueryCommand({ QueryString: sql, NextToken: response?.NextToken }));
    rows += response.Rows?.length ?? 0;
  } while (response.NextToken);
  return rows;
}

const viaSdk = (sql: string) => allPages(query, sql);

/** Timestream SQL parsed and translated to DuckDB's, as the emulator does on a text's first run. */
const toDuckDb = (sql: string) => translateQuery(sql, parseSelectQuery(sql), { tableExists: () => true }).sql;

async function direct(sql: string): Promise<number> {
  const rewritten = toDuckDb(sql);
  return emulator.service.engine.withReader(
    async (connection) => (await (await connection.run(rewritten)).getRows()).length,
  );
}

/** The query run on DuckDB only to count its rows: nothing is rendered or read out but one number. */
async function countOnly(sql: string): Promise<number> {
  const rewritten = toDuckDb(sql);
  return emulator.service.engine.withReader(async (connection) =>
    Number((await (await connection.run(`SELECT count(*) FROM (${rewritten}\n)`)).getRows())[0]![0]),
  );
}

async function timed(run: () => Promise<number>): Promise<{ ms: number; rows: number }> {
  const started = performance.now();
  const rows = await run();
  return { ms: performance.now() - started, rows };
}

const median = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
await viaSdk(sql2);
await direct(sql2);
const sdkTimes: number[] = [];
const directTimes: number[] = [];
let sql2Rows = 0;
for (let run = 0; run < RUNS; run += 1) {
  // Alternate so drift on a shared machine hits both sides alike.
  const sdk = await timed(() => viaSdk(sql2));
  const raw = await timed(() => direct(sql2));
  sdkTimes.push(sdk.ms);
  directTimes.push(raw.ms);
  sql2Rows = sdk.rows;
  if (sdk.rows !== raw.rows) throw new Error(`row counts differ: SDK ${sdk.rows}, DuckDB ${raw.rows}`);
}

const keepAlive = new Agent({ keepAlive: true });
/** A plain node:http POST (what the SDK's handler uses), without the SDK's serde. */
function post(body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      emulator.endpoint,
      {
        method: 'POST',
        agent: keepAlive,
        headers: { 'x-amz-target': 'Timestream_20181101.Query', 'content-type': 'application/x-amz-json-1.0' },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/**
 * The floor's transport: a bare node:http server that answers each Query call with the page the
 * emulator gave for the same QueryString / NextToken, captured beforehand, and does nothing else.
 */
async function startBareServer(queries: readonly string[]): Promise<{ endpoint: string; close: () => void }> {
  const pages = new Map<string, Buffer>();
  for (const sql of queries) {
    let token: string | undefined;
    do {
      const body = await post(JSON.stringify({ QueryString: sql, NextToken: token }));
      pages.set(token ?? sql, Buffer.from(body, 'utf8'));
      token = (JSON.parse(body) as { NextToken?: string }).NextToken;
    } while (token);
  }
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { QueryString: string; NextToken?: string };
      const page = pages.get(input.NextToken ?? input.QueryString)!;
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'content-length': page.length });
      response.end(page);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => (server.close(), server.closeAllConnections()),
  };
}
const bareServer = await startBareServer([sql1, sql2]);
const bare = createTimestreamClients({
  region: 'us-east-1',
  endpoint: bareServer.endpoint,
  maxAttempts: 1,
  maxSockets: 128,
}).query;

/** The same pages as viaSdk, from the bare server. */
const viaBareServer = (sql: string) => allPages(bare, sql);

/** The least any emulator on DuckDB could spend on a query: see the floor in this file's header. */
async function floor(sql: string): Promise<number> {
  const rows = await countOnly(sql);
  const received = await viaBareServer(sql);
  if (received !== rows) throw new Error(`the captured pages hold ${received} rows, the query ${rows}`);
  return rows;
}

/** Steps of the SDK path, each timed alone. */
async function sql2Breakdown(): Promise<Record<string, number>> {
  const rowJson = (
    emulator.service as unknown as { shapes: Map<string, { rowJson?: { inBlocks: string; perRow: string } }> }
  ).shapes
    .values()
    .next().value?.rowJson;
  if (!rowJson) throw new Error('SQL2 is not answered by the row-JSON path');
  const steps: Record<string, () => Promise<unknown>> = {
    duckdb: () => direct(sql2),
    duckdbRenderingRowJson: () =>
      emulator.service.engine.withReader(async (connection) => (await connection.run(rowJson.inBlocks)).getRows()),
    // The same rendering with nothing read out but a count and a length: what writing the JSON costs DuckDB.
    duckdbRenderingRowJsonCountOnly: () =>
      emulator.service.engine.withReader(async (connection) =>
        (
          await connection.run(`SELECT count(*), sum(length(row_json)) FROM (${rowJson.perRow}) AS rendered(row_json)`)
        ).getRows(),
      ),
    emulatorQueryAllPages: async () => {
      let page = await emulator.service.query(sql2, undefined, undefined);
      while (page.nextToken) page = await emulator.service.query(sql2, undefined, page.nextToken);
    },
    httpPlusJsonParseAllPages: async () => {
      let token: string | undefined;
      do
        token = (
          JSON.parse(await post(JSON.stringify({ QueryString: sql2, NextToken: token }))) as { NextToken?: string }
        ).NextToken;
      while (token);
    },
    sdkAllPages: () => viaSdk(sql2),
    duckdbCountOnly: () => countOnly(sql2),
    sdkReadingPrebuiltPages: () => viaBareServer(sql2),
  };
  const result: Record<string, number> = {};
  for (const [name, step] of Object.entries(steps)) {
    const samples: number[] = [];
    for (let run = 0; run < Math.max(5, Math.floor(RUNS / 2)); run += 1)
      samples.push((await timed(async () => (await step(), 0))).ms);
    result[name] = Math.round(median(samples) * 10) / 10;
  }
  return result;
}
const breakdown = await sql2Breakdown();

/** Parsing and translating SQL2 (what a text's first run pays; later runs reuse it), median of many. */
function translationMs(): number {
  const samples: number[] = [];
  for (let run = 0; run < 200; run += 1) {
    const started = performance.now();
    toDuckDb(sql2);
    samples.push(performance.now() - started);
  }
  return median(samples);
}
const sql2TranslationMs = translationMs();

// ---- 3. 50 + 50 burst -----------------------------------------------------------------------
/** Queries per second of one burst, and the CPU seconds the process spent on it (all threads, DuckDB's too). */
async function burst(run: (sql: string) => Promise<number>): Promise<{ queriesPerSecond: number; cpuSeconds: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all([...Array.from({ length: 50 }, () => run(sql1)), ...Array.from({ length: 50 }, () => run(sql2))]);
  const used = process.cpuUsage(cpu);
  return {
    queriesPerSecond: 100 / ((performance.now() - started) / 1000),
    cpuSeconds: (used.user + used.system) / 1e6,
  };
}
const burstSdk: { queriesPerSecond: number; cpuSeconds: number }[] = [];
const burstDirect: { queriesPerSecond: number; cpuSeconds: number }[] = [];
const burstFloor: { queriesPerSecond: number; cpuSeconds: number }[] = [];
for (let round = 0; round < 3; round += 1) {
  burstSdk.push(await burst(viaSdk));
  burstDirect.push(await burst(direct));
  burstFloor.push(await burst(floor));
}
const burstMedian = (runs: typeof burstSdk, field: 'queriesPerSecond' | 'cpuSeconds') =>
  median(runs.map((each) => each[field]));

const result = {
  benchmark: 'emulator',
  rows: written,
  write: {
    recordsPerSecond: Math.round(written / writeSeconds),
    seconds: Math.round(writeSeconds * 10) / 10,
    batch: 100,
    inFlight: IN_FLIGHT,
    target: 50_000,
  },
  sql2: {
    resultRows: sql2Rows,
    p50MsViaSdk: Math.round(median(sdkTimes) * 10) / 10,
    p50MsDirectDuckDb: Math.round(median(directTimes) * 10) / 10,
    ratio: Math.round((median(sdkTimes) / median(directTimes)) * 100) / 100,
    target: '≤ 1.2',
    runs: RUNS,
    breakdownMs: breakdown,
    // Parse + translate, paid on a text's first run only; the issue's budget is 5 % of SQL2's p50.
    translationMs: Math.round(sql2TranslationMs * 1000) / 1000,
    translationShareOfP50: Math.round((sql2TranslationMs / median(sdkTimes)) * 10000) / 10000,
    translationTarget: '≤ 0.05',
    // The least any emulator could take (DuckDB counting + the SDK reading prebuilt pages), over DuckDB.
    floorRatio:
      Math.round(
        (((breakdown.duckdbCountOnly ?? 0) + (breakdown.sdkReadingPrebuiltPages ?? 0)) / median(directTimes)) * 100,
      ) / 100,
    // The same with the answer's JSON rendered by DuckDB (the cheapest way to write it measured here;
    // materialising the values in JavaScript, as the direct run does, costs more) but never read out.
    floorRatioWithRendering:
      Math.round(
        (((breakdown.duckdbRenderingRowJsonCountOnly ?? 0) + (breakdown.sdkReadingPrebuiltPages ?? 0)) /
          median(directTimes)) *
          100,
      ) / 100,
  },
  burst50plus50: {
    queriesPerSecondViaSdk: Math.round(burstMedian(burstSdk, 'queriesPerSecond') * 10) / 10,
    queriesPerSecondDirectDuckDb: Math.round(burstMedian(burstDirect, 'queriesPerSecond') * 10) / 10,
    ratio:
      Math.round((burstMedian(burstSdk, 'queriesPerSecond') / burstMedian(burstDirect, 'queriesPerSecond')) * 100) /
      100,
    target: '≥ 0.8',
    rounds: 3,
    // With both cores busy either way, q/s follows CPU seconds per burst.
    cpuSecondsPerBurstViaSdk: Math.round(burstMedian(burstSdk, 'cpuSeconds') * 100) / 100,
    cpuSecondsPerBurstDirectDuckDb: Math.round(burstMedian(burstDirect, 'cpuSeconds') * 100) / 100,
    // The same burst at the floor: each query counted on DuckDB, its pages read from the bare server.
    queriesPerSecondAtFloor: Math.round(burstMedian(burstFloor, 'queriesPerSecond') * 10) / 10,
    floorRatio:
      Math.round((burstMedian(burstFloor, 'queriesPerSecond') / burstMedian(burstDirect, 'queriesPerSecond')) * 100) /
      100,
    cpuSecondsPerBurstAtFloor: Math.round(burstMedian(burstFloor, 'cpuSeconds') * 100) / 100,
  },
  node: process.version,
};
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
write.destroy();
query.destroy();
bare.destroy();
bareServer.close();
await emulator.close();
