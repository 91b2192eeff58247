import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GRAMMAR } from '../../src/commands/grammar.ts';

interface SlashCommand {
  command: string;
  url: string;
  description: string;
  usage_hint?: string;
}
const manifest = JSON.parse(readFileSync('deploy/slack-app-manifest.json', 'utf8')) as {
  features: { slash_commands: SlashCommand[] };
  oauth_config: { scopes: { bot: string[] } };
  settings: { socket_mode_enabled: boolean };
};

describe('deploy/slack-app-manifest.json', () => {
  it('declares exactly the grammar’s commands, each to POST /slack/events', () => {
    const commands = manifest.features.slash_commands;
    expect(commands.map((command) => command.command).sort()).toEqual(
      [...new Set(GRAMMAR.map((spec) => spec.command))].sort(),
    );
    for (const command of commands) {
      expect(command.url).toMatch(/^https:\/\/[^/]+\/slack\/events$/);
      expect(command.description.length).toBeGreaterThan(0);
    }
  });

  it('names every sub-command of the grammar in the usage hints', () => {
    for (const spec of GRAMMAR.filter((entry) => entry.sub !== undefined)) {
      const hint =
        manifest.features.slash_commands.find((command) => command.command === spec.command)?.usage_hint ?? '';
      expect(hint, spec.command).toContain(spec.sub);
    }
  });

  it('asks only for the scopes the bot uses: slash commands and chat.postMessage', () => {
    expect(manifest.oauth_config.scopes.bot.sort()).toEqual(['chat:write', 'commands']);
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });
});
