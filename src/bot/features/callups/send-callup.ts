/**
 * «ارسال» under a call-up's preview. The button names the preview's draft, and the call-up is stored under the
 * draft's id, so a second press, a press the platform replays, or a press after a restart finds the call-up it made
 * and shows its status instead of sending it again.
 */
import { parseSendData } from '../../../domain/callups/callback-data.ts';
import { CallUpError } from '../../../domain/callups/callup-error.ts';
import { replyMarkupOf } from '../../../messaging/reply-markup.ts';
import { withDrillBanner } from '../../../services/callups/callup-texts.ts';
import type { Creation } from '../../../services/callups/creation.service.ts';
import type { BotContext } from '../../context.ts';
import { replyOrEdit } from '../../reply.ts';
import { type CallUpForm, coordinatorOf, toDraft } from './callup-form.ts';

/**
 * Shows the call-up a draft became, in place of the pressed preview when `inPlace`; false when the draft was never
 * sent. Someone who may no longer coordinate it is told so.
 */
export async function showSentCallUp(
  ctx: BotContext,
  creation: Creation,
  draftId: string,
  inPlace = false,
): Promise<boolean> {
  try {
    const sent = await creation.confirmed(ctx.user!.key, draftId);
    if (!sent) return false;
    const text = `${ctx.t('callup:create.already_sent')}\n\n${sent.status.text}`;
    await replyOrEdit(ctx, text, replyMarkupOf(sent.status), inPlace);
  } catch (error) {
    if (!(error instanceof CallUpError)) throw error;
    await ctx.reply(ctx.t(error.key));
  }
  return true;
}

/** The press (the caller has checked that the person coordinates): sends the draft once, then only shows it. */
export function sendCallUpHandler(creation: Creation) {
  return async (ctx: BotContext): Promise<void> => {
    const draftId = parseSendData(ctx.callbackQuery?.data ?? '');
    if (!draftId) return;
    const state = ctx.flow.active();
    // Draft ids are unguessable and only the creation flow's preview holds one.
    if (state?.step === 'preview' && state.data.draftId === draftId) {
      try {
        const { callUp, invited, created } = await creation.create(
          coordinatorOf(ctx),
          toDraft(state.data as CallUpForm),
          draftId,
        );
        ctx.flow.end();
        if (created) {
          await ctx.reply(withDrillBanner(ctx.t, callUp, ctx.t('callup:create.sent', { invited })), {
            reply_markup: await ctx.mainMenu(),
          });
          return;
        }
      } catch (error) {
        if (!(error instanceof CallUpError)) throw error;
        ctx.flow.end();
        await ctx.reply(ctx.t(error.key));
        return;
      }
    }
    if (!(await showSentCallUp(ctx, creation, draftId, true))) await ctx.reply(ctx.t('callup:errors.stale'));
  };
}
