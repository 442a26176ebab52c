import { Composer, InlineKeyboard } from 'grammy';
import type { ReachPointsService } from '../../../services/identity/reach-points.service.ts';
import type { CheckResult, IssueResult, OneTimeCodes } from '../../../services/reach/one-time-codes.ts';
import type { VolunteerService } from '../../../services/volunteers/volunteer.service.ts';
import type { BotContext } from '../../context.ts';
import { formatMobile } from '../../display.ts';
import type { FlowDefinition, StepOutcome } from '../../flows/flow-engine.ts';
import { currentVolunteer } from './profile-guards.ts';
import { REACH_POINTS, showReachPoints } from './reach-points.ts';

/** What adding the SMS reach point needs; present only when an SMS gateway is configured. */
export interface SmsReachDeps {
  codes: OneTimeCodes;
  reach: Pick<ReachPointsService, 'addProvedSms'>;
}

export const ADD_SMS_FLOW = 'reach_sms';
const RESEND = 'resend';
const KEYS = 'pledge:reach_points.sms_code';

/** The flow's data: the registered number the code was texted to (the only number that may become the SMS point). */
export interface SmsCodeForm {
  mobile: string;
}

/** Why a typed code was not taken, as the locale key that says what to do next. */
const REFUSED: Record<Exclude<CheckResult, 'verified'>, string> = {
  wrong: `${KEYS}.wrong`,
  expired: `${KEYS}.expired`,
  no_code: `${KEYS}.expired`,
  no_tries: `${KEYS}.no_tries`,
};

/** Why no code went out: the hourly cap (and when to try again), or the SMS provider refusing it. */
const notIssued = (result: Exclude<IssueResult, { kind: 'sent' }>): StepOutcome<SmsCodeForm> =>
  result.kind === 'too_many'
    ? { type: 'invalid', key: `${KEYS}.too_many`, vars: { time: result.retryAt } }
    : { type: 'invalid', key: `${KEYS}.not_sent` };

/** The one question: the code texted to the number, with a button for a fresh code (expired, or tries used up). */
function smsCodeFlow(deps: SmsReachDeps): FlowDefinition<SmsCodeForm> {
  return {
    name: ADD_SMS_FLOW,
    first: 'code',
    cancelledKey: `${KEYS}.cancelled`,
    steps: {
      code: {
        back: false,
        view: (ctx, data, ui) => ({
          text: ctx.t(`${KEYS}.ask`, { mobile: formatMobile(ctx, data.mobile) }),
          keyboard: new InlineKeyboard().text(ctx.t(`${KEYS}.resend`), ui.data(RESEND)),
        }),
        async handle(ctx, input, data) {
          if (input.kind === 'choice' && input.value === RESEND) {
            const issued = await deps.codes.issue(data.mobile);
            return issued.kind === 'sent'
              ? { type: 'stay', data, notice: { key: `${KEYS}.resent` } }
              : notIssued(issued);
          }
          if (input.kind !== 'text' || !/^\d{6}$/.test(input.text.replace(/\s/g, ''))) {
            return { type: 'invalid', key: `${KEYS}.format` };
          }
          const checked = await deps.codes.check(data.mobile, input.text);
          if (checked !== 'verified') return { type: 'invalid', key: REFUSED[checked] };
          const added = ctx.user && (await deps.reach.addProvedSms(ctx.user.personKey, data.mobile));
          if (!added) {
            await ctx.reply(ctx.t(`${KEYS}.mobile_changed`));
            return { type: 'finish' };
          }
          await ctx.reply(ctx.t(`${KEYS}.added`, { mobile: formatMobile(ctx, data.mobile) }));
          await showReachPoints(ctx, added, true, false);
          return { type: 'finish' };
        },
      },
    },
  };
}

/**
 * «➕ پیامک به …» on the reach points screen: a one-time code is texted to the registered number, and typing it back
 * makes the number verified and an SMS reach point. Over the hourly cap, the screen stays and says when to try again.
 */
export function smsReachPointFeature(deps: SmsReachDeps & { volunteers: VolunteerService }) {
  const composer = new Composer<BotContext>();
  composer.callbackQuery(REACH_POINTS.addSms, async (ctx) => {
    await ctx.answerCallbackQuery();
    const volunteer = await currentVolunteer(ctx, deps.volunteers);
    if (!volunteer) return;
    const issued = await deps.codes.issue(volunteer.mobile);
    if (issued.kind === 'too_many') await ctx.reply(ctx.t(`${KEYS}.too_many`, { time: issued.retryAt }));
    else if (issued.kind === 'not_sent') await ctx.reply(ctx.t(`${KEYS}.not_sent`));
    else await ctx.flow.start(ADD_SMS_FLOW, { mobile: volunteer.mobile } satisfies SmsCodeForm);
  });
  return { composer, flow: smsCodeFlow(deps) };
}
