import { describe, expect, it } from 'vitest';
import type { CallUp } from '../../../src/domain/callups/callup.ts';
import type { Invitation } from '../../../src/domain/callups/invitation.ts';
import type { Platform } from '../../../src/domain/platform.ts';
import { createChannelLines } from '../../../src/services/reach/channel-status.ts';

const t = (key: string, vars?: Record<string, unknown>) => (vars ? `${key}(${Object.values(vars).join(' ')})` : key);
const invitation = (platform: Platform, chatId: string, answer: Invitation['answer'] = 'none') =>
  ({ volunteerKey: `${platform}:${chatId}`, platform, cardId: `card-${chatId}`, answer }) as Invitation;
const callUp = (failedOverAt: Date | null) => ({ id: 'c1', failedOverAt }) as CallUp;

/** Channel lines over a fixed set of sent cards, counting the reads of who was reached. */
function lines(sent: { id: string; recipientKey: string }[]) {
  let clock = 0;
  const reads = { count: 0 };
  const render = createChannelLines({
    deliveries: {
      sentIn: async () => {
        reads.count += 1;
        return sent;
      },
    },
    smsMessages: { cardsOf: async () => [] },
    health: { report: async () => [] },
    clock: () => clock,
  });
  return { render, reads, advance: (ms: number) => (clock += ms) };
}

describe("the status lines about a call-up's channels", () => {
  it('when every card went to one messenger and none failed over, then nothing is read or shown', async () => {
    const c = lines([{ id: 'card-1', recipientKey: 'telegram:1' }]);
    const shown = await c.render(callUp(null), [invitation('telegram', '1')], 1, t);
    expect(shown).toEqual([]);
    expect(c.reads.count).toBe(0);
  });

  it('when a card failed over, then each channel shows whom it reached and who answered', async () => {
    const c = lines([
      { id: 'card-1', recipientKey: 'bale:1' },
      { id: 'card-2>telegram:20', recipientKey: 'telegram:20' },
    ]);
    const invited = [invitation('bale', '1', 'yes'), invitation('bale', '2')];
    const shown = await c.render(callUp(new Date()), invited, 2, t);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toContain('reach:status.channel(reach:channel.bale 1 1)');
    expect(shown[0]).toContain('reach:status.channel(reach:channel.telegram 1 0)');
  });

  it('when the board refreshes with no more cards sent, then who was reached is not read again for a while', async () => {
    const c = lines([
      { id: 'card-1', recipientKey: 'bale:1' },
      { id: 'card-2', recipientKey: 'telegram:2' },
    ]);
    const invited = [invitation('bale', '1'), invitation('telegram', '2')];
    await c.render(callUp(null), invited, 2, t);
    await c.render(callUp(null), invited, 2, t);
    expect(c.reads.count).toBe(1);
    await c.render(callUp(null), invited, 3, t);
    expect(c.reads.count).toBe(2);
    c.advance(15_000);
    await c.render(callUp(null), invited, 3, t);
    expect(c.reads.count).toBe(3);
  });
});
