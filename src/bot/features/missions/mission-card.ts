import { jalaliMonthText, type MissionPledge } from '../../../domain/missions/mission-pledge.ts';
import {
  getLanguage,
  getLanguageLevel,
  getMissionVaccination,
  getTraining,
} from '../../../domain/reference/mission-lists.ts';
import { isolate } from '../../../domain/text/persian-text.ts';
import type { BotContext } from '../../context.ts';
import { type MissionForm, pledgeFromForm } from './mission-form.ts';

type Ctx = Pick<BotContext, 't' | 'locale'>;

const list = (ctx: Ctx, items: string[]): string =>
  items.length > 0 ? items.join(ctx.t('common:list_separator')) : ctx.t('missions:card.none');

/** The long-missions part as card lines; a volunteer without one gets a single line saying so. */
export function renderMissionCard(ctx: Ctx, pledge: MissionPledge | null): string {
  if (!pledge) return ctx.t('missions:card.absent');
  const row = (field: string, value: string) =>
    ctx.t('pledge:card.row', { label: ctx.t(`missions:card.fields.${field}`), value });
  const home = pledge.homeWeeks === null ? ctx.t('missions:card.no') : ctx.t(`missions:home.weeks.${pledge.homeWeeks}`);
  const rows = [row('home', home), row('abroad', ctx.t(pledge.abroad ? 'missions:card.yes' : 'missions:card.no'))];
  if (pledge.abroad) {
    const passport = pledge.passportExpiry
      ? ctx.t('missions:card.passport_until', { month: jalaliMonthText(ctx.locale, pledge.passportExpiry) })
      : ctx.t('missions:card.no_passport');
    rows.push(row('passport', passport));
  }
  const languages = pledge.languages.map((l) =>
    ctx.t('missions:languages.with_level', {
      language: getLanguage(l.code)?.[ctx.locale] ?? l.code,
      level: getLanguageLevel(l.level)?.[ctx.locale] ?? l.level,
    }),
  );
  rows.push(row('languages', list(ctx, languages)));
  rows.push(
    row(
      'trainings',
      list(
        ctx,
        pledge.trainings.map((t) => getTraining(t)?.[ctx.locale] ?? t),
      ),
    ),
  );
  const vaccinations = pledge.vaccinations.map((v) =>
    ctx.t('missions:vaccinations.with_date', {
      name: getMissionVaccination(v.code)?.[ctx.locale] ?? v.code,
      date: v.date,
    }),
  );
  rows.push(row('vaccinations', list(ctx, vaccinations)));
  if (pledge.note) rows.push(row('note', isolate(pledge.note)));
  return [ctx.t('missions:card.title'), ...rows].join('\n');
}

/** The part as a flow holds it; not asked yet and skipped read the same. */
export const renderMissionForm = (ctx: Ctx, form: MissionForm | null | undefined): string =>
  renderMissionCard(ctx, form ? pledgeFromForm(form) : null);
