import { describe, expect, it } from 'vitest';
import type { BotContext } from '../../../src/bot/context.ts';
import { createFloodControl } from '../../../src/bot/middlewares/flood-control.ts';

/** Just enough of a context for the middleware: the attached sender, a reply. */
function fakeContext(key: string, replies: string[], blocked = false): BotContext {
  return {
    user: { key, blockedByAdmin: blocked },
    chat: { id: 1 },
    deps: { adminIds: ['bale:1'] },
    logger: { info() {} },
    t: (k: string) => k,
    reply: async (text: string) => {
      replies.push(text);
    },
  } as unknown as BotContext;
}

describe('flood control', () => {
  it('when a user exceeds the rate, then one notice, silence while muted, and normal service after', async () => {
    let now = 0;
    const flood = createFloodControl({ maxUpdates: 3, windowMs: 1000, muteMs: 5000, clock: () => now });
    const replies: string[] = [];
    let handled = 0;
    const run = () => flood(fakeContext('bale:2', replies), async () => void handled++);
    for (let i = 0; i < 6; i++) await run();
    expect(handled).toBe(3);
    expect(replies).toEqual(['admin:flood.notice']);
    now = 4999;
    await run();
    expect(handled).toBe(3);
    now = 5001;
    await run();
    expect(handled).toBe(4);
    expect(replies).toHaveLength(1);
  });

  it('when updates are spread over time, then they all pass', async () => {
    let now = 0;
    const flood = createFloodControl({ maxUpdates: 3, windowMs: 1000, muteMs: 5000, clock: () => now });
    let handled = 0;
    for (let i = 0; i < 10; i++) {
      now += 400;
      await flood(fakeContext('bale:3', []), async () => void handled++);
    }
    expect(handled).toBe(10);
  });

  it('when an admin floods, then nothing is limited; when a blocked user writes, then nothing at all happens', async () => {
    const flood = createFloodControl({ maxUpdates: 1, windowMs: 1000, muteMs: 5000, clock: () => 0 });
    let handled = 0;
    for (let i = 0; i < 5; i++) await flood(fakeContext('bale:1', []), async () => void handled++);
    expect(handled).toBe(5);
    const replies: string[] = [];
    await flood(fakeContext('bale:4', replies, true), async () => void handled++);
    expect(handled).toBe(5);
    expect(replies).toEqual([]);
  });
});
