import type { CallUp } from '../../src/domain/callups/callup.ts';
import type { Invitation } from '../../src/domain/callups/invitation.ts';
import type { Platform } from '../../src/domain/platform.ts';
import { UNANSWERED } from '../../src/services/callups/wave-cards.ts';

/** An open immediate call-up in Tehran for one GP, its first wave sent; override what a test is about. */
export function aCallUp(overrides: Partial<CallUp> = {}): CallUp {
  const now = new Date();
  return {
    id: 'callup01',
    status: 'open',
    crisisType: 'earthquake',
    urgency: 'immediate',
    drill: false,
    title: 'آزمون',
    description: 'برای آزمون',
    province: 'tehran',
    city: 'تهران',
    location: null,
    needs: [{ specialty: 'gp', count: 1 }],
    startsAt: now,
    startsNow: true,
    durationHours: 4,
    meetingPoint: 'اینجا',
    contact: 'آن‌جا',
    coordinator: { key: 'telegram:1', platform: 'telegram', chatId: '1', locale: 'fa' },
    statusMessageId: 1,
    reachProvinces: ['tehran'],
    extendedAt: null,
    escalatedAt: null,
    lastWaveAt: now,
    waves: 1,
    firstWave: 'queued',
    queuingUntil: null,
    queuingBy: null,
    specialtyFilledAt: [],
    filledAt: null,
    closedAt: null,
    cancelledAt: null,
    reconfirmAskedAt: null,
    wrapUpSentAt: null,
    attendanceSavedAt: null,
    notices: 0,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}

/** A GP's unanswered first-wave invitation to a call-up; the card id follows the call-up and the volunteer. */
export function anInvitation(callUpId: string, volunteerKey: string, overrides: Partial<Invitation> = {}): Invitation {
  const [platform, chatId] = volunteerKey.split(':') as [Platform, string];
  return {
    callUpId,
    volunteerKey,
    platform,
    chatId,
    locale: 'fa',
    specialty: 'gp',
    province: 'tehran',
    verified: false,
    wave: 1,
    invitedAt: new Date(),
    cardId: `callup:${callUpId}:${volunteerKey}`,
    card: 0,
    ...UNANSWERED,
    ...overrides,
  };
}
