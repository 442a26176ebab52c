import { InlineKeyboard } from 'grammy';
import type { ExclusionReason } from '../../../domain/missions/readiness.ts';
import type { MissionCallUps } from '../../../services/missions/mission-callups.service.ts';
import type { MissionShortlist } from '../../../services/missions/mission-shortlist.service.ts';
import { exclusionsText, missionCardText, reasonText } from '../../../services/missions/mission-texts.ts';
import { coordinatorOf } from '../callups/callup-form.ts';
import { showMissionBoard, translateIn } from './mission-board.view.ts';
import {
  invalidAnswer as invalid,
  type MissionCreateForm,
  type MissionCreateStep,
  missionDraftOf,
} from './mission-create-form.ts';

const SEND = 'send';
const RELAX = 'r:';

/** Requirements as relax buttons' values: `passport`, `l:arabic`, `t:atls`, `v:cholera`. */
function relaxable(form: MissionCreateForm): string[] {
  return [
    ...(form.where === 'abroad' && form.passportMonths ? ['passport'] : []),
    ...(form.languages ?? []).map((l) => `l:${l.code}`),
    ...(form.trainings ?? []).map((c) => `t:${c}`),
    ...(form.vaccinations ?? []).map((c) => `v:${c}`),
  ];
}

function relax(form: MissionCreateForm, requirement: string): MissionCreateForm {
  const [kind, code] = requirement.split(':');
  if (kind === 'passport') return { ...form, passportMonths: null };
  if (kind === 'l') return { ...form, languages: (form.languages ?? []).filter((l) => l.code !== code) };
  if (kind === 't') return { ...form, trainings: (form.trainings ?? []).filter((c) => c !== code) };
  return { ...form, vaccinations: (form.vaccinations ?? []).filter((c) => c !== code) };
}

/**
 * The mission at a glance, how many volunteers meet its requirements and what excludes the rest («۱۲ بدون
 * گذرنامه‌ی معتبر، ۵ بدون زبان عربی»); a requirement can be dropped here, and the counts follow.
 */
export function missionPreviewStep(missions: MissionCallUps, shortlist: MissionShortlist): MissionCreateStep {
  return {
    async view(ctx, form, ui) {
      const draft = missionDraftOf(form);
      const t = translateIn(ctx);
      const { pool, summary } = await missions.preview(draft);
      const exclusions = exclusionsText(t, ctx.locale, summary);
      const text = ctx.t('missions:create.preview', {
        card: missionCardText(t, ctx.locale, draft),
        pool,
        ready: summary.ready,
        exclusions: exclusions || ctx.t('missions:create.no_exclusions'),
      });
      const keyboard = new InlineKeyboard().text(
        ctx.t('missions:create.send', { count: summary.ready }),
        ui.data(SEND),
      );
      for (const requirement of relaxable(form)) {
        const label = ctx.t('missions:create.relax', { requirement: reasonText(t, ctx.locale, reasonOf(requirement)) });
        keyboard.row().text(label, ui.data(`${RELAX}${requirement}`));
      }
      return { text, keyboard };
    },
    async handle(ctx, input, form) {
      if (input.kind !== 'choice') return invalid('missions:errors.use_buttons');
      if (input.value.startsWith(RELAX)) return { type: 'stay', data: relax(form, input.value.slice(RELAX.length)) };
      if (input.value !== SEND || !ctx.user || !form.draftId) return invalid('missions:errors.use_buttons');
      const mission = await missions.create(coordinatorOf(ctx), missionDraftOf(form), form.draftId);
      if (!mission) return invalid('missions:create.errors.abroad_not_allowed');
      await ctx.reply(ctx.t('missions:create.sent', { count: mission.invited }));
      const view = await shortlist.board(mission.id, ctx.user.key);
      if (view) await showMissionBoard(ctx, view, false);
      return { type: 'finish' };
    },
  };
}

/** The reason a requirement excludes people, which is also how its relax button names it. */
function reasonOf(requirement: string): ExclusionReason {
  const [kind, code = ''] = requirement.split(':');
  if (kind === 'passport') return { kind: 'passport' };
  return { kind: kind === 'l' ? 'language' : kind === 't' ? 'training' : 'vaccination', code };
}
