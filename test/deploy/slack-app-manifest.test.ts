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
  settings: { socket_mode_enabled: boolean; interactivity: { is_enabled: boolean; request_url: string } };
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

  it("sends the alarm buttons' clicks to the same POST /slack/events", () => {
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.interactivity.request_url).toMatch(/^https:\/\/[^/]+\/slack\/events$/);
  });

  it('asks only for the scopes the bot uses: slash commands, chat.postMessage and chat.update', () => {
    expect(manifest.oauth_config.scopes.bot.sort()).toEqual(['chat:write', 'commands']);
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });
});
