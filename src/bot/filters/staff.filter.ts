import type { Middleware } from 'grammy';
import type { Actor, StaffRole } from '../../domain/roles/actor.ts';
import { RoleError } from '../../domain/roles/role-error.ts';
import type { Authorization } from '../../services/roles/authorization.ts';
import type { BotContext } from '../context.ts';

const actors = new WeakMap<BotContext, Promise<Actor>>();

/** The actor behind this update, looked up once per update however many filters and menu entries ask. */
export function actorFor(ctx: BotContext, authorization: Authorization): Promise<Actor> {
  let actor = actors.get(ctx);
  if (!actor) {
    actor = ctx.user
      ? authorization.actorOf(ctx.user.key)
      : Promise.resolve({ key: 'unknown', role: 'volunteer', provinces: [] });
    actors.set(ctx, actor);
  }
  return actor;
}

/** What was attempted, for the audit log: the command or the button's callback data (without its arguments). */
export function attemptOf(ctx: BotContext, name: string): string {
  return ctx.callbackQuery ? `${name} [button]` : `${name} [command]`;
}

/** Tells the person, politely, that this is not for them: an alert for a button, a reply for a message. */
export async function refuse(ctx: BotContext, key = 'admin:refused.not_allowed'): Promise<void> {
  if (ctx.callbackQuery) {
    await ctx.answerCallbackQuery({ text: ctx.t(key), show_alert: true });
    return;
  }
  await ctx.reply(ctx.t(key));
}

/**
 * Lets the update through only for `role` (admins pass every coordinator check). Anyone else gets a polite
 * refusal, and the attempt goes to the audit log. Province checks happen where the province is known: in the
 * handler or the service, which throw `RoleError` (see `replyRoleError`).
 */
export function staffOnly(authorization: Authorization, role: StaffRole, name: string): Middleware<BotContext> {
  return async (ctx, next) => {
    const actor = await actorFor(ctx, authorization);
    const decision = authorization.decide(actor, { role });
    if (decision.ok) {
      await next();
      return;
    }
    await authorization.logRefusal(actor.key, attemptOf(ctx, name), decision.reason);
    // Say whose part it is: a coordinator told "for coordinators and admins" would not know why it was refused.
    await refuse(ctx, role === 'admin' ? 'admin:refused.admins_only' : 'admin:refused.not_allowed');
  };
}

/** Runs a staff action; a `RoleError` (out of scope, not found, a forged button) becomes a polite answer. */
export async function withRoleErrors(ctx: BotContext, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (!(error instanceof RoleError)) throw error;
    await refuse(ctx, error.key);
  }
}

/** True for admins and coordinators: for menu entries only staff should see. */
export async function isStaffCtx(ctx: BotContext, authorization: Authorization): Promise<boolean> {
  return (await actorFor(ctx, authorization)).role !== 'volunteer';
}

export async function isAdminCtx(ctx: BotContext, authorization: Authorization): Promise<boolean> {
  return (await actorFor(ctx, authorization)).role === 'admin';
}
