/**
 * An alarm's graph for its message: rendered by CloudWatch (GetMetricWidgetImage, on AWS; the
 * emulator's, locally), kept where chat can fetch it, and linked from the message. A graph never holds
 * the message up for long or stops it: past `GRAPH_TIMEOUT_MS`, or on any failure, the message goes
 * without it and says "graph unavailable".
 */
import type { Clock } from '../../shared/clock.ts';
import { timeoutSignal } from '../../shared/clock.ts';
import type { Logger } from '../../shared/logger.ts';
import type { CloudWatchAlarm } from '../cloudwatch-alarm.ts';
import { alarmWidget, type MetricWidget } from './alarm-widget.ts';

/** The longest a message waits for its graph. */
export const GRAPH_TIMEOUT_MS = 4000;

/** Where graphs are drawn and kept: returns the image's URL. */
export interface GraphStore {
  /** PNG bytes of the widget, drawn in `region` (metrics are regional). */
  render(widget: MetricWidget, region: string | undefined, signal: AbortSignal): Promise<Uint8Array>;
  /** Keeps the PNG under `key` and returns a URL chat can fetch it at. */
  keep(key: string, png: Uint8Array, signal: AbortSignal): Promise<string>;
}

/** The message's graph: its URL, why there is none this time, or nothing for an alarm with no graph. */
export type AlarmGraph = { readonly url: string } | { readonly unavailable: string } | undefined;

export async function graphFor(
  alarm: CloudWatchAlarm,
  options: {
    readonly store: GraphStore;
    readonly clock: Clock;
    readonly logger: Logger;
    readonly alarmSinceMs?: number | undefined;
    readonly key: string;
    /** How long the graph may take (default GRAPH_TIMEOUT_MS). */
    readonly timeoutMs?: number;
  },
): Promise<AlarmGraph> {
  const timeoutMs = options.timeoutMs ?? GRAPH_TIMEOUT_MS;
  const widget = alarmWidget(alarm, { nowMs: options.clock.now(), alarmSinceMs: options.alarmSinceMs });
  if (!widget) return undefined;
  const { signal, cancel } = timeoutSignal(options.clock, timeoutMs);
  try {
    const timedOut = new Promise<never>((_, reject) =>
      signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true }),
    );
    const png = await Promise.race([options.store.render(widget, alarm.regionCode, signal), timedOut]);
    const url = await Promise.race([options.store.keep(options.key, png, signal), timedOut]);
    return { url };
  } catch (error) {
    options.logger.warn('alarm graph unavailable', { alarm: alarm.name, error });
    return { unavailable: signal.aborted ? `not drawn within ${timeoutMs / 1000} s` : (error as Error).name };
  } finally {
    cancel();
  }
}
