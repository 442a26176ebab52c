import type { VolunteerService } from '../../../services/volunteers/volunteer.service.ts';
import type { BotContext } from '../../context.ts';

export interface RegisteredCheck {
  /** Whether the sender is a registered volunteer; asked once per update however many menu buttons need it. */
  isRegistered(ctx: BotContext): Promise<boolean>;
  /** Drops the remembered answer after the update linked or erased the volunteer. */
  forget(ctx: BotContext): void;
  /** Notes that this update registered the sender as `personKey`, so the menu after it need not ask the database. */
  registered(ctx: BotContext, personKey: string): void;
}

export function createRegisteredCheck(volunteers: Pick<VolunteerService, 'isRegistered'>): RegisteredCheck {
  const answers = new WeakMap<BotContext, Promise<boolean>>();
  return {
    isRegistered(ctx) {
      if (!ctx.user) return Promise.resolve(false);
      let answer = answers.get(ctx);
      if (!answer) {
        answer = volunteers.isRegistered(ctx.user.personKey);
        answers.set(ctx, answer);
      }
      return answer;
    },
    forget(ctx) {
      answers.delete(ctx);
    },
    registered(ctx, personKey) {
      if (ctx.user?.personKey === personKey) answers.set(ctx, Promise.resolve(true));
      else answers.delete(ctx);
    },
  };
}
