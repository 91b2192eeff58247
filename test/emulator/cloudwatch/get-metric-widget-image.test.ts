/**
 * GetMetricWidgetImage on the emulator through the real CloudWatch client: a valid PNG of the asked
 * size, showing the QueryTCU series the capacity model recorded, the threshold drawn as a row of its
 * colour, and the ALARM span shaded.
 */
import { CloudWatchClient, GetMetricWidgetImageCommand } from '@aws-sdk/client-cloudwatch';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alarmWidget } from '../../../src/alarms/graph/alarm-widget.ts';
import { parseCloudWatchAlarm } from '../../../src/alarms/cloudwatch-alarm.ts';
import { EMULATOR_CREDENTIALS } from '../../../src/timestream/clients.ts';
import { leaveStoryHistory } from '../../../src/lab/story/usage-handoff.ts';
import { anAlarm } from '../../support/builders.ts';
import { useEmulator } from '../../support/emulator.ts';

const fixture = useEmulator();
let cloudwatch: CloudWatchClient;
beforeAll(async () => {
  cloudwatch = new CloudWatchClient({
    region: 'us-east-1',
    endpoint: fixture.emulator.endpoint,
    credentials: EMULATOR_CREDENTIALS,
  });
  // Three hours of QueryTCU, climbing from 0 to 8 TCU, as the capacity model's history.
  const toMs = Math.floor(Date.now() / 60_000) * 60_000 - 60_000;
  const fromMs = toMs - 3 * 3600_000;
  const minutes: [number, number, number][] = [];
  for (let at = fromMs; at < toMs; at += 60_000)
    minutes.push([at / 60_000, 0, Math.round(((at - fromMs) / (toMs - fromMs)) * 8)]);
  await leaveStoryHistory(fixture.emulator.endpoint, { fromMs, toMs, history: { minutes, billedSeconds: [] } });
});
afterAll(() => cloudwatch.destroy());

const RED = [0xd6, 0x27, 0x28];

function decode(bytes: Uint8Array): PNG {
  return PNG.sync.read(Buffer.from(bytes));
}

/** Rows of the image where most pixels across the plot are the given colour (a drawn horizontal line). */
function rowsOf(png: PNG, [r, g, b]: number[]): number[] {
  const rows: number[] = [];
  for (let y = 0; y < png.height; y += 1) {
    let hits = 0;
    for (let x = 0; x < png.width; x += 1) {
      const at = (y * png.width + x) * 4;
      if (
        Math.abs(png.data[at]! - r!) < 24 &&
        Math.abs(png.data[at + 1]! - g!) < 24 &&
        Math.abs(png.data[at + 2]! - b!) < 24
      )
        hits += 1;
    }
    if (hits > png.width * 0.3) rows.push(y);
  }
  return rows;
}

describe('GetMetricWidgetImage', () => {
  it('draws an alarm’s widget: a PNG of its size with the threshold row and the QueryTCU line', async () => {
    const now = Date.now();
    const alarm = parseCloudWatchAlarm(
      anAlarm()
        .at(new Date(now - 2 * 60_000).toISOString())
        .withThreshold(6)
        .json(),
    );
    if (!alarm.ok) throw new Error(alarm.problems.join('; '));
    const widget = alarmWidget(alarm.alarm, { nowMs: Date.now() })!;
    const answer = await cloudwatch.send(
      new GetMetricWidgetImageCommand({ MetricWidget: JSON.stringify(widget), OutputFormat: 'png' }),
    );
    const png = decode(answer.MetricWidgetImage!);
    expect([png.width, png.height]).toEqual([600, 300]);
    // The threshold (6) is a dashed red line across the plot: a row with many red pixels.
    expect(rowsOf(png, RED).length).toBeGreaterThan(0);
    // The QueryTCU series is drawn in the first series colour, inside the plot (below the legend row).
    const blue = [0x1f, 0x77, 0xb4];
    let bluePixels = 0;
    for (let at = png.width * 40 * 4; at < png.data.length; at += 4)
      if (
        Math.abs(png.data[at]! - blue[0]!) < 24 &&
        Math.abs(png.data[at + 1]! - blue[1]!) < 24 &&
        Math.abs(png.data[at + 2]! - blue[2]!) < 24
      )
        bluePixels += 1;
    // A line across 3 hours of minutes, not a legend square (100 pixels) or a dot.
    expect(bluePixels).toBeGreaterThan(400);
  });

  it('refuses a widget that is not JSON, and formats other than png, by name', async () => {
    await expect(cloudwatch.send(new GetMetricWidgetImageCommand({ MetricWidget: '{nope' }))).rejects.toThrow(
      /MetricWidget is not valid JSON/,
    );
    await expect(
      cloudwatch.send(
        new GetMetricWidgetImageCommand({ MetricWidget: '{"metrics":[["A","B"]]}', OutputFormat: 'jpeg' }),
      ),
    ).rejects.toThrow(/png only/);
  });
});
