import { Composer, InlineKeyboard } from 'grammy';
import { reachPointsOf } from '../../../domain/identity/reach-point.ts';
import { provinceName, specialtyName } from '../../../domain/volunteers/summary-card.ts';
import type { Volunteer } from '../../../domain/volunteers/volunteer.ts';
import type { DuplicateCase, DuplicatesService } from '../../../services/identity/duplicates.service.ts';
import type { Authorization } from '../../../services/roles/authorization.ts';
import type { BotContext } from '../../context.ts';
import { formatMobile } from '../../display.ts';
import type { Feature } from '../../feature.ts';
import { actorFor, staffOnly, withRoleErrors } from '../../filters/staff.filter.ts';

/** Buttons: `dup:m:<pair id>` merges, `dup:a:<pair id>` keeps apart. */
const DUPLICATE = /^dup:([ma]):(.+)$/;
const SHOWN = 5;

function personLine(ctx: BotContext, v: Volunteer | undefined): string {
  if (!v) return ctx.t('admin:duplicates.gone');
  return ctx.t('admin:duplicates.person', {
    name: v.name,
    specialty: specialtyName(v, ctx.locale),
    province: provinceName(v.province, ctx.locale),
    mobile: ctx.t(v.mobileVerified ? 'pledge:mobile.verified' : 'pledge:mobile.unverified', {
      mobile: formatMobile(ctx, v.mobile),
    }),
    messengers: reachPointsOf(v)
      .map((p) => ctx.t(`admin:platforms.${p.kind === 'messenger' ? p.platform : 'sms'}`))
      .join(ctx.t('common:list_separator')),
  });
}

export function duplicateText(ctx: BotContext, found: DuplicateCase): string {
  return ctx.t('admin:duplicates.pair', {
    reason: ctx.t(`admin:duplicates.reasons.${found.pair.reason}`),
    first: personLine(ctx, found.people[0]),
    second: personLine(ctx, found.people[1]),
  });
}

/**
 * `/duplicates`: the pairs of people who may be one (a number shared, or "this is not me" after a proved one), for
 * an admin to merge or keep apart. Both decisions are audited; a decided pair is never asked again.
 */
export function createDuplicatesFeature(duplicates: DuplicatesService, authorization: Authorization): Feature {
  const composer = new Composer<BotContext>();
  const admin = (name: string) => staffOnly(authorization, 'admin', name);

  composer.command('duplicates', admin('duplicates'), async (ctx) => {
    const open = await duplicates.open(await actorFor(ctx, authorization), SHOWN + 1);
    if (open.length === 0) {
      await ctx.reply(ctx.t('admin:duplicates.empty'));
      return;
    }
    await ctx.reply(ctx.t('admin:duplicates.title'));
    for (const found of open.slice(0, SHOWN)) {
      await ctx.reply(duplicateText(ctx, found), {
        reply_markup: new InlineKeyboard()
          .text(ctx.t('admin:duplicates.merge'), `dup:m:${found.pair.id}`)
          .text(ctx.t('admin:duplicates.apart'), `dup:a:${found.pair.id}`),
      });
    }
    if (open.length > SHOWN) await ctx.reply(ctx.t('admin:duplicates.more'));
  });

  composer.callbackQuery(DUPLICATE, admin('duplicates'), (ctx) =>
    withRoleErrors(ctx, async () => {
      const [, choice, id] = ctx.match as RegExpMatchArray;
      const actor = await actorFor(ctx, authorization);
      const found = await duplicates.get(actor, id!);
      const outcome = await duplicates.decide(actor, id!, choice === 'm');
      await ctx.answerCallbackQuery({ text: ctx.t(`admin:duplicates.outcome.${outcome}`) });
      const message = ctx.callbackQuery.message;
      if (!message || !found) return;
      const text = `${duplicateText(ctx, found)}\n\n${ctx.t(`admin:duplicates.outcome.${outcome}`)}`;
      await ctx.api.editMessageText(message.chat.id, message.message_id, text);
    }),
  );

  return { name: 'duplicates', composer };
}
