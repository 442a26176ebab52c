import { InlineKeyboard } from 'grammy';
import type { Locale } from '../../../domain/locale.ts';
import { PROVINCES } from '../../../domain/reference/provinces.ts';
import { toggleProvince } from '../../../domain/roles/coordinator.ts';
import { provinceNames } from '../../../domain/roles/province-names.ts';
import type { BotContext } from '../../context.ts';
import type { FlowStep, FlowUi, StepOutcome } from '../../flows/flow-engine.ts';

const PER_ROW = 3;
const TOGGLE = 'p:';
const DONE = 'done';

const provinceLabel = (code: string, locale: Locale) => {
  const province = PROVINCES.find((p) => p.code === code);
  return province ? province[locale] : code;
};

/** Buttons in rows of three; `data` makes each button's callback data. */
export function provinceButtons(
  codes: readonly string[],
  locale: Locale,
  data: (code: string) => string,
  selected: readonly string[] = [],
  keyboard = new InlineKeyboard(),
): InlineKeyboard {
  codes.forEach((code, i) => {
    if (i > 0 && i % PER_ROW === 0) keyboard.row();
    const label = provinceLabel(code, locale);
    keyboard.text(selected.includes(code) ? `✅ ${label}` : label, data(code));
  });
  return keyboard;
}

/** A flow's data that holds a province selection. */
export interface ProvinceSelection {
  provinces: string[];
}

/**
 * A flow step choosing several provinces: each tap toggles one, "done" moves on (at least one is needed).
 * `onDone` runs with the final selection and says where the flow goes.
 */
export function provincesStep<D extends ProvinceSelection>(options: {
  promptKey: string;
  onDone: (ctx: BotContext, data: D) => Promise<StepOutcome<D>>;
  back?: boolean;
}): FlowStep<D> {
  return {
    back: options.back ?? false,
    view(ctx, data, ui: FlowUi) {
      const chosen = data.provinces.length > 0 ? provinceNames(data.provinces, ctx.locale) : '—';
      const keyboard = provinceButtons(
        PROVINCES.map((p) => p.code),
        ctx.locale,
        (code) => ui.data(`${TOGGLE}${code}`),
        data.provinces,
      );
      keyboard.row().text(ctx.t('coordinator:provinces.done'), ui.data(DONE));
      return { text: ctx.t(options.promptKey, { chosen }), keyboard };
    },
    async handle(ctx, input, data) {
      if (input.kind !== 'choice') return { type: 'invalid', key: 'coordinator:provinces.use_buttons' };
      if (input.value.startsWith(TOGGLE)) {
        return { type: 'stay', data: { ...data, provinces: toggleProvince(data.provinces, input.value.slice(2)) } };
      }
      if (input.value !== DONE) return { type: 'invalid', key: 'coordinator:provinces.use_buttons' };
      if (data.provinces.length === 0) return { type: 'invalid', key: 'coordinator:provinces.pick_one' };
      return options.onDone(ctx, data);
    },
  };
}

/** Scope choices of a picker: `all` (the whole scope) or one province code. */
export const ALL = 'all';

/** Buttons for "all of my scope" plus one per province of it (every province for admins). */
export function scopeKeyboard(
  ctx: BotContext,
  provinces: readonly string[],
  data: (scope: string) => string,
  allKey: string,
): InlineKeyboard {
  const keyboard = new InlineKeyboard().text(ctx.t(allKey), data(ALL)).row();
  return provinceButtons(provinces, ctx.locale, data, [], keyboard);
}
