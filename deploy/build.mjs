#!/usr/bin/env node
// Builds one Lambda bundle per function into dist/<function>/ (serverless.yml packages each folder
// on its own). ESM with code splitting, so what a function loads only on some requests (Bolt on
// /slack/events, the SDK clients of a job) sits in its own chunk and costs nothing at cold start.
//
//   node deploy/build.mjs [--sdk=bundled|external] [--outdir=dist]
//
// The AWS SDK is bundled by default: pinned by our lockfile (src/timestream/fast-query-protocol.ts
// subclasses an SDK protocol, which must not change under us when Lambda updates its runtime copy)
// and tree-shaken; `npm run bench:bundle` measures both choices.
// The build fails if a bundle would contain the emulator, the local console page, DuckDB or a
// dev-only package.
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

export const FUNCTIONS = {
  http: 'handlers/http.ts',
  alarm: 'handlers/alarm.ts',
  costCheck: 'handlers/cost-check.ts',
  worker: 'handlers/worker.ts',
};
const FORBIDDEN = [
  /(^|\/)src\/emulator\//,
  /(^|\/)src\/local\/console\//,
  /node_modules\/@duckdb\//,
  /node_modules\/(tsx|vitest|msw|esbuild|osls|autocannon|playwright-core)\//,
];

export async function buildLambdas({
  sdk = 'bundled',
  outdir = 'dist',
  root = fileURLToPath(new URL('..', import.meta.url)),
} = {}) {
  if (!['bundled', 'external'].includes(sdk)) throw new Error(`--sdk must be bundled or external, not ${sdk}`);
  rmSync(`${root}${outdir}`, { recursive: true, force: true });
  const report = {};
  for (const [name, entry] of Object.entries(FUNCTIONS)) {
    const result = await build({
      absWorkingDir: root,
      entryPoints: { [name]: entry },
      outdir: `${outdir}/${name}`,
      bundle: true,
      splitting: true,
      format: 'esm',
      outExtension: { '.js': '.mjs' },
      chunkNames: 'chunks/[name]-[hash]',
      platform: 'node',
      // The AWS SDK's ES modules (dist-es): they tree-shake, and a dynamic import of them keeps its named exports.
      mainFields: ['module', 'main'],
      target: 'node24',
      minify: true,
      legalComments: 'none',
      metafile: true,
      logLevel: 'warning',
      // CommonJS dependencies (Bolt, express) call require() for Node's built-ins.
      banner: {
        js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
      },
      external: sdk === 'external' ? ['@aws-sdk/*', '@smithy/*'] : [],
    });
    const inputs = Object.keys(result.metafile.inputs);
    const forbidden = inputs.filter((input) => FORBIDDEN.some((pattern) => pattern.test(input)));
    if (forbidden.length > 0) throw new Error(`${name}: the bundle must not contain ${forbidden.join(', ')}`);
    writeFileSync(`${root}${outdir}/${name}.meta.json`, JSON.stringify(result.metafile));
    const outputs = Object.entries(result.metafile.outputs);
    report[name] = {
      files: outputs.length,
      bytes: outputs.reduce((sum, [, output]) => sum + output.bytes, 0),
      entry: `${outdir}/${name}/${name}.mjs`,
    };
  }
  // The bundled workload files (`/loadtest start workload=<name>`), packaged beside the http and
  // worker bundles; config.ts finds them under LAMBDA_TASK_ROOT.
  cpSync(`${root}workloads`, `${root}${outdir}/workloads`, { recursive: true });
  return report;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { sdk: { type: 'string', default: 'bundled' }, outdir: { type: 'string', default: 'dist' } },
  });
  const report = await buildLambdas(values);
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}
