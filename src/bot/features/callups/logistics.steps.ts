/** When, for how long, where to meet and whom to call; then the preview with matching counts, and sending. */

import { InlineKeyboard } from 'grammy';
import { sendData } from '../../../domain/callups/callback-data.ts';
import { isDrill } from '../../../domain/callups/callup.ts';
import { parseContact, parseDuration, parseMeetingPoint } from '../../../domain/callups/draft-answers.ts';
import type { Locale } from '../../../domain/locale.ts';
import { getCrisisType, getUrgencyLevel } from '../../../domain/reference/crisis-types.ts';
import { getProvince } from '../../../domain/reference/provinces.ts';
import { getSpecialty } from '../../../domain/reference/specialties.ts';
import { jalaliNumeric } from '../../../domain/text/jalali-format.ts';
import { parseJalaliDateTime } from '../../../domain/text/jalali-parse.ts';
import { toPersianDigits } from '../../../domain/text/persian-text.ts';
import { addDays, fromTehranWallTime, tehranParts } from '../../../domain/text/tehran-clock.ts';
import { durationText, withDrillBanner } from '../../../services/callups/callup-texts.ts';
import type { Creation } from '../../../services/callups/creation.service.ts';
import { invalid, next, type Step, toDraft } from './callup-form.ts';
import { showSentCallUp } from './send-callup.ts';
import { reachLines } from './target.steps.ts';

const QUICK_HOURS = [2, 4, 8, 12, 24, 72, 168];
/** A start typed further ahead than this is a typo. */
const MAX_AHEAD_MS = 365 * 86_400_000;

/** Tomorrow at 08:00 in Tehran, written the way the step reads dates: always a date that is still to come. */
function startExample(locale: Locale, now: Date): string {
  const tomorrow = tehranParts(addDays(now, 1));
  const example = jalaliNumeric(fromTehranWallTime(tomorrow.gy, tomorrow.gm, tomorrow.gd, 8, 0), true);
  return locale === 'fa' ? toPersianDigits(example) : example;
}

export function startStep(now: () => Date): Step {
  return {
    view: (ctx, _form, ui) => ({
      text: ctx.t('callup:create.start', { example: startExample(ctx.locale, now()) }),
      keyboard: new InlineKeyboard().text(ctx.t('callup:create.start_now'), ui.data('now')),
    }),
    handle(ctx, input, form) {
      if (input.kind === 'choice' && input.value === 'now') return next('duration', { ...form, startsAt: null });
      if (input.kind !== 'text') return invalid('callup:create.errors.use_buttons');
      const parsed = parseJalaliDateTime(input.text, now());
      if (!parsed.ok) {
        return invalid(`callup:create.errors.start_${parsed.reason}`, { example: startExample(ctx.locale, now()) });
      }
      const ahead = parsed.date.getTime() - now().getTime();
      if (ahead <= 0) return invalid('callup:create.errors.start_past');
      if (ahead > MAX_AHEAD_MS) return invalid('callup:create.errors.start_far');
      return next('duration', { ...form, startsAt: parsed.date.toISOString() });
    },
  };
}

export const durationStep: Step = {
  view(ctx, _form, ui) {
    const keyboard = new InlineKeyboard();
    QUICK_HOURS.forEach((hours, i) => {
      if (i > 0 && i % 4 === 0) keyboard.row();
      keyboard.text(durationText(ctx.t, hours), ui.data(`h:${hours}`));
    });
    return { text: ctx.t('callup:create.duration'), keyboard };
  },
  handle(_ctx, input, form) {
    if (input.kind === 'choice' && input.value.startsWith('h:')) {
      const hours = Number(input.value.slice(2));
      if (QUICK_HOURS.includes(hours)) return next('meeting', { ...form, durationHours: hours });
    }
    if (input.kind !== 'text') return invalid('callup:create.errors.use_buttons');
    const parsed = parseDuration(input.text);
    if (!parsed.ok) return invalid(`callup:create.errors.${parsed.reason}`, parsed.vars);
    return next('meeting', { ...form, durationHours: parsed.value });
  },
};

export const meetingStep: Step = {
  view: (ctx) => ({ text: ctx.t('callup:create.meeting') }),
  handle(_ctx, input, form) {
    if (input.kind !== 'text') return invalid('callup:create.errors.text_please');
    const parsed = parseMeetingPoint(input.raw);
    if (!parsed.ok) return invalid(`callup:create.errors.${parsed.reason}`, parsed.vars);
    return next('contact', { ...form, meetingPoint: parsed.value });
  },
};

/** The last question; every way to the preview passes here, so each preview gets its own draft id. */
export function contactStep(creation: Creation): Step {
  return {
    view: (ctx) => ({ text: ctx.t('callup:create.contact') }),
    handle(_ctx, input, form) {
      if (input.kind !== 'text') return invalid('callup:create.errors.text_please');
      const parsed = parseContact(input.raw);
      if (!parsed.ok) return invalid(`callup:create.errors.${parsed.reason}`, parsed.vars);
      return next('preview', { ...form, contact: parsed.value, draftId: creation.newDraftId() });
    },
  };
}

/** Everything at a glance, with how many volunteers each specialty would reach right now. */
export function previewStep(creation: Creation): Step {
  return {
    async view(ctx, form, ui) {
      const draft = toDraft(form);
      const counts = await creation.preview(draft);
      const needs = draft.needs.map((need) =>
        ctx.t('callup:create.preview_need', {
          specialty: getSpecialty(need.specialty)?.[ctx.locale] ?? need.specialty,
          count: need.count,
          matching: counts.bySpecialty.get(need.specialty) ?? 0,
        }),
      );
      const matching = [...counts.bySpecialty.values()].reduce((sum, n) => sum + n, 0);
      const smsLine =
        creation.smsCap === undefined
          ? ''
          : `\n${ctx.t('reach:status.sms_cap', { count: Math.min(creation.smsCap, matching) })}`;
      const text = ctx.t('callup:create.preview', {
        type: getCrisisType(draft.crisisType)?.[ctx.locale] ?? draft.crisisType,
        urgency: getUrgencyLevel(draft.urgency)?.[ctx.locale] ?? draft.urgency,
        title: draft.title,
        description: draft.description,
        city: draft.city,
        province: getProvince(draft.province)?.[ctx.locale] ?? draft.province,
        when: draft.startsAt ? ctx.t('callup:card.at', { at: draft.startsAt }) : ctx.t('callup:card.now'),
        duration: durationText(ctx.t, draft.durationHours),
        meeting: draft.meetingPoint,
        contact: draft.contact,
        needs: [...needs, ...reachLines(ctx, draft, counts.byRing)].join('\n'),
      });
      // A preview kept in a session from before draft ids gets one on its first press (see handle).
      const send = form.draftId ? sendData(form.draftId) : ui.data('send');
      return {
        text: withDrillBanner(ctx.t, { drill: isDrill(draft.crisisType) }, text + smsLine),
        keyboard: new InlineKeyboard().text(ctx.t('callup:create.send'), send),
      };
    },
    // «ارسال» itself is handled by send-callup.ts, outside the flow.
    handle(_ctx, input, form) {
      if (input.kind === 'choice' && input.value === 'send' && !form.draftId) {
        return { type: 'stay', data: { ...form, draftId: creation.newDraftId() } };
      }
      return invalid('callup:create.errors.use_buttons');
    },
    /** Sent already (the session was not saved before a crash): the call-up's status instead of the old preview. */
    async settled(ctx, form) {
      return form.draftId !== undefined && (await showSentCallUp(ctx, creation, form.draftId));
    },
  };
}
