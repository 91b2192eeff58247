/** API Gateway HTTP API → the Hono app. */
import { handle } from 'hono/aws-lambda';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { awsDeps } from '../src/deps.ts';

export const handler = handle(createApp(awsDeps(loadConfig())));
