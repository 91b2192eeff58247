#!/usr/bin/env node
// Runs a benchmark as production runs the code: bundled by esbuild (as for Lambda) and executed by
// plain node, with no TypeScript loader thread in the process to add CPU noise.
// Usage: node bench/run.mjs [node flags…] <name> [args…]  (bench/<name>.ts)
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
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
const result = spawnSync(process.execPath, [...nodeFlags, outfile, ...args], { stdio: 'inherit' });
process.exit(result.status ?? 1);
