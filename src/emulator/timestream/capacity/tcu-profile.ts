/**
 * Every constant of the emulator's TCU model, in one profile. Each says what it is, its value, and
 * whether it is published (with the source and, for a fitted one, the points it was solved from) or
 * assumed (with the reason). Nothing public fixes how much compute a byte or a partition costs: those
 * constants are assumptions until `tcu-bot lab calibrate --target aws` fits them to an account.
 * A profile file (`tcu-bot emulator --tcu-profile FILE`) may replace any of them.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { describeIssues } from '../../../shared/zod-issues.ts';

const TCU_DOC = 'https://docs.aws.amazon.com/timestream/latest/developerguide/tcu.html';
/** The earlier README of awslabs' TCU test harness, which published measured throughput (before commit 0a53e58). */
const AWSLABS_POINTS =
  'awslabs/amazon-timestream-tools tools/python/timestream-compute-units-testing README (git history, before 0a53e58)';

const constantSchema = z.object({
  value: z.number().positive(),
  label: z.enum(['published', 'assumed', 'measured']),
  /** Published: where, and how it was derived. Assumed: why this value. Measured: on which account, how. */
  source: z.string().min(1),
});
export type ModelConstant = z.infer<typeof constantSchema>;

export const PROFILE_CONSTANTS = [
  'tcuPerStep',
  'lightQueriesPerStep',
  'minimumBilledSeconds',
  'baseTcuSeconds',
  'heavyOperatorTcuSeconds',
  'bytesPerTcuSecond',
  'partitionTcuSeconds',
  'partitionsPerTcu',
  'maxSlowdown',
  'timeBucketHours',
] as const;
export type ProfileConstant = (typeof PROFILE_CONSTANTS)[number];

const profileSchema = z.object({
  name: z.string().min(1),
  constants: z.object(
    Object.fromEntries(PROFILE_CONSTANTS.map((key) => [key, constantSchema])) as Record<
      ProfileConstant,
      typeof constantSchema
    >,
  ),
});
export type TcuProfile = z.infer<typeof profileSchema>;

/** A profile file: a name and any constants to replace. */
const profileFileSchema = z.object({
  name: z.string().min(1),
  constants: z.object(
    Object.fromEntries(PROFILE_CONSTANTS.map((key) => [key, constantSchema.optional()])) as Record<
      ProfileConstant,
      z.ZodOptional<typeof constantSchema>
    >,
  ),
});

export const DEFAULT_TCU_PROFILE: TcuProfile = {
  name: 'default',
  constants: {
    tcuPerStep: {
      value: 4,
      label: 'published',
      source: `${TCU_DOC}: capacity is allocated in steps of 4 TCU, at least 4`,
    },
    lightQueriesPerStep: {
      value: 7,
      label: 'published',
      source: `${TCU_DOC}: 7 / 14 / 21 concurrent queries over the last minutes to an hour need 4 / 8 / 12 TCU — a light query holds 4/7 TCU`,
    },
    minimumBilledSeconds: {
      value: 30,
      label: 'published',
      source: `${TCU_DOC}: billed per second with a 30-second minimum (read here as per allocated 4-TCU block)`,
    },
    baseTcuSeconds: {
      value: 0.0215,
      label: 'published',
      source: `fitted to ${AWSLABS_POINTS}: last-point query (one heavy operator) ≈4,830 queries a minute = 80.5 QPS at 4 TCU, so 4/80.5 = 0.0497 TCU-s each; group-by query (two) ≈3,346 a minute = 55.8 QPS, 0.0717 TCU-s; less each one's ~60 KB and 1 partition, solved for the fixed and per-operator work`,
    },
    heavyOperatorTcuSeconds: {
      value: 0.022,
      label: 'published',
      source: `fitted to ${AWSLABS_POINTS} with baseTcuSeconds (see there)`,
    },
    bytesPerTcuSecond: {
      value: 14.4e6,
      label: 'assumed',
      source:
        'not published; the rate at which a scan costs the same under TCU pricing ($0.518 per TCU-hour, i.e. $0.000144 per TCU-second) as under the bytes-scanned pricing it replaced ($0.01 per GB): 14.4 MB per TCU-second. A pessimistic bound (a pure scan engine would do more); calibrate on your account',
    },
    partitionTcuSeconds: {
      value: 0.002,
      label: 'assumed',
      source: 'not published; small enough that the published one-host queries (1–2 partitions) stay fitted',
    },
    partitionsPerTcu: {
      value: 8,
      label: 'assumed',
      source: `not published; ${TCU_DOC} says compute follows the partitions a query accesses — a query over up to 8 partitions stays at the light 4/7 TCU`,
    },
    maxSlowdown: {
      value: 10,
      label: 'assumed',
      source: `not published; the account refuses a query ("MaxQueryTCU exceeded") once demand is 10× MaxQueryTCU, so 60 last-point users at 4 TCU (8.6×) slow down without throttling, as ${AWSLABS_POINTS} saw`,
    },
    timeBucketHours: {
      value: 1,
      label: 'assumed',
      source: 'not published; a time partition is taken to be an hour of data',
    },
  },
};

export class TcuProfileError extends Error {
  override name = 'TcuProfileError';
}

/** The default profile with a file's constants in place of its own. */
export function loadTcuProfile(path: string): TcuProfile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new TcuProfileError(`cannot read the TCU profile ${path}: ${(error as Error).message}`);
  }
  const parsed = profileFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new TcuProfileError(`the TCU profile ${path} is not valid: ${describeIssues(parsed.error).join('; ')}`);
  }
  const constants = { ...DEFAULT_TCU_PROFILE.constants };
  for (const key of PROFILE_CONSTANTS) {
    const given = parsed.data.constants[key];
    if (given) constants[key] = given;
  }
  return profileSchema.parse({ name: parsed.data.name, constants });
}

/** The values alone, for the arithmetic. */
export type TcuConstants = Readonly<Record<ProfileConstant, number>>;

export function constantsOf(profile: TcuProfile): TcuConstants {
  return Object.fromEntries(PROFILE_CONSTANTS.map((key) => [key, profile.constants[key].value])) as TcuConstants;
}
