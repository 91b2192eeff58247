/**
 * `npm run bench:bundle`: what each Lambda function costs to ship and to start.
 *  - zip: the real artifacts of `npm run package` (osls), and a deflate estimate for both SDK choices;
 *  - cold module load: `node -e "import('<bundle>')"`, median of --runs processes, next to bare
 *    `node -e 0` measured in the same loop (targets: alarm and costCheck ≤ 1.6× bare node), in a
 *    clean environment as on Lambda, and in this shell's environment (where NODE_EXTRA_CA_CERTS,
 *    which Lambda does not set, makes every node start ~30 ms slower and the ratios smaller);
 *  - http, whole process: load + the first GET /healthz, and load + the first signed Slack request
 *    (which loads Bolt), to show Bolt is paid only on /slack/events;
 *  - both with the AWS SDK bundled (the default) and taken from node_modules (standing in for the
 *    copy in the Lambda runtime), to justify the choice.
 * Prints JSON. Options: --runs N (default 21).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { deflateRawSync } from 'node:zlib';

const { values } = parseArgs({ options: { runs: { type: 'string' } } });
const RUNS = Number(values.runs ?? 21);
const root = join(import.meta.dirname, '..');
const FUNCTIONS = ['http', 'alarm', 'costCheck', 'worker'] as const;
const VARIANTS = { bundled: '.data/bench-bundle/bundled', external: '.data/bench-bundle/external' } as const;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) =>
    statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)],
  );
}

/** A zip's size with every file deflated at level 9: local header + central directory entry per file, plus the end record. */
function zipEstimate(dir: string): number {
  return files(dir).reduce(
    (sum, file) =>
      sum + 30 + 46 + 2 * relative(root, file).length + deflateRawSync(readFileSync(file), { level: 9 }).length,
    22,
  );
}

/** The source files a bundle loads at start: its entry and the chunks that imports statically (esbuild metafile). */
function startupInputs(outdir: string, fn: string): string[] {
  const meta = JSON.parse(readFileSync(join(root, outdir, `${fn}.meta.json`), 'utf8')) as {
    outputs: Record<string, { imports: Array<{ path: string; kind: string }>; inputs: Record<string, unknown> }>;
  };
  const seen = new Set<string>();
  const pending = [`${outdir}/${fn}/${fn}.mjs`];
  while (pending.length > 0) {
    const output = pending.pop()!;
    if (seen.has(output)) continue;
    seen.add(output);
    for (const next of meta.outputs[output]?.imports ?? [])
      if (next.kind === 'import-statement' && meta.outputs[next.path]) pending.push(next.path);
  }
  return [...seen].flatMap((output) => Object.keys(meta.outputs[output]!.inputs));
}

const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
const round = (value: number, digits = 1) => Number(value.toFixed(digits));

/** Wall time of whole node processes, each case once per round so machine noise hits all alike. */
function timeProcesses(
  cases: Record<string, { code: string; env?: Record<string, string> }>,
  baseEnv: NodeJS.ProcessEnv = { PATH: process.env.PATH },
): Record<string, number> {
  const samples = Object.fromEntries(Object.keys(cases).map((name) => [name, [] as number[]]));
  for (let run = 0; run < RUNS; run++) {
    for (const [name, { code, env }] of Object.entries(cases)) {
      const started = process.hrtime.bigint();
      const result = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
        cwd: root,
        env: { ...baseEnv, ...env },
        encoding: 'utf8',
      });
      const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
      if (result.status !== 0) throw new Error(`${name} failed: ${result.stderr}`);
      samples[name]!.push(elapsed);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([name, list]) => [name, median(list)]));
}

// 1. Bundles: the packaged default, and both SDK choices side by side.
execFileSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: 'pipe' }); // throws with osls' output if packaging fails
for (const [sdk, outdir] of Object.entries(VARIANTS))
  execFileSync(process.execPath, ['deploy/build.mjs', `--sdk=${sdk}`, `--outdir=${outdir}`], {
    cwd: root,
    stdio: 'ignore',
  });

// 2. Cold module load.
const importOf = (file: string) => ({ code: `await import(${JSON.stringify(join(root, file))})` });
const loadCases: Record<string, { code: string; env?: Record<string, string> }> = { bare: { code: '0' } };
for (const [sdk, outdir] of Object.entries(VARIANTS))
  for (const fn of FUNCTIONS) loadCases[`${fn}:${sdk}`] = importOf(`${outdir}/${fn}/${fn}.mjs`);

// 3. http, whole process: the first request of a cold container (no network: neither route calls AWS).
const SIGNING_SECRET = 'bench-signing-secret';
const lambdaEnv = {
  AWS_LAMBDA_FUNCTION_NAME: 'tcu-bot-bench-http',
  AWS_REGION: 'us-east-1',
  LOG_LEVEL: 'silent',
  STATE_TABLE: 'tcu-bot-bench-state',
  JOBS_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:tcu-bot-bench-jobs',
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
};
const httpEvent = (method: string, path: string, body: string, headers: Record<string, string>) => ({
  version: '2.0',
  routeKey: `${method} ${path}`,
  rawPath: path,
  rawQueryString: '',
  headers: { host: 'bench.execute-api.us-east-1.amazonaws.com', ...headers },
  requestContext: {
    http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
    domainName: 'bench.execute-api.us-east-1.amazonaws.com',
    requestId: 'r',
    stage: '$default',
    timeEpoch: 0,
  },
  body,
  isBase64Encoded: false,
});
const firstRequest = (outdir: string, event: object, expectStatus: number) => ({
  code: `const { handler } = await import(${JSON.stringify(join(root, outdir, 'http/http.mjs'))});
const response = await handler(${JSON.stringify(event)}, {});
if (response.statusCode !== ${expectStatus}) { console.error(JSON.stringify(response)); process.exit(1); }`,
  env: lambdaEnv,
});
// A signed slash command that no listener takes: Bolt loads and routes it, nothing calls AWS or Slack.
const slashBody = new URLSearchParams({
  command: '/not-ours',
  text: '',
  team_id: 'T1',
  channel_id: 'C1',
  user_id: 'U1',
  response_url: 'https://hooks.slack.com/commands/x',
  trigger_id: 't',
}).toString();
const slackEvent = () => {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${timestamp}:${slashBody}`).digest('hex')}`;
  return httpEvent('POST', '/slack/events', slashBody, {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-signature': signature,
    'x-slack-request-timestamp': timestamp,
  });
};
const requestCases: Record<string, { code: string; env?: Record<string, string> }> = { bare: { code: '0' } };
for (const [sdk, outdir] of Object.entries(VARIANTS)) {
  requestCases[`http:${sdk}:first GET /healthz`] = firstRequest(outdir, httpEvent('GET', '/healthz', '', {}), 200);
  requestCases[`http:${sdk}:first POST /slack/events`] = firstRequest(outdir, slackEvent(), 404);
}

const loads = timeProcesses(loadCases);
const shellLoads = timeProcesses(
  {
    bare: loadCases.bare!,
    'alarm:bundled': loadCases['alarm:bundled']!,
    'costCheck:bundled': loadCases['costCheck:bundled']!,
  },
  process.env,
);
const requests = timeProcesses(requestCases);
const report = {
  runs: RUNS,
  node: process.version,
  bareNodeMs: round(loads.bare!),
  functions: Object.fromEntries(
    FUNCTIONS.map((fn) => [
      fn,
      {
        zipBytes: statSync(join(root, '.serverless', `${fn}.zip`)).size,
        ...Object.fromEntries(
          Object.entries(VARIANTS).map(([sdk, outdir]) => [
            `sdk ${sdk}`,
            {
              zipEstimateBytes: zipEstimate(join(root, outdir, fn)),
              coldLoadMs: round(loads[`${fn}:${sdk}`]!),
              vsBareNode: round(loads[`${fn}:${sdk}`]! / loads.bare!, 2),
            },
          ]),
        ),
      },
    ]),
  ),
  httpFirstRequest: {
    bareNodeMs: round(requests.bare!),
    ...Object.fromEntries(
      Object.entries(requests)
        .filter(([name]) => name !== 'bare')
        .map(([name, ms]) => [name, { ms: round(ms), vsBareNode: round(ms / requests.bare!, 2) }]),
    ),
  },
  inThisShellsEnvironment: {
    bareNodeMs: round(shellLoads.bare!),
    alarm: {
      coldLoadMs: round(shellLoads['alarm:bundled']!),
      vsBareNode: round(shellLoads['alarm:bundled']! / shellLoads.bare!, 2),
    },
    costCheck: {
      coldLoadMs: round(shellLoads['costCheck:bundled']!),
      vsBareNode: round(shellLoads['costCheck:bundled']! / shellLoads.bare!, 2),
    },
  },
  targets: {
    'alarm ≤ 1.6× bare node (this shell’s environment, as the target was set)':
      shellLoads['alarm:bundled']! / shellLoads.bare! <= 1.6,
    'costCheck ≤ 1.6× bare node (this shell’s environment, as the target was set)':
      shellLoads['costCheck:bundled']! / shellLoads.bare! <= 1.6,
    'alarm ≤ 1.6× bare node (clean environment, as on Lambda)': loads['alarm:bundled']! / loads.bare! <= 1.6,
    'costCheck ≤ 1.6× bare node (clean environment, as on Lambda)': loads['costCheck:bundled']! / loads.bare! <= 1.6,
    'http: Bolt not loaded at start (only by /slack/events)': !startupInputs(VARIANTS.bundled, 'http').some((input) =>
      /node_modules\/(@slack\/bolt\/dist\/App|express)/.test(input),
    ),
  },
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
