/** API Gateway HTTP API → the Hono app, built on the first request (after the secrets are read from SSM). */
import { handle, type LambdaContext, type LambdaEvent } from 'hono/aws-lambda';
import { createApp } from '../src/app.ts';
import { awsDeps, loadAwsConfig } from '../src/deps.ts';
import { lazily } from '../src/shared/lazy.ts';

const app = lazily(async () => handle(createApp(awsDeps(await loadAwsConfig()))));

export async function handler(event: LambdaEvent, context: LambdaContext) {
  return (await app())(event, context);
}
