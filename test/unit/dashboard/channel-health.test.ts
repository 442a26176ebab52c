import { describe, expect, it } from 'vitest';
import { channelHealth } from '../../../src/dashboard/channel-health.ts';

const invited = (key: string, withdrawn = false) => ({
  volunteerKey: key,
  platform: key.startsWith('bale:') ? ('bale' as const) : ('telegram' as const),
  withdrawnAt: withdrawn ? new Date('2026-01-01T00:00:00Z') : null,
});

describe('channel health of a call-up’s cards', () => {
  it('when cards are sent, failed, blocked or still queued, then each messenger counts its own', () => {
    const invitations = [
      invited('telegram:1'),
      invited('telegram:2'),
      invited('telegram:3'),
      invited('bale:4'),
      invited('bale:5'),
    ];
    const results = [
      { recipientKey: 'telegram:1', state: 'sent' as const },
      { recipientKey: 'telegram:2', state: 'blocked' as const },
      { recipientKey: 'bale:4', state: 'failed' as const },
    ];
    expect(channelHealth(invitations, results)).toEqual([
      { platform: 'telegram', invited: 3, delivered: 1, pending: 1, failed: 1 },
      { platform: 'bale', invited: 2, delivered: 0, pending: 1, failed: 1 },
    ]);
  });

  it('when a card was withdrawn before it went out, then it is neither on the way nor a failure', () => {
    const results = [
      { recipientKey: 'telegram:2', state: 'cancelled' as const },
      { recipientKey: 'someone:else', state: 'sent' as const },
    ];
    expect(channelHealth([invited('telegram:1'), invited('telegram:2', true)], results)).toEqual([
      { platform: 'telegram', invited: 1, delivered: 0, pending: 1, failed: 0 },
    ]);
  });
});
