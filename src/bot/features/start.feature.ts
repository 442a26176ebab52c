import { Composer } from 'grammy';
import type { BotContext } from '../context.ts';
import type { Feature } from '../feature.ts';

/** Handlers for `/start <payload>` deep links, registered by the features that issue such links. */
export type StartPayloadHandler = (ctx: BotContext, payload: string) => Promise<boolean>;

export function createStartFeature(
  payloadHandlers: StartPayloadHandler[] = [],
  afterWelcome: ReadonlyArray<(ctx: BotContext) => Promise<void>> = [],
): Feature {
  const composer = new Composer<BotContext>();

  composer.command('start', async (ctx) => {
    const payload = ctx.match.trim();
    for (const handler of payloadHandlers) {
      if (payload && (await handler(ctx, payload))) return;
    }
    if (await ctx.flow.resume()) return;
    await ctx.reply(ctx.t('common:start.welcome'), { reply_markup: await ctx.mainMenu() });
    for (const follow of afterWelcome) await follow(ctx);
  });

  composer.command('menu', async (ctx) => {
    await ctx.reply(ctx.t('common:menu.title'), { reply_markup: await ctx.mainMenu() });
  });

  return { name: 'start', composer, commands: ['start', 'menu'] };
}
