/** The engine's writer guard: appender flushes are synchronous and must not overlap a writer statement. */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src/emulator/timestream/engine.ts';

describe('Engine writer guard', () => {
  it('says the writer is busy while a statement runs, and idle once all have finished', async () => {
    const engine = await Engine.open(undefined, 1);
    try {
      expect(engine.isWriterBusy).toBe(false);
      const first = engine.exec('CREATE TABLE a AS SELECT range AS x FROM range(200000)');
      const second = engine.exec('CREATE TABLE b AS SELECT range AS x FROM range(1000)');
      expect(engine.isWriterBusy).toBe(true);
      let idle = false;
      const waited = engine.writerIdle().then(() => {
        idle = true;
        return engine.isWriterBusy;
      });
      await first;
      await second;
      expect(await waited).toBe(false);
      expect(idle).toBe(true);
      // A statement that fails still leaves the writer idle.
      await expect(engine.exec('SELECT * FROM missing_table')).rejects.toThrow();
      expect(engine.isWriterBusy).toBe(false);
      await engine.writerIdle();
    } finally {
      engine.close();
    }
  });
});
