import { InlineKeyboard } from 'grammy';
import type { BotContext } from '../context.ts';

export const MENU_PREFIX = 'menu:';

/** A main-menu button, contributed by the feature that handles it (`menu:<id>`). */
export interface MenuEntry {
  id: string;
  /** The label's locale key, or a function that picks it from the person's state. */
  labelKey: string | ((ctx: BotContext) => Promise<string>);
  visible?: (ctx: BotContext) => boolean | Promise<boolean>;
}

/** Two buttons a row, in the order the features were registered. */
export async function buildMainMenu(ctx: BotContext, entries: readonly MenuEntry[]): Promise<InlineKeyboard> {
  const keyboard = new InlineKeyboard();
  let inRow = 0;
  for (const entry of entries) {
    if (entry.visible && !(await entry.visible(ctx))) continue;
    if (inRow === 2) {
      keyboard.row();
      inRow = 0;
    }
    const key = typeof entry.labelKey === 'string' ? entry.labelKey : await entry.labelKey(ctx);
    keyboard.text(ctx.t(key), `${MENU_PREFIX}${entry.id}`);
    inRow++;
  }
  return keyboard;
}
