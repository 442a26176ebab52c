import { parsePassportMonth } from '../../../domain/missions/mission-answers.ts';
import { HOME_WEEKS } from '../../../domain/missions/mission-pledge.ts';
import { parseNote } from '../../../domain/volunteers/answers.ts';
import { NOTE_MAX_LENGTH } from '../../../domain/volunteers/pledge.ts';
import type { StepOutcome } from '../../flows/flow-engine.ts';
import { grid } from '../registration/keyboards.ts';
import {
  EMPTY_MISSION_FORM,
  type LeaveMissions,
  type MissionHolder,
  type MissionStep,
  missionsOf,
  withMissions,
} from './mission-form.ts';

const YES = 'yes';
const NO = 'no';
const SKIP = 'skip';
const NOT_AT_HOME = 'w:0';

const invalid = <F>(key: string, vars?: Record<string, unknown>): StepOutcome<F> => ({ type: 'invalid', key, vars });
const next = <F>(step: string, data: F): StepOutcome<F> => ({ type: 'next', step, data });

/** "Can you go on long missions?": one tap skips the whole part (or, when filled in, removes it). */
export function missionsIntroStep<F extends MissionHolder>(leave: LeaveMissions<F>): MissionStep<F> {
  return {
    view: (ctx, form, ui) => ({
      text: ctx.t('missions:intro.ask'),
      keyboard: grid(
        ui,
        [
          { label: ctx.t(form.missions ? 'missions:intro.change' : 'missions:intro.yes'), value: YES },
          { label: ctx.t(form.missions ? 'missions:intro.remove' : 'missions:intro.skip'), value: SKIP },
        ],
        1,
      ),
    }),
    async handle(ctx, input, form) {
      if (input.kind !== 'choice') return invalid('missions:errors.use_buttons');
      if (input.value === SKIP) return leave(ctx, { ...form, missions: null });
      if (input.value !== YES) return invalid('missions:errors.use_buttons');
      return next('mission_home', { ...form, missions: form.missions ?? EMPTY_MISSION_FORM });
    },
  };
}

/** Weeks away at home: 1, 2, 3 or 4+, or not at home (abroad only). */
export function missionHomeStep<F extends MissionHolder>(): MissionStep<F> {
  return {
    view: (ctx, _form, ui) => {
      const weeks = HOME_WEEKS.map((w) => ({ label: ctx.t(`missions:home.weeks.${w}`), value: `w:${w}` }));
      const keyboard = grid(ui, weeks, 4);
      return {
        text: ctx.t('missions:home.ask'),
        keyboard: grid(ui, [{ label: ctx.t('missions:home.none'), value: NOT_AT_HOME }], 1, keyboard),
      };
    },
    async handle(_ctx, input, form) {
      if (input.kind !== 'choice') return invalid('missions:errors.use_buttons');
      if (input.value === NOT_AT_HOME) return next('mission_abroad', withMissions(form, { homeWeeks: null }));
      const weeks = HOME_WEEKS.find((w) => `w:${w}` === input.value);
      if (weeks === undefined) return invalid('missions:errors.use_buttons');
      return next('mission_abroad', withMissions(form, { homeWeeks: weeks }));
    },
  };
}

/** Abroad or not; someone who goes neither at home nor abroad has nothing to pledge here. */
export function missionAbroadStep<F extends MissionHolder>(leave: LeaveMissions<F>): MissionStep<F> {
  return {
    view: (ctx, _form, ui) => ({
      text: ctx.t('missions:abroad.ask'),
      keyboard: grid(
        ui,
        [
          { label: ctx.t('missions:abroad.yes'), value: YES },
          { label: ctx.t('missions:abroad.no'), value: NO },
        ],
        2,
      ),
    }),
    async handle(ctx, input, form) {
      if (input.kind !== 'choice' || (input.value !== YES && input.value !== NO))
        return invalid('missions:errors.use_buttons');
      const abroad = input.value === YES;
      if (!abroad && missionsOf(form).homeWeeks === null) {
        await ctx.reply(ctx.t('missions:abroad.nothing_left'));
        return leave(ctx, { ...form, missions: null });
      }
      if (!abroad) return next('mission_languages', withMissions(form, { abroad, passportExpiry: null }));
      return next('mission_passport', withMissions(form, { abroad }));
    },
  };
}

/** The passport's expiry month in Jalali (never its number), or "no passport". */
export function missionPassportStep<F extends MissionHolder>(now: () => Date): MissionStep<F> {
  return {
    view: (ctx, _form, ui) => ({
      text: ctx.t('missions:passport.ask'),
      keyboard: grid(ui, [{ label: ctx.t('missions:passport.none'), value: NO }], 1),
    }),
    async handle(_ctx, input, form) {
      if (input.kind === 'choice' && input.value === NO)
        return next('mission_languages', withMissions(form, { passportExpiry: null }));
      if (input.kind !== 'text') return invalid('missions:errors.passport.format');
      const parsed = parsePassportMonth(input.raw, now());
      if (!parsed.ok) return invalid(`missions:errors.passport.${parsed.reason}`);
      return next('mission_languages', withMissions(form, { passportExpiry: parsed.month }));
    },
  };
}

/** Family or work constraints in the volunteer's words, or none; the part's last question. */
export function missionNoteStep<F extends MissionHolder>(leave: LeaveMissions<F>): MissionStep<F> {
  return {
    view: (ctx, form, ui) => ({
      text: ctx.t('missions:note.ask', { max: NOTE_MAX_LENGTH }),
      keyboard: grid(
        ui,
        [{ label: ctx.t(missionsOf(form).note ? 'missions:note.remove' : 'missions:note.skip'), value: SKIP }],
        1,
      ),
    }),
    async handle(ctx, input, form) {
      if (input.kind === 'choice' && input.value === SKIP) return leave(ctx, withMissions(form, { note: null }));
      if (input.kind !== 'text') return invalid('missions:errors.note.text_expected');
      const note = parseNote(input.raw);
      if (!note.ok) return invalid(`missions:errors.note.${note.reason}`, { max: NOTE_MAX_LENGTH });
      return leave(ctx, withMissions(form, { note: note.value }));
    },
  };
}
