/**
 * Graphs on AWS: CloudWatch's GetMetricWidgetImage in the alarm's region draws the PNG; it is kept in
 * the deployment's private graphs bucket (serverless.yml: no public access, objects expire after a
 * week) and linked by a presigned GET URL. The URL lasts GRAPH_URL_SECONDS, or less: a URL signed with
 * the function's role credentials stops working when those credentials expire (Lambda's last hours).
 */
import { CloudWatchClient, GetMetricWidgetImageCommand } from '@aws-sdk/client-cloudwatch';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { MetricWidget } from './alarm-widget.ts';
import type { GraphStore } from './alarm-graphs.ts';

/** How long a graph's link is meant to work: a night's on-call shift. */
export const GRAPH_URL_SECONDS = 12 * 3600;

export function s3GraphStore(options: {
  readonly bucket: string;
  /** The function's own region (the bucket's), and the fallback for an alarm without one. */
  readonly region: string;
  readonly cloudwatch?: (region: string) => CloudWatchClient;
  readonly s3?: S3Client;
}): GraphStore {
  const clients = new Map<string, CloudWatchClient>();
  const cloudwatch =
    options.cloudwatch ??
    ((region: string) => {
      let client = clients.get(region);
      if (!client) clients.set(region, (client = new CloudWatchClient({ region, maxAttempts: 2 })));
      return client;
    });
  const s3 = options.s3 ?? new S3Client({ region: options.region, maxAttempts: 2 });
  return {
    async render(widget: MetricWidget, region: string | undefined, signal: AbortSignal) {
      const answer = await cloudwatch(region ?? options.region).send(
        new GetMetricWidgetImageCommand({ MetricWidget: JSON.stringify(widget), OutputFormat: 'png' }),
        { abortSignal: signal },
      );
      if (!answer.MetricWidgetImage?.length) throw new Error('CloudWatch returned no image');
      return answer.MetricWidgetImage;
    },
    async keep(key: string, png: Uint8Array, signal: AbortSignal) {
      // Under graphs/ (the only prefix the functions may write), by day.
      const objectKey = `graphs/${new Date().toISOString().slice(0, 10)}/${key}.png`;
      await s3.send(
        new PutObjectCommand({ Bucket: options.bucket, Key: objectKey, Body: png, ContentType: 'image/png' }),
        { abortSignal: signal },
      );
      return getSignedUrl(s3, new GetObjectCommand({ Bucket: options.bucket, Key: objectKey }), {
        expiresIn: GRAPH_URL_SECONDS,
      });
    },
  };
}
