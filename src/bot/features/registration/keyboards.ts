import { InlineKeyboard } from 'grammy';
import type { FlowUi } from '../../flows/flow-engine.ts';

export interface Choice {
  label: string;
  value: string;
}

/** Callback values of the paging buttons; a page number follows `PAGE`. */
export const PAGE = 'pg:';

/** Lays buttons out `columns` to a row. */
export function grid(
  ui: FlowUi,
  choices: readonly Choice[],
  columns: number,
  keyboard = new InlineKeyboard(),
): InlineKeyboard {
  choices.forEach((choice, i) => {
    if (i > 0 && i % columns === 0) keyboard.row();
    keyboard.text(choice.label, ui.data(choice.value));
  });
  return keyboard.row();
}

export function pageCount(total: number, perPage: number): number {
  return Math.max(1, Math.ceil(total / perPage));
}

/** Clamps a page number from the session (the list may have shrunk since). */
export function clampPage(page: number | undefined, total: number, perPage: number): number {
  return Math.min(Math.max(0, page ?? 0), pageCount(total, perPage) - 1);
}

/** One page of a long list, with "previous" and "next" buttons (RTL-neutral arrows) and the page number between. */
export function pagedGrid(
  ui: FlowUi,
  choices: readonly Choice[],
  options: { page: number | undefined; perPage: number; columns: number },
): InlineKeyboard {
  const pages = pageCount(choices.length, options.perPage);
  const page = clampPage(options.page, choices.length, options.perPage);
  const keyboard = grid(ui, choices.slice(page * options.perPage, (page + 1) * options.perPage), options.columns);
  if (pages > 1) {
    keyboard.text(ui.t('registration:keyboard.previous'), ui.data(`${PAGE}${(page - 1 + pages) % pages}`));
    keyboard.text(ui.t('registration:keyboard.page', { page: page + 1, pages }), ui.data(`${PAGE}${page}`));
    keyboard.text(ui.t('registration:keyboard.next'), ui.data(`${PAGE}${(page + 1) % pages}`));
    keyboard.row();
  }
  return keyboard;
}

/** Toggle buttons marked when selected, then a "done" button; the message is edited in place on every tap. */
export function multiSelect(
  ui: FlowUi,
  choices: readonly (Choice & { selected: boolean })[],
  columns: number,
): InlineKeyboard {
  const marked = choices.map((choice) => ({
    value: choice.value,
    label: choice.selected ? ui.t('registration:keyboard.selected', { label: choice.label }) : choice.label,
  }));
  return grid(ui, marked, columns).text(ui.t('registration:keyboard.done'), ui.data(DONE)).row();
}

export const DONE = 'ok';

/** The page number of a paging button, or undefined for another value. */
export function pageOf(value: string): number | undefined {
  if (!value.startsWith(PAGE)) return undefined;
  const n = Number(value.slice(PAGE.length));
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}
