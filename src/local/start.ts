/** `npm start`: the bot on 127.0.0.1 with the local wiring. Later issues add the emulator and console page here. */
import { serve } from '@hono/node-server';
import { createApp } from '../app.ts';
import { describeConfig, loadConfig } from '../config.ts';
import { localDeps } from '../deps.ts';

const config = loadConfig();
const deps = localDeps(config);
const app = createApp(deps);

const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: config.port }, (info) => {
  deps.logger.info('tcu-bot started', describeConfig(config));
  process.stdout.write(`tcu-bot listening on http://127.0.0.1:${info.port}\n`);
  process.stdout.write(`try: curl -X POST http://127.0.0.1:${info.port}/dev/alarm --data-binary @test/fixtures/alarms/metric-query-tcu.json\n`);
});

const stop = () => {
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
