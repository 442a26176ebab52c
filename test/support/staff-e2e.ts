import type { SandboxMessage } from 'bot-api-sandbox';
import type { Volunteer } from '../../src/domain/volunteers/volunteer.ts';
import { createI18n, type Tr } from '../../src/i18n/index.ts';
import { createCoordinatorRepository } from '../../src/persistence/repositories/coordinator.repository.ts';
import { createVolunteerRepository } from '../../src/persistence/repositories/volunteer.repository.ts';
import type { BotHarness } from './bot-harness.ts';
import { aVolunteer } from './volunteer-fixtures.ts';

/** The Persian texts the bot sends, to compare with. */
export async function persian(): Promise<Tr> {
  return (await createI18n({ defaultLocale: 'fa' })).fixedT('fa');
}

/** Helpers over a running test bot: seeding through the repositories, reading the audit log. */
export function staffTools(h: Pick<BotHarness, 'database' | 'clock'>) {
  const volunteers = createVolunteerRepository(h.database.models);
  const coordinators = createCoordinatorRepository(h.database.models);
  return {
    /** A registered Telegram volunteer (chat id = user id), stored through the volunteer repository. */
    async volunteer(id: number, overrides: Partial<Volunteer> = {}): Promise<Volunteer> {
      const v = aVolunteer({ key: `telegram:${id}`, chatId: String(id), platform: 'telegram', ...overrides });
      if (!(await volunteers.create(v))) throw new Error(`could not seed ${v.key}`);
      return v;
    },
    /** An active coordinator, as an approved request leaves one. */
    async coordinator(id: number, provinces: string[]): Promise<string> {
      const key = `telegram:${id}`;
      const at = h.clock.now();
      await coordinators.saveActive({
        key,
        platform: 'telegram',
        chatId: String(id),
        name: `هماهنگ‌کننده ${id}`,
        status: 'active',
        provinces,
        note: null,
        via: 'request',
        requestedAt: at,
        appointedAt: at,
        appointedBy: 'telegram:900',
        updatedAt: at,
      });
      return key;
    },
    volunteers,
    /** Audit entries, newest first. */
    audit: (filter: Record<string, unknown> = {}) =>
      h.database.models.auditEntries.find(filter).sort({ at: -1, _id: -1 }).lean(),
  };
}

export function buttons(message: SandboxMessage): string[] {
  const markup = message.reply_markup as { inline_keyboard?: { text: string; callback_data?: string }[][] } | undefined;
  return markup?.inline_keyboard?.flat().map((b) => b.callback_data ?? b.text) ?? [];
}
