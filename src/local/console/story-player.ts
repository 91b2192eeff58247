/**
 * The console's "Replay the case study" button: runs `lab story` in this process (one at a time), its
 * alarm and cost notices arriving in the page's alarm feed as a DingTalk robot would get them, its
 * stages and final report on the event stream; then leaves the replayed days' QueryTCU history in the
 * bot's emulator, so `/tcu status` and `/cost check` answer from them.
 */
import type { Destination } from '../../chat/destination.ts';
import type { Config } from '../../config.ts';
import type { StoryOptionsInput } from '../../lab/story/story-options.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Locale } from '../../shared/locale.ts';
import type { Logger } from '../../shared/logger.ts';
import type { ConsoleHub } from './hub.ts';

export interface StoryPlayerDeps {
  readonly config: Config;
  readonly hub: ConsoleHub;
  /** The page's alarm feed. */
  readonly alarms: Destination;
  /** The emulator that keeps the replayed history (the bot's own). */
  readonly endpoint: string;
  readonly locale: Locale;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Tests: smaller data and a matching MaxQueryTCU and alarm threshold. */
  readonly options?: StoryOptionsInput;
}

export class StoryPlayer {
  private running: Promise<void> | undefined;

  constructor(private readonly deps: StoryPlayerDeps) {}

  /** Starts the story unless one is running; false when one is. Failures are published, never thrown. */
  start(): boolean {
    if (this.running) return false;
    this.running = this.play()
      .catch((error: unknown) => {
        const failure = (error as Error)?.message ?? String(error);
        this.deps.logger.error('story failed', { error: error as Error });
        this.deps.hub.publish({
          type: 'story-stage',
          at: this.deps.clock.now(),
          stage: 'failed',
          virtualAtMs: 0,
          failure,
        });
      })
      .finally(() => (this.running = undefined));
    return true;
  }

  /** Resolves when the running story (if any) is over. */
  settled(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  private async play(): Promise<void> {
    const { config, hub, clock } = this.deps;
    const [{ runStory }, { storyJson }, { storyNotice }, { leaveStoryHistory }] = await Promise.all([
      import('../../lab/story/story.ts'),
      import('../../lab/story/story-json.ts'),
      import('../../lab/story/story-notice.ts'),
      import('../../lab/story/usage-handoff.ts'),
    ]);
    const result = await runStory(this.deps.options ?? {}, {
      config,
      destinations: [this.deps.alarms],
      logger: this.deps.logger,
      onStage: (stage, { atMs }) => hub.publish({ type: 'story-stage', at: clock.now(), stage, virtualAtMs: atMs }),
    });
    await leaveStoryHistory(this.deps.endpoint, result);
    const notice = storyNotice(result, this.deps.locale);
    hub.publish({
      type: 'story',
      at: clock.now(),
      report: storyJson(result),
      title: notice.title,
      lines: notice.facts.map((fact) => `${fact.label}: ${fact.value}`),
      footer: notice.footer ?? '',
    });
  }
}
