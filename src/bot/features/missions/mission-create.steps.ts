/** Where and when a mission goes: abroad (a country) or at home (a province), the city, title, dates, and contact. */
import { parseCity, parseContact, parseMeetingPoint, parseTitle } from '../../../domain/callups/draft-answers.ts';
import { COUNTRIES } from '../../../domain/reference/mission-lists.ts';
import { getProvince, PROVINCES } from '../../../domain/reference/provinces.ts';
import { parseJalaliDate } from '../../../domain/text/jalali-parse.ts';
import { parseInteger } from '../../../domain/text/persian-text.ts';
import { startOfTehranDay } from '../../../domain/text/tehran-clock.ts';
import type { MissionCallUps } from '../../../services/missions/mission-callups.service.ts';
import type { StepInput } from '../../flows/flow-engine.ts';
import { grid, pagedGrid, pageOf } from '../registration/keyboards.ts';
import {
  invalidAnswer as invalid,
  type MissionCreateForm,
  type MissionCreateOutcome,
  type MissionCreateStep,
  nextStep as next,
} from './mission-create-form.ts';

const QUICK_DAYS = [7, 14, 21, 28] as const;
const MISSION_DAYS = { min: 1, max: 120 } as const;

/** Abroad (admins and national coordinators) or at home. */
export function missionWhereStep(missions: MissionCallUps): MissionCreateStep {
  return {
    back: false,
    view: (ctx, _form, ui) => ({
      text: ctx.t('missions:create.where'),
      keyboard: grid(
        ui,
        [
          { label: ctx.t('missions:create.abroad'), value: 'abroad' },
          { label: ctx.t('missions:create.home'), value: 'home' },
        ],
        2,
      ),
    }),
    async handle(ctx, input, form) {
      if (input.kind !== 'choice' || (input.value !== 'abroad' && input.value !== 'home'))
        return invalid('missions:errors.use_buttons');
      if (input.value === 'abroad') {
        if (!(await missions.mayCreate(ctx.user?.key ?? '', { kind: 'abroad' })))
          return invalid('missions:create.errors.abroad_not_allowed');
        return next('mission_country', { ...form, where: 'abroad' });
      }
      return next('mission_province', { ...form, where: 'home', passportMonths: null });
    },
  };
}

export const missionCountryStep: MissionCreateStep = {
  view: (ctx, _form, ui) => ({
    text: ctx.t('missions:create.country'),
    keyboard: grid(
      ui,
      COUNTRIES.map((c) => ({ label: c[ctx.locale], value: `c:${c.code}` })),
      3,
    ),
  }),
  handle(_ctx, input, form) {
    const country = input.kind === 'choice' ? COUNTRIES.find((c) => `c:${c.code}` === input.value) : undefined;
    if (!country) return invalid('missions:errors.use_buttons');
    return next('mission_city', { ...form, country: country.code });
  },
};

/** Only the provinces the coordinator covers (admins: all). */
export function missionProvinceStep(missions: MissionCallUps): MissionCreateStep {
  const allowed = async (key: string) => {
    const provinces = await missions.provincesFor(key);
    return PROVINCES.filter((p) => provinces === null || provinces.includes(p.code));
  };
  return {
    async view(ctx, form, ui) {
      const provinces = await allowed(ctx.user?.key ?? '');
      const choices = provinces.map((p) => ({ label: p[ctx.locale], value: `v:${p.code}` }));
      return {
        text: ctx.t('missions:create.province'),
        keyboard: pagedGrid(ui, choices, { page: form.page, perPage: 18, columns: 3 }),
      };
    },
    async handle(ctx, input, form) {
      if (input.kind !== 'choice') return invalid('missions:errors.use_buttons');
      const page = pageOf(input.value);
      if (page !== undefined) return { type: 'stay', data: { ...form, page } };
      const province = getProvince(input.value.slice(2));
      if (!province || !(await allowed(ctx.user?.key ?? '')).includes(province))
        return invalid('callup:create.errors.province_not_yours');
      return next('mission_city', { ...form, province: province.code });
    },
  };
}

/** A question answered with one text, read by a call-up parser. */
function textStep(
  key: string,
  parse: (input: string) => { ok: true; value: string } | { ok: false; reason: string; vars?: object },
  apply: (form: MissionCreateForm, value: string) => MissionCreateForm,
  following: string,
): MissionCreateStep {
  return {
    view: (ctx) => ({ text: ctx.t(key) }),
    handle(_ctx, input: StepInput, form): MissionCreateOutcome {
      if (input.kind !== 'text') return invalid('callup:create.errors.text_please');
      const parsed = parse(input.raw);
      if (!parsed.ok) return invalid(`callup:create.errors.${parsed.reason}`, parsed.vars as Record<string, unknown>);
      return next(following, apply(form, parsed.value));
    },
  };
}

export const missionCityStep = textStep(
  'missions:create.city',
  parseCity,
  (f, city) => ({ ...f, city }),
  'mission_title',
);
export const missionTitleStep = textStep(
  'missions:create.title',
  parseTitle,
  (f, title) => ({ ...f, title }),
  'mission_start',
);
/** Reached from the call-up's count question, which goes on to `start`: for a mission that is the meeting point. */
export const missionMeetingStep = textStep(
  'missions:create.meeting',
  parseMeetingPoint,
  (f, meetingPoint) => ({ ...f, meetingPoint }),
  'mission_contact',
);

export function missionContactStep(missions: MissionCallUps): MissionCreateStep {
  return textStep(
    'missions:create.contact',
    parseContact,
    (f, contact) => ({ ...f, contact, draftId: missions.newDraftId() }),
    'mission_preview',
  );
}

/** The first day, as a Jalali date from today on. */
export function missionStartStep(now: () => Date): MissionCreateStep {
  return {
    view: (ctx) => ({ text: ctx.t('missions:create.start') }),
    handle(_ctx, input, form) {
      if (input.kind !== 'text') return invalid('missions:create.errors.date_format');
      const parsed = parseJalaliDate(input.text, now());
      if (!parsed.ok) return invalid('missions:create.errors.date_format');
      if (parsed.date.getTime() < startOfTehranDay(now()).getTime()) return invalid('missions:create.errors.date_past');
      return next('mission_days', { ...form, startsOn: startOfTehranDay(parsed.date).toISOString() });
    },
  };
}

/** How many days: one, two, three or four weeks, or typed. */
export const missionDaysStep: MissionCreateStep = {
  view: (ctx, _form, ui) => ({
    text: ctx.t('missions:create.days'),
    keyboard: grid(
      ui,
      QUICK_DAYS.map((d) => ({ label: ctx.t('missions:create.days_button', { days: d }), value: `d:${d}` })),
      4,
    ),
  }),
  handle(_ctx, input, form) {
    const days =
      input.kind === 'choice' ? Number(input.value.slice(2)) : input.kind === 'text' ? parseInteger(input.text) : null;
    if (days === null || !Number.isInteger(days) || days < MISSION_DAYS.min || days > MISSION_DAYS.max)
      return invalid('missions:create.errors.days', MISSION_DAYS);
    return next('mission_languages', { ...form, days });
  },
};
