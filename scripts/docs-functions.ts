/**
 * `npm run docs:functions`: writes the emulator's function table (from the registry) into
 * docs/emulator.md between its markers. test/docs/emulator-functions.test.ts checks it is current.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { functionTable } from '../src/emulator/timestream/translate/functions/registry.ts';
import { withFunctionTable } from '../src/emulator/timestream/translate/functions/function-table-doc.ts';

const path = 'docs/emulator.md';
writeFileSync(path, withFunctionTable(readFileSync(path, 'utf8'), functionTable()));
process.stdout.write(`${path}: function table written\n`);
