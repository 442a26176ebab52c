import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BotState } from './bot-state.ts';
import { FaultInjector } from './fault-injector.ts';
import { createApiRouter } from './http/api-router.ts';
import { Sandbox } from './sandbox.ts';
import { SandboxEvents } from './sandbox-events.ts';
import { resolveOptions, type SandboxOptions } from './sandbox-options.ts';

export type {
  ApiContact,
  ApiLocation,
  ApiMessage,
  ApiUpdate,
  InlineKeyboardButton,
  MessageEntity,
  ReplyKeyboardMarkup,
  ReplyMarkup,
} from './api/api-types.ts';
export type { SandboxAlert, SandboxFile, SandboxMessage } from './chat/sandbox-message.ts';
export { inlineButtonLabels } from './chat/sandbox-message.ts';
export type { FaultSpec, HeldCall, HoldSpec, StormOptions } from './fault-injector.ts';
export type { PlatformName } from './platform-profiles.ts';
export type { AddBotOptions, ChatSummary, SandboxBotInfo, SimulatedUserOptions } from './sandbox.ts';
export type { SandboxEventMap, SandboxEventName } from './sandbox-events.ts';
export type { SandboxLimits, SandboxOptions } from './sandbox-options.ts';
export type { Delivery, SandboxStats } from './sandbox-stats.ts';
export type { SimulatedUser } from './simulated-user.ts';
export type { SmsCallbacks, SmsEmulatorOptions } from './sms/sms-emulator.ts';
export { SmsGatewayEmulator, startSmsEmulator } from './sms/sms-emulator.ts';
export type { SmsPhone, SmsRecord } from './sms/sms-phone.ts';
export type { SmsProviderName } from './sms/sms-provider-shapes.ts';
export { Sandbox };

/**
 * Starts a local Bot API server (Telegram and Bale profiles) on 127.0.0.1; port 0 picks a free one.
 *
 *   const sandbox = await startSandbox();
 *   sandbox.addBot({ token: '1:t', profile: 'telegram' });
 *   const bot = new Bot('1:t', { client: { apiRoot: sandbox.apiRoot } });
 *   const user = sandbox.user({ token: '1:t', firstName: 'Sara' });
 *   user.sendCommand('/start');
 *   await user.waitFor((m) => m.text === '…');
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const resolved = resolveOptions(options);
  const bots = new Map<string, BotState>();
  const server = createServer(createApiRouter({ bots, maxRequestBytes: resolved.maxRequestBytes }));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;
  const shared = { options: resolved, events: new SandboxEvents(), faults: new FaultInjector() };
  return new Sandbox({ server, bots, shared, apiRoot: `http://${host}:${port}`, port });
}
