import { describe, expect, it } from 'vitest';
import type { BotContext, SessionData } from '../../../src/bot/context.ts';
import { carryChatPace } from '../../../src/bot/middlewares/carry-chat-pace.ts';
import { ChatPace } from '../../../src/messaging/budget/chat-pace.ts';

const CHAT = 7;

/** One update of the chat, handled by the instance whose pace is `pace`, with the chat's session. */
async function handle(pace: ChatPace, session: SessionData, handler: () => void): Promise<void> {
  const ctx = { chat: { id: CHAT }, session } as unknown as BotContext;
  await carryChatPace(pace)(ctx, async () => handler());
}

describe("a chat's pace carried across instances in its session", () => {
  it('when a quick second update lands on another instance, then that one holds its reply back as the first would have', async () => {
    const [first, second, unaware] = [new ChatPace(1, 3), new ChatPace(1, 3), new ChatPace(1, 3)];
    const session: SessionData = {};
    // The first instance answered with a burst that spent the chat's allowance.
    await handle(first, session, () => {
      for (let i = 0; i < 3; i += 1) first.take(String(CHAT), performance.now());
    });
    expect(session.chatPace).toBeDefined();
    let waitMs = 0;
    await handle(second, session, () => {
      waitMs = second.directWaitMs(String(CHAT), performance.now());
    });
    expect(waitMs).toBeGreaterThan(0);
    // Without the session, the other instance would have sent at once and drawn a 429.
    expect(unaware.directWaitMs(String(CHAT), performance.now())).toBe(0);
  });

  it('when nothing was sent to the chat lately, then its session carries nothing', async () => {
    const session: SessionData = { chatPace: { tokens: 3, at: 0, lastAt: 0 } };
    await handle(new ChatPace(1, 3), session, () => undefined);
    expect(session.chatPace).toBeUndefined();
  });
});
