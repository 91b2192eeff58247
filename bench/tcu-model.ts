/**
 * `npm run bench:tcu-model`: the TCU model against the figures AWS and awslabs published — the sizing
 * rule (7 / 14 / 21 light queries need 4 / 8 / 12 TCU, tcu.html) and the throughput awslabs' harness
 * measured at 4 TCU (closed loop, no think time, one host over 10 minutes: ~600 rows, ~60 KB, 1
 * partition). The fitted points must come within ±5 %, the others within ±25 %.
 * Prints one JSON object: { "points": [{ "id", "source", "published", "model", "ratio" }] }.
 */
import { CapacityModel } from '../src/emulator/timestream/capacity/capacity-model.ts';
import { runClosedLoop } from '../src/emulator/timestream/capacity/closed-loop.ts';
import { queryWork, type QueryShape } from '../src/emulator/timestream/capacity/query-work.ts';
import { DEFAULT_TCU_PROFILE } from '../src/emulator/timestream/capacity/tcu-profile.ts';

const TCU_DOC = 'https://docs.aws.amazon.com/timestream/latest/developerguide/tcu.html';
const HARNESS = 'awslabs/amazon-timestream-tools tools/python/timestream-compute-units-testing README (before 0a53e58)';
const LAST_POINT: QueryShape = { bytesScanned: 60_000, partitions: 1, heavyOperators: 1 };
const GROUP_BY: QueryShape = { bytesScanned: 60_000, partitions: 1, heavyOperators: 2 };

interface Point {
  readonly id: string;
  readonly source: string;
  readonly what: string;
  readonly published: number;
  readonly model: number;
  readonly isFitted: boolean;
}

function tcuFor(lightQueries: number): number {
  let now = 0;
  const model = new CapacityModel({ now: () => now, sleep: () => Promise.resolve() }, () => 200);
  const light = queryWork({ bytesScanned: 0, partitions: 1, heavyOperators: 0 }, model.constants, 200);
  for (let index = 0; index < lightQueries; index += 1) model.admit(light);
  now += 1;
  return model.tcuInUse();
}

const qps = (users: number, shape: QueryShape) =>
  runClosedLoop({ users, maxQueryTcu: 4, shape, seconds: 60 }, DEFAULT_TCU_PROFILE).queriesPerSecond;

const points: Point[] = [
  ...[7, 14, 21].map((queries, index) => ({
    id: `F1-${queries}`,
    source: TCU_DOC,
    what: `TCU for ${queries} concurrent light queries`,
    published: 4 * (index + 1),
    model: tcuFor(queries),
    isFitted: false,
  })),
  {
    id: 'F2',
    source: HARNESS,
    what: 'last-point QPS, 4 TCU, 7 users',
    published: 80.5,
    model: qps(7, LAST_POINT),
    isFitted: true,
  },
  {
    id: 'F3',
    source: HARNESS,
    what: 'last-point QPS, 4 TCU, 35 users (published: 4,000+ a minute)',
    published: 67,
    model: qps(35, LAST_POINT),
    isFitted: false,
  },
  {
    id: 'F5',
    source: HARNESS,
    what: 'group-by QPS, 4 TCU, 14 users',
    published: 55.8,
    model: qps(14, GROUP_BY),
    isFitted: true,
  },
  {
    id: 'F6',
    source: HARNESS,
    what: 'group-by QPS, 4 TCU, 30 users',
    published: 46,
    model: qps(30, GROUP_BY),
    isFitted: false,
  },
];

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
const result = {
  benchmark: 'tcu-model',
  profile: DEFAULT_TCU_PROFILE.name,
  // Every constant of the model with its label: published (with the source) or assumed (with the reason).
  constants: DEFAULT_TCU_PROFILE.constants,
  points: points.map((point) => {
    const ratio = round(point.model / point.published, 3);
    return {
      id: point.id,
      source: point.source,
      what: point.what,
      published: point.published,
      model: round(point.model, 2),
      ratio,
      tolerance: point.isFitted ? 0.05 : 0.25,
      isWithinTolerance: Math.abs(ratio - 1) <= (point.isFitted ? 0.05 : 0.25),
    };
  }),
};
process.stdout.write(
  `${JSON.stringify({ ...result, meetsTarget: result.points.every((point) => point.isWithinTolerance) }, null, 2)}\n`,
);
