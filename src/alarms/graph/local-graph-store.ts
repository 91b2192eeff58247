/**
 * Graphs locally: the emulator's CloudWatch draws the PNG (GetMetricWidgetImage), the local bot keeps
 * the latest ones in memory and serves them at `GET /graphs/<key>.png` — reachable from this machine,
 * which is where the console and a local test robot look.
 */
import { CloudWatchClient, GetMetricWidgetImageCommand } from '@aws-sdk/client-cloudwatch';
import { EMULATOR_CREDENTIALS } from '../../timestream/clients.ts';
import type { MetricWidget } from './alarm-widget.ts';
import type { GraphStore } from './alarm-graphs.ts';

/** Graphs kept for the local bot: the oldest go first. */
const KEPT = 200;

export class LocalGraphStore implements GraphStore {
  private readonly images = new Map<string, Uint8Array>();
  private readonly cloudwatch: CloudWatchClient;

  constructor(
    emulatorEndpoint: string,
    /** The local bot's own address (`http://127.0.0.1:3000`), known once it listens. */
    private readonly baseUrl: () => string,
  ) {
    this.cloudwatch = new CloudWatchClient({
      region: 'us-east-1',
      endpoint: emulatorEndpoint,
      credentials: EMULATOR_CREDENTIALS,
      maxAttempts: 1,
    });
  }

  async render(widget: MetricWidget, _region: string | undefined, signal: AbortSignal): Promise<Uint8Array> {
    const answer = await this.cloudwatch.send(
      new GetMetricWidgetImageCommand({ MetricWidget: JSON.stringify(widget), OutputFormat: 'png' }),
      { abortSignal: signal },
    );
    if (!answer.MetricWidgetImage?.length) throw new Error('the emulator returned no image');
    return answer.MetricWidgetImage;
  }

  keep(key: string, png: Uint8Array): Promise<string> {
    this.images.delete(key);
    this.images.set(key, png);
    for (const oldest of this.images.keys()) {
      if (this.images.size <= KEPT) break;
      this.images.delete(oldest);
    }
    return Promise.resolve(`${this.baseUrl()}/graphs/${encodeURIComponent(key)}.png`);
  }

  /** The PNG kept under `key`, if it still is. */
  image(key: string): Uint8Array | undefined {
    return this.images.get(key);
  }

  close(): void {
    this.cloudwatch.destroy();
  }
}
