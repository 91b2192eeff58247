/**
 * `tcu-bot lab story [--rate 50] [--quiet-rate 5] [--max-query-tcu 128] [--scale 1] [--alarm-threshold N]
 * [--json] [--locale en|zh-CN] [--endpoint URL]`: the case study replayed locally (lab/story). The
 * alarm and cost notices print on the terminal as they would post; the days' QueryTCU history is then
 * left in the local emulator, so `tcu-bot cost check` and `/tcu status` answer from it.
 */
import type { Config } from '../config.ts';
import { ConsoleDestination } from '../local/console-destination.ts';
import { storyNotice } from '../lab/story/story-notice.ts';
import { storyJson } from '../lab/story/story-json.ts';
import { runStory, type StoryStage } from '../lab/story/story.ts';
import { storyOptionsSchema } from '../lab/story/story-options.ts';
import { leaveStoryHistory } from '../lab/story/usage-handoff.ts';
import { createLogger } from '../shared/logger.ts';
import { describeIssues } from '../shared/zod-issues.ts';
import { noticeText } from './notice-text.ts';
import { openTarget } from './target.ts';
import { LOCALES } from '../shared/locale.ts';
import { choice, UsageError } from './usage-error.ts';

type Values = Partial<Record<string, string | boolean>>;

const FLAGS = {
  rate: 'rate',
  'quiet-rate': 'quietRate',
  'max-query-tcu': 'maxQueryTcu',
  scale: 'scale',
} as const;

const STAGE_LINES: Record<StoryStage, string> = {
  data: 'writing the lab data (virtual time: the morning of the first day)',
  works: 'planning each query on the emulator (its work in TCU-seconds)',
  alarm: "creating serverless.yml's QueryTCU alarm in the emulator's CloudWatch",
  quiet: 'day 1: a quiet day on the legacy schema',
  legacy: 'day 2: the busy workload on the legacy schema',
  optimized: 'day 3: the busy workload on the optimized schema',
  morning: 'the next morning: the daily cost check',
  done: 'done',
};

export async function storyCommand(values: Values, config: Config): Promise<{ output: string; ok: boolean }> {
  if (values.target === 'aws') throw new UsageError('lab story replays days on the local emulator only');
  const locale = choice('locale', typeof values.locale === 'string' ? values.locale : undefined, LOCALES) ?? 'en';
  const input: Record<string, unknown> = {};
  for (const [flag, key] of Object.entries(FLAGS)) {
    const raw = values[flag];
    if (typeof raw === 'string') input[key] = Number(raw);
  }
  if (typeof values['alarm-threshold'] === 'string')
    input.params = { tcuAlarmThreshold: Number(values['alarm-threshold']) };
  const parsed = storyOptionsSchema.safeParse(input);
  if (!parsed.success) throw new UsageError(describeIssues(parsed.error).join('; '));
  if (parsed.data.params.tcuAlarmThreshold !== undefined && !(Number(parsed.data.params.tcuAlarmThreshold) > 0))
    throw new UsageError('--alarm-threshold must be a number above 0');

  // The emulator that keeps the history is found first: a busy data file is refused before the replay.
  const target = await openTarget({ endpoint: typeof values.endpoint === 'string' ? values.endpoint : undefined });
  let result;
  try {
    result = await runStory(parsed.data, {
      config,
      // The notices print here as they would post (on stderr with --json, so stdout stays one JSON
      // object); the story never posts to configured chat groups.
      destinations: [
        new ConsoleDestination(locale, (text) => (values.json ? process.stderr : process.stdout).write(text)),
      ],
      logger: createLogger({ level: 'warn' }),
      onStage: (stage, { atMs }) =>
        process.stderr.write(`${new Date(atMs).toISOString().slice(0, 16)}Z  ${STAGE_LINES[stage]}\n`),
    });
    await leaveStoryHistory(target.endpoint!, result);
    process.stderr.write(`the replayed days' QueryTCU history is now in the ${target.description}\n`);
  } finally {
    await target.close();
  }
  return {
    // Exit 1 when a notice the bot should have delivered did not go out.
    ok:
      result.alarm.changes.every((change) => change.delivered) &&
      result.costChecks.every((check) => check.verdict.kind !== 'alert' || check.posted),
    output: values.json ? JSON.stringify(storyJson(result)) : noticeText(storyNotice(result, locale)),
  };
}
