/**
 * Whom the call-up reaches: one of the whole-target choices below (the whole province, as before), or everyone
 * within R km of the incident — the pin the coordinator shared, else the city's centre. R from the quick buttons or
 * typed in any digits.
 */
import type { CallUpDraft } from '../../../domain/callups/callup.ts';
import {
  circleOf,
  incidentCenter,
  parseRadiusKm,
  RADIUS_CHOICES_KM,
  RADIUS_KM,
} from '../../../domain/callups/radius.ts';
import { PROVINCE_TARGET } from '../../../domain/callups/target.ts';
import type { DistanceBand } from '../../../domain/geo/bands.ts';
import type { GeoPoint } from '../../../domain/geo/geo-point.ts';
import type { BotContext } from '../../context.ts';
import { grid } from '../registration/keyboards.ts';
import { type CallUpForm, invalid, next, type Outcome, type Step } from './callup-form.ts';

/**
 * An answer to "whom to invite?" other than a radius: its button, and where the wizard goes once it is tapped. A new
 * kind of target (e.g. chosen bases, with a step of its own to pick them) is one more entry in TARGET_CHOICES.
 */
export interface TargetChoice {
  /** The button's value; must not start with the radius prefix. */
  value: string;
  labelKey: string;
  choose(form: CallUpForm): Outcome;
}

export const TARGET_CHOICES: readonly TargetChoice[] = [
  {
    value: 'province',
    labelKey: 'callup:create.target_province',
    choose: (form) => next('specialties', { ...form, target: PROVINCE_TARGET }),
  },
];

const RADIUS = 'r:';

/** Where the circle is drawn around, in words; undefined when there is no centre (an unlisted city, no pin). */
function centerText(ctx: BotContext, form: CallUpForm): string | undefined {
  if (form.location) return ctx.t('callup:create.center_pin');
  return centerOf(form) ? ctx.t('callup:create.center_city', { city: form.city }) : undefined;
}

/** The form with everyone within `km` of the centre as its target. */
const withRadius = (form: CallUpForm, center: GeoPoint, km: number): CallUpForm => ({
  ...form,
  target: { kind: 'radius', center, km },
});

export const targetStep: Step = {
  view(ctx, form, ui) {
    const center = centerText(ctx, form);
    const radii = RADIUS_CHOICES_KM.map((km) => ({
      label: ctx.t('callup:create.radius_button', { km }),
      value: `${RADIUS}${km}`,
    }));
    const keyboard = grid(ui, center === undefined ? [] : radii, 4);
    const wholeTargets = TARGET_CHOICES.map((c) => ({ label: ctx.t(c.labelKey), value: c.value }));
    grid(ui, wholeTargets, 1, keyboard);
    const lines = [ctx.t('callup:create.target')];
    if (center !== undefined) lines.push(ctx.t('callup:create.target_radius', { center }));
    return { text: lines.join('\n'), keyboard };
  },
  handle(_ctx, input, form) {
    const chosen = input.kind === 'choice' ? TARGET_CHOICES.find((c) => c.value === input.value) : undefined;
    if (chosen) return chosen.choose(form);
    // A radius needs a centre: without one only the choices above are on offer.
    const center = centerOf(form);
    if (!center) return invalid('callup:create.errors.use_buttons');
    if (input.kind === 'choice' && input.value.startsWith(RADIUS)) {
      const km = Number(input.value.slice(RADIUS.length));
      if (!(RADIUS_CHOICES_KM as readonly number[]).includes(km)) return invalid('callup:create.errors.use_buttons');
      return next('specialties', withRadius(form, center, km));
    }
    if (input.kind === 'text') {
      const read = parseRadiusKm(input.text);
      if (!read.ok) return invalid(`callup:create.errors.${read.reason}`, RADIUS_KM);
      return next('specialties', withRadius(form, center, read.km));
    }
    return invalid('callup:create.errors.use_buttons');
  },
};

/** Whether to ask whom to reach: when a radius can be drawn, or when there is more than the province to choose. */
export const asksTarget = (form: CallUpForm): boolean => centerOf(form) !== null || TARGET_CHOICES.length > 1;

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
