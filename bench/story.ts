/**
 * `npm run bench:story`: `lab story` at its defaults, as a newcomer runs it — three days in virtual
 * time on its own emulator (lab data at scale 1, the alarm and cost check through their real paths,
 * notices rendered for a terminal). Target: the whole story in ≤ 3 minutes of wall time.
 * Prints one JSON object: { "wallSeconds", "stageSeconds": {…}, "targetSeconds", "isWithinTarget", "story": … }.
 */
import { readFileSync } from 'node:fs';
import { loadConfig } from '../src/config.ts';
import { storyJson } from '../src/lab/story/story-json.ts';
import { runStory, type StoryStage } from '../src/lab/story/story.ts';
import { ConsoleDestination } from '../src/local/console-destination.ts';
import { createLogger } from '../src/shared/logger.ts';

const TARGET_SECONDS = 180;
const started = performance.now();
const stageSeconds: Partial<Record<StoryStage, number>> = {};
let last: { stage: StoryStage; at: number } | undefined;
const result = await runStory(
  {},
  {
    config: loadConfig({ LOG_LEVEL: 'silent' }),
    destinations: [new ConsoleDestination('en', () => undefined)],
    logger: createLogger({ level: 'silent' }),
    serverlessText: readFileSync(new URL('../serverless.yml', `file://${import.meta.dirname}/`), 'utf8'),
    onStage: (stage) => {
      const at = performance.now();
      if (last) stageSeconds[last.stage] = Math.round((at - last.at) / 100) / 10;
      last = { stage, at };
    },
  },
);
const wallSeconds = Math.round((performance.now() - started) / 100) / 10;
const { tcuPerMinute: _minutes, ...story } = storyJson(result);
process.stdout.write(
  `${JSON.stringify(
    {
      benchmark: 'story',
      wallSeconds,
      stageSeconds,
      targetSeconds: TARGET_SECONDS,
      isWithinTarget: wallSeconds <= TARGET_SECONDS,
      story,
    },
    null,
    2,
  )}\n`,
);
