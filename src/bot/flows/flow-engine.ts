import { Composer } from 'grammy';
import type { BotContext } from '../context.ts';
import type { AnyFlow, FlowControl, FlowRegistry } from './flow-definition.ts';
import { apply, ask, goBack, toStepInput, typedNavigation } from './flow-runner.ts';
import { BACK, CANCEL, newNonce } from './flow-ui.ts';

// The flows' public surface stays importable from here, the module features already know.
export type {
  FlowControl,
  FlowDefinition,
  FlowState,
  FlowStep,
  Notice,
  StepInput,
  StepOutcome,
} from './flow-definition.ts';
export { FlowUi } from './flow-ui.ts';

/**
 * `controls` gives every update `ctx.flow` and must run first; `router` feeds answers to the active flow and runs
 * after the commands that work from anywhere (/cancel, /help, /start).
 */
export function createFlowEngine(flows: AnyFlow[]): { controls: Composer<BotContext>; router: Composer<BotContext> } {
  const registry: FlowRegistry = new Map(flows.map((flow) => [flow.name, flow]));
  const controls = new Composer<BotContext>();
  const router = new Composer<BotContext>();

  controls.use(async (ctx, next) => {
    ctx.flow = flowControl(registry, ctx);
    await next();
  });

  router.callbackQuery(/^f:/, async (ctx) => {
    const [, nonce = '', ...rest] = ctx.callbackQuery.data.split(':');
    const value = rest.join(':');
    const state = ctx.session.flow;
    if (!state || state.nonce !== nonce) {
      await ctx.answerCallbackQuery({ text: ctx.t('common:flow.stale_button'), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    if (value === CANCEL) {
      await ctx.flow.cancel();
      return;
    }
    if (value === BACK) {
      await goBack(registry, ctx, state);
      return;
    }
    await apply(registry, ctx, state, { kind: 'choice', value });
  });

  router.on('message', async (ctx, next) => {
    const state = ctx.session.flow;
    if (!state) return next();
    const input = toStepInput(ctx.message, ctx.from.id);
    if (input.kind === 'text' && input.text.startsWith('/')) {
      await ask(registry, ctx, state, false, ctx.t('common:flow.command_in_flow'));
      return;
    }
    const navigation = await typedNavigation(registry, ctx, state, input);
    if (navigation === CANCEL) await ctx.flow.cancel();
    else if (navigation === BACK) await goBack(registry, ctx, state);
    else await apply(registry, ctx, state, input);
  });

  return { controls, router };
}

/** `ctx.flow`: starts, cancels, ends or resumes this chat's flow. */
function flowControl(registry: FlowRegistry, ctx: BotContext): FlowControl {
  return {
    async start(name, data = {}, stepOverride) {
      const flow = registry.get(name);
      if (!flow) throw new Error(`Unknown flow ${name}`);
      ctx.session.flow = {
        name,
        step: stepOverride ?? flow.first,
        data,
        history: [],
        nonce: newNonce(),
        updatedAt: Date.now(),
      };
      await ask(registry, ctx, ctx.session.flow, false);
    },
    async cancel() {
      const state = ctx.session.flow;
      if (!state) return false;
      ctx.session.flow = undefined;
      const key = registry.get(state.name)?.cancelledKey ?? 'common:flow.cancelled';
      await ctx.reply(ctx.t(key), { reply_markup: { remove_keyboard: true } });
      return true;
    },
    end() {
      ctx.session.flow = undefined;
    },
    async resume() {
      const state = ctx.session.flow;
      if (!state || !registry.has(state.name)) return false;
      await ask(registry, ctx, state, false);
      return true;
    },
    active: () => ctx.session.flow,
  };
}
