/**
 * The Timestream Query client's protocol with one change: a successful `Query` answer is read with a
 * plain JSON.parse instead of the SDK's schema-driven deserializer. Query's output is all strings,
 * numbers and nested objects — the wire JSON already is the SDK's output shape — but the generic
 * deserializer walks the schema for every Datum, which measured as the largest CPU cost of a load test
 * (≈40 % of the client's time on 10,000-row answers; see README benchmarks). Errors and every other
 * operation go through the SDK unchanged. `protocol` is a documented client setting.
 */
import { AwsJson1_0Protocol } from '@aws-sdk/core/protocols';

type DeserializeArgs = Parameters<AwsJson1_0Protocol['deserializeResponse']>;
type MetadataBearer = Awaited<ReturnType<AwsJson1_0Protocol['deserializeResponse']>>;

export class FastQueryProtocol extends AwsJson1_0Protocol {
  override async deserializeResponse<Output extends MetadataBearer>(
    operationSchema: DeserializeArgs[0],
    context: DeserializeArgs[1],
    response: DeserializeArgs[2],
  ): Promise<Output> {
    if (operationSchema.name !== 'Query' || response.statusCode >= 300)
      return super.deserializeResponse<Output>(operationSchema, context, response);
    const chunks: Uint8Array[] = [];
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) chunks.push(chunk);
    const output = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    output.$metadata = this.deserializeMetadata(response);
    return output as Output;
  }
}
