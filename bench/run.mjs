#!/usr/bin/env node
// Runs a benchmark as production runs the code: bundled by esbuild (as for Lambda) and executed by
// plain node, with no TypeScript loader thread in the process to add CPU noise.
// Usage: node bench/run.mjs [node flags…] <name> [args…]  (bench/<name>.ts)
// The benchmark's JSON (its stdout) is also kept in bench/results/<name>.json with the machine it came
// from; `npm run bench:report` turns those files into docs/benchmarks.md and the README's table.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const argv = process.argv.slice(2);
const nodeFlags = argv.filter(
  (arg, index) => arg.startsWith('--') && argv.slice(0, index).every((before) => before.startsWith('--')),
);
const [name, ...args] = argv.slice(nodeFlags.length);
if (!name) {
  process.stderr.write('usage: node bench/run.mjs <name>\n');
  process.exit(2);
}
const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}.data/bench`;
mkdirSync(outdir, { recursive: true });
const outfile = `${outdir}/${name}.mjs`;
await build({
  entryPoints: [`${root}bench/${name}.ts`],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'esm',
  sourcemap: false,
  logLevel: 'warning',
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  define: { 'import.meta.dirname': JSON.stringify(`${root}bench`) },
  // Native bindings load a platform .node file at run time; they cannot be bundled.
  external: ['@duckdb/*'],
});
const result = spawnSync(process.execPath, [...nodeFlags, outfile, ...args], {
  stdio: ['inherit', 'pipe', 'inherit'],
  maxBuffer: 64 * 1024 * 1024,
});
process.stdout.write(result.stdout);
if (result.status === 0) {
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    platform: `${process.platform}-${process.arch}`,
    node: process.version,
  };
  const record = { benchmark: name, measuredAt: new Date().toISOString(), machine, result: JSON.parse(result.stdout) };
  mkdirSync(`${root}bench/results`, { recursive: true });
  writeFileSync(`${root}bench/results/${name}.json`, `${JSON.stringify(record, null, 2)}\n`);
  spawnSync(process.execPath, [`${root}bench/report.mjs`], { stdio: 'inherit' });
}
process.exit(result.status ?? 1);
