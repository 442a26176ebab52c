import { PROVINCES } from '../../../domain/reference/provinces.ts';
import type { Actor } from '../../../domain/roles/actor.ts';
import type { Authorization } from '../../../services/roles/authorization.ts';
import type { BotContext } from '../../context.ts';
import { actorFor } from '../../filters/staff.filter.ts';
import { ALL, scopeKeyboard } from '../coordinator/province-keyboards.ts';

/** `all` or a province code, as carried in callback data. */
export const SCOPE_PATTERN = '(all|[a-z_]{2,30})';

/** The provinces an actor may narrow a report to: every province for admins, their own for coordinators. */
export function choosableProvinces(actor: Actor): string[] {
  return actor.role === 'admin' ? PROVINCES.map((p) => p.code) : [...actor.provinces];
}

/** A province from callback data, or undefined for the whole scope. */
export const provinceOfScope = (scope: string): string | undefined => (scope === ALL ? undefined : scope);

/**
 * Asks which part of their scope the actor means, or answers at once (`run(ALL)`) when there is nothing to choose
 * (a coordinator of one province).
 */
export async function pickScope(
  ctx: BotContext,
  actor: Actor,
  promptKey: string,
  data: (scope: string) => string,
  run: (scope: string) => Promise<void>,
): Promise<void> {
  const provinces = choosableProvinces(actor);
  if (actor.role !== 'admin' && provinces.length <= 1) {
    await run(ALL);
    return;
  }
  const allKey = actor.role === 'admin' ? 'coordinator:scope.country' : 'coordinator:scope.all_mine';
  await ctx.reply(ctx.t(promptKey), { reply_markup: scopeKeyboard(ctx, provinces, data, allKey) });
}

/** Refuses (and logs) a scope outside the actor's, before the button is answered, so it can show as an alert. */
export async function ensureScope(
  ctx: BotContext,
  authorization: Authorization,
  scope: string,
  attempt: string,
): Promise<void> {
  const province = provinceOfScope(scope);
  const actor = await actorFor(ctx, authorization);
  await authorization.ensure(actor, { role: 'coordinator', ...(province ? { province } : {}) }, attempt);
}
