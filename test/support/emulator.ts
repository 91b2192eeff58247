/** A real emulator on a free loopback port, and SDK clients pointed at it. */
import { afterAll, beforeAll } from 'vitest';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/server.ts';
import { createTimestreamClients, type TimestreamClients } from '../../src/timestream/clients.ts';

export interface EmulatorFixture {
  emulator: RunningEmulator;
  clients: TimestreamClients;
}

/** Starts one emulator for the test file (in memory unless dataPath is given). */
export function useEmulator(
  options: EmulatorOptions = {},
  clientOptions: { maxAttempts?: number; maxSockets?: number } = {},
): EmulatorFixture {
  const fixture = {} as EmulatorFixture;
  beforeAll(async () => {
    fixture.emulator = await startEmulator(options);
    fixture.clients = createTimestreamClients({
      region: 'us-east-1',
      endpoint: fixture.emulator.endpoint,
      maxAttempts: clientOptions.maxAttempts ?? 1,
      maxSockets: clientOptions.maxSockets ?? 64,
    });
  });
  afterAll(async () => {
    fixture.clients?.write.destroy();
    fixture.clients?.query.destroy();
    await fixture.emulator?.close();
  });
  return fixture;
}

/** Rows of a Query response as plain arrays of strings (null for NullValue). */
export function rowsOf(response: {
  Rows?: { Data?: { ScalarValue?: string; NullValue?: boolean }[] }[];
}): (string | null)[][] {
  return (response.Rows ?? []).map((row) =>
    (row.Data ?? []).map((datum) => (datum.NullValue ? null : (datum.ScalarValue ?? null))),
  );
}
