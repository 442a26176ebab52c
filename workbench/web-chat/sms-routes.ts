/**
 * The page's SMS side and platform switch: each simulated person's SMS conversation (the emulator's phones), their
 * replies by number, and taking a whole platform down or up again (the sandbox's `fault`) to watch failover.
 */
import type { Sandbox, SmsGatewayEmulator } from 'bot-api-sandbox';
import { z } from 'zod';
import { PLATFORMS } from '../../src/domain/platform.ts';
import type { EventStream } from './event-stream.ts';
import { WebChatError } from './web-chat-error.ts';
import { type Route, readJson } from './web-chat-http.ts';

const schemas = {
  reply: z.object({ text: z.string().min(1).max(500) }),
  fault: z.object({ state: z.enum(['down', 'up']) }),
};

const PHONE = /^\/api\/sms\/(\+?\d{10,13})/;

/** Every text sent or replied goes to the page as an `sms` event. */
export function relaySms(sms: SmsGatewayEmulator, events: EventStream): () => void {
  return sms.onMessage((record) => events.send('sms', record));
}

export function smsRoutes(deps: { sandbox: Sandbox; sms: SmsGatewayEmulator | undefined }): Route[] {
  const emulator = () => {
    if (!deps.sms) throw new WebChatError(404, 'not_found', 'no SMS emulator');
    return deps.sms;
  };
  const phoneOf = (number: string) => {
    try {
      return emulator().phone(number);
    } catch (error) {
      if (error instanceof WebChatError) throw error;
      throw new WebChatError(400, 'invalid_input', 'not an Iranian mobile number');
    }
  };
  return [
    [
      'GET',
      /^\/api\/sms$/,
      async () => ({
        phones: emulator()
          .phones()
          .map((p) => ({ number: p.number, messages: p.messages() })),
      }),
    ],
    ['GET', new RegExp(`${PHONE.source}$`), async (m) => ({ messages: phoneOf(m[1] ?? '').messages() })],
    [
      'POST',
      new RegExp(`${PHONE.source}/reply$`),
      async (m, request) => {
        const { text } = await readJson(request, schemas.reply);
        await phoneOf(m[1] ?? '').reply(text);
        return { ok: true };
      },
    ],
    [
      'POST',
      /^\/api\/platforms\/(\w+)\/fault$/,
      async (m, request) => {
        const platform = PLATFORMS.find((p) => p === m[1]);
        if (!platform) throw new WebChatError(404, 'unknown_bot');
        const { state } = await readJson(request, schemas.fault);
        deps.sandbox.fault(platform, state);
        return { platform, state };
      },
    ],
  ];
}
