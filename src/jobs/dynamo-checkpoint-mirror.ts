/**
 * The data generation checkpoint between Lambda invocations. The generator keeps it in a file, but
 * /tmp belongs to one container and the next invocation may run in another, so the worker copies it
 * from the state table before generating and back after (item `checkpoint#<database>`).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const KEEP_SECONDS = 14 * 86_400;

export class DynamoCheckpointMirror {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly database: string,
  ) {}

  /** Writes the kept checkpoint to `path`, or leaves `path` alone when none is kept. */
  async restore(path: string): Promise<void> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: this.key }, ConsistentRead: true }),
    );
    const body = (result.Item as { body?: string } | undefined)?.body;
    if (body === undefined) return;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, body);
  }

  async keep(path: string): Promise<void> {
    if (!existsSync(path)) return;
    const expiresAt = Math.floor(Date.now() / 1000) + KEEP_SECONDS;
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: this.key, body: readFileSync(path, 'utf8'), expiresAt },
      }),
    );
  }

  private get key(): string {
    return `checkpoint#${this.database}`;
  }
}
