import { afterEach, describe, expect, it } from 'vitest';
import { type BotHarness, startTestBot, TEST_TOKENS } from '../../support/bot-harness.ts';

const BURST = 3;
const QUICK_COMMANDS = 6;

/**
 * The bot's own replies keep a chat's limit as the outbox does (bot ↔ sandbox, the sandbox enforcing Telegram's
 * 1 message a second per chat with a burst of three): someone typing faster than that is answered at the chat's pace,
 * never with a refused send.
 */
describe("the bot's replies at a chat's pace", () => {
  let h: BotHarness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('when someone sends commands faster than a message a second, then every reply arrives, spaced past a short burst, and none is refused', async () => {
    h = await startTestBot({
      platforms: ['telegram'],
      sandbox: { limits: { perChatPerSecond: 1, perChatBurst: BURST } },
      config: { perChatMessagesPerSecond: 1, perChatBurst: BURST },
    });
    const user = h.user({ firstName: 'Tond', userId: 901 });
    for (let i = 0; i < QUICK_COMMANDS; i += 1) user.sendCommand('/help');
    const replies = await user.waitForNew(QUICK_COMMANDS, 30_000);
    expect(replies.every((m) => m.text?.includes('/cancel'))).toBe(true);
    const stats = h.sandbox.stats(TEST_TOKENS.telegram);
    expect(stats.tooManyRequests).toBe(0);
    const sentAt = (stats.deliveries.get(901) ?? []).map((d) => d.at);
    expect(sentAt).toHaveLength(QUICK_COMMANDS);
    // Past the burst, the chat earns one message a second (the sandbox would have refused anything sooner).
    for (let i = BURST; i < QUICK_COMMANDS; i += 1) expect(sentAt[i]! - sentAt[i - BURST]!).toBeGreaterThanOrEqual(900);
  });
});
