import { InlineKeyboard } from 'grammy';
import type { FlowUi } from '../../flows/flow-engine.ts';

export interface Choice {
  label: string;
  value: string;
}

/** Callback values of the paging buttons; a page number follows `PAGE`. */
export const PAGE = 'pg:';

/** Starts a new row unless the last one is still empty (an empty row shows as a gap, or is refused). */
export function newRow(keyboard: InlineKeyboard): InlineKeyboard {
  const last = keyboard.inline_keyboard.at(-1);
  return last && last.length > 0 ? keyboard.row() : keyboard;
}

/** Lays buttons out `columns` to a row, below what the keyboard already has. */
export function grid(
  ui: FlowUi,
  choices: readonly Choice[],
  columns: number,
  keyboard = new InlineKeyboard(),
): InlineKeyboard {
  newRow(keyboard);
  choices.forEach((choice, i) => {
    if (i > 0 && i % columns === 0) keyboard.row();
    keyboard.text(choice.label, ui.data(choice.value));
  });
  return keyboard;
}

export function pageCount(total: number, perPage: number): number {
  return Math.max(1, Math.ceil(total / perPage));
}

/** Clamps a page number from the session (the list may have shrunk since). */
export function clampPage(page: number | undefined, total: number, perPage: number): number {
  return Math.min(Math.max(0, page ?? 0), pageCount(total, perPage) - 1);
}

/** One page of a long list, with "previous" and "next" buttons and the page number between. */
export function pagedGrid(
  ui: FlowUi,
  choices: readonly Choice[],
  options: { page: number | undefined; perPage: number; columns: number },
): InlineKeyboard {
  const pages = pageCount(choices.length, options.perPage);
  const page = clampPage(options.page, choices.length, options.perPage);
  const keyboard = grid(ui, choices.slice(page * options.perPage, (page + 1) * options.perPage), options.columns);
  if (pages > 1) {
    newRow(keyboard);
    keyboard.text(ui.t('registration:keyboard.previous'), ui.data(`${PAGE}${(page - 1 + pages) % pages}`));
    keyboard.text(ui.t('registration:keyboard.page', { page: page + 1, pages }), ui.data(`${PAGE}${page}`));
    keyboard.text(ui.t('registration:keyboard.next'), ui.data(`${PAGE}${(page + 1) % pages}`));
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
  return newRow(grid(ui, marked, columns)).text(ui.t('registration:keyboard.done'), ui.data(DONE));
}

export const DONE = 'ok';

/** The page number of a paging button, or undefined for another value. */
export function pageOf(value: string): number | undefined {
  if (!value.startsWith(PAGE)) return undefined;
  const n = Number(value.slice(PAGE.length));
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}
