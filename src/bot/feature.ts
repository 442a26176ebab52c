import type { Composer } from 'grammy';
import type { BotContext } from './context.ts';
import type { FlowDefinition } from './flows/flow-engine.ts';
import type { MenuEntry } from './keyboards/main-menu.ts';

/** One feature: its handlers, the main-menu buttons and commands it owns, and its multi-step flows. */
export interface Feature {
  name: string;
  composer: Composer<BotContext>;
  menu?: MenuEntry[];
  /** Command names shown in the client's command list; descriptions are `common:commands.<name>`. */
  commands?: string[];
  // biome-ignore lint/suspicious/noExplicitAny: each flow has its own data shape
  flows?: FlowDefinition<any>[];
  /** What a plain `/start` leads to after the welcome (registration starts for people not yet registered). */
  afterWelcome?: (ctx: BotContext) => Promise<void>;
}
