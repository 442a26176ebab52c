import type { Platform } from '../../src/domain/platform.ts';
import { createServiceSeeder } from '../../workbench/web-chat/volunteer-seeder.ts';
import { startWebChat, type WebChat, type WebChatOptions } from '../../workbench/web-chat/web-chat.ts';
import { type BotHarness, TEST_TOKENS } from './bot-harness.ts';

/**
 * The web chat over a harness's sandbox and app, as sandbox mode starts it: both bots, the harness's admin ids as
 * coordinators, and volunteers seeded through the app's own volunteer service (on the harness clock).
 */
export async function startWebChatOn(
  h: BotHarness,
  options: Partial<Omit<WebChatOptions, 'sandbox'>> = {},
): Promise<WebChat> {
  const platforms = h.config.platforms.map((p) => p.platform as Platform);
  return startWebChat({
    sandbox: h.sandbox,
    bots: platforms.map((platform) => ({ platform, token: TEST_TOKENS[platform] })),
    coordinators: h.config.adminIds,
    seed: createServiceSeeder(h.app.volunteers),
    ...options,
  });
}
