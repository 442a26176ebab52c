/**
 * Whom the call-up reaches: the whole province (as before), or everyone within R km of the incident — the pin the
 * coordinator shared, else the city's centre. R from the quick buttons or typed in any digits.
 */
import type { CallUpDraft } from '../../../domain/callups/callup.ts';
import {
  circleOf,
  incidentCenter,
  parseRadiusKm,
  RADIUS_CHOICES_KM,
  RADIUS_KM,
} from '../../../domain/callups/radius.ts';
import type { CallUpTarget } from '../../../domain/callups/target.ts';
import type { DistanceBand } from '../../../domain/geo/bands.ts';
import type { BotContext } from '../../context.ts';
import { grid } from '../registration/keyboards.ts';
import { type CallUpForm, invalid, next, type Step } from './callup-form.ts';

const PROVINCE = 'province';
const RADIUS = 'r:';

/** Where the circle is drawn around, in words; undefined when there is no centre (an unlisted city, no pin). */
function centerText(ctx: BotContext, form: CallUpForm): string | undefined {
  if (form.location) return ctx.t('callup:create.center_pin');
  return centerOf(form) ? ctx.t('callup:create.center_city', { city: form.city }) : undefined;
}

/** The form with a radius target around the incident, or the province when there is nothing to draw around. */
function withRadius(form: CallUpForm, km: number): CallUpForm {
  const center = centerOf(form);
  const target: CallUpTarget = center ? { kind: 'radius', center, km } : { kind: 'province' };
  return { ...form, target };
}

export const targetStep: Step = {
  view(ctx, form, ui) {
    const keyboard = grid(
      ui,
      RADIUS_CHOICES_KM.map((km) => ({ label: ctx.t('callup:create.radius_button', { km }), value: `${RADIUS}${km}` })),
      4,
    );
    grid(ui, [{ label: ctx.t('callup:create.target_province'), value: PROVINCE }], 1, keyboard);
    return { text: ctx.t('callup:create.target', { center: centerText(ctx, form) ?? '' }), keyboard };
  },
  handle(_ctx, input, form) {
    if (input.kind === 'choice' && input.value === PROVINCE) {
      return next('specialties', { ...form, target: { kind: 'province' } });
    }
    if (input.kind === 'choice' && input.value.startsWith(RADIUS)) {
      const km = Number(input.value.slice(RADIUS.length));
      if (!(RADIUS_CHOICES_KM as readonly number[]).includes(km)) return invalid('callup:create.errors.use_buttons');
      return next('specialties', withRadius(form, km));
    }
    if (input.kind === 'text') {
      const read = parseRadiusKm(input.text);
      if (!read.ok) return invalid(`callup:create.errors.${read.reason}`, RADIUS_KM);
      return next('specialties', withRadius(form, read.km));
    }
    return invalid('callup:create.errors.use_buttons');
  },
};

/** Whether the target question is worth asking: only when there is a centre to draw a circle around. */
export const hasIncidentCenter = (form: CallUpForm): boolean => centerOf(form) !== null;

const centerOf = (form: CallUpForm) =>
  incidentCenter({ location: form.location ?? null, province: form.province ?? '', city: form.city ?? '' });

/** The preview's lines for a call-up by distance: the circle, and how many are available in each ring. */
export function reachLines(ctx: BotContext, draft: CallUpDraft, byRing: ReadonlyMap<DistanceBand, number>): string[] {
  const circle = circleOf(draft);
  if (!circle) return [];
  return [
    ctx.t('callup:create.preview_radius', { km: circle.km }),
    ...[...byRing].map(([band, count]) =>
      ctx.t('callup:create.preview_ring', { band: ctx.t(`common:distance.band.${band}`), count }),
    ),
  ];
}
