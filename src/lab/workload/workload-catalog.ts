/**
 * The workloads chat may name (`/loadtest start workload=<name>`): the bundled ones, then — on a
 * deployment that sets WORKLOADS_S3_PREFIX — `<prefix><name>.yaml` in S3, so a team adds its own
 * without a redeploy. A file is read and checked where the command arrives (every problem answered at
 * once) and read again by the worker, which runs what the file says then.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { bundledWorkload, bundledWorkloadNames, BUNDLED_WORKLOADS, WORKLOAD_NAME } from './bundled.ts';
import { readWorkload, WorkloadError } from './read-workload.ts';
import type { Workload } from './workload-schema.ts';

export interface WorkloadCatalog {
  /** The workload of that name; WorkloadError (with the file's line and field) when it cannot be used. */
  find(name: string): Promise<Workload>;
}

/** Reads one object's text; undefined when there is no such key. */
export type ObjectReader = (bucket: string, key: string) => Promise<string | undefined>;

export function workloadCatalog(options: {
  bundledDir?: string | undefined;
  s3?: { bucket: string; prefix: string } | undefined;
  readObject?: ObjectReader | undefined;
}): WorkloadCatalog {
  const folder = options.bundledDir ?? BUNDLED_WORKLOADS;
  return {
    async find(name) {
      if (!WORKLOAD_NAME.test(name))
        throw new WorkloadError([`a workload name is letters, digits, _ and -, not ${name}`]);
      if (bundledWorkloadNames(folder).includes(name)) return bundledWorkload(name, folder);
      const { s3, readObject } = options;
      if (s3 && readObject) {
        const key = `${s3.prefix}${name}.yaml`;
        const text = await readObject(s3.bucket, key);
        if (text !== undefined) return readWorkload(text, `s3://${s3.bucket}/${key}`);
      }
      const elsewhere = s3 ? `; none at s3://${s3.bucket}/${s3.prefix}${name}.yaml` : '';
      throw new WorkloadError([
        `no workload ${name}: the bundled ones are ${bundledWorkloadNames(folder).join(', ')}${elsewhere}`,
      ]);
    },
  };
}

/** S3 GetObject as an ObjectReader (the client is loaded only when a workload is looked up there). */
export function s3ObjectReader(region: string): ObjectReader {
  let client: S3Client | undefined;
  return async (bucket, key) => {
    const { S3Client: Client, GetObjectCommand } = await import('@aws-sdk/client-s3');
    client ??= new Client({ region });
    try {
      const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return await answer.Body?.transformToString();
    } catch (error) {
      if ((error as Error).name === 'NoSuchKey') return undefined;
      throw error;
    }
  };
}
