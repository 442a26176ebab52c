import type { RegistrationActivity } from '../../../services/volunteers/pledge-lifecycle.service.ts';
import type { SessionData } from '../../context.ts';
import { REGISTRATION_FLOW } from './registration-steps.ts';

/**
 * Tells the reminder job when a registration was last answered, from the chat's session where the flow engine keeps
 * it; undefined when the chat is no longer registering (cancelled, finished, or another flow took over).
 */
export function createRegistrationActivity(sessions: { read(key: string): Promise<unknown> }): RegistrationActivity {
  return async (draft) => {
    // Sessions are keyed by platform and chat, as create-bot.ts sets up.
    const session = (await sessions.read(`${draft.platform}:${draft.chatId}`)) as SessionData | undefined;
    const flow = session?.flow;
    if (flow?.name !== REGISTRATION_FLOW) return undefined;
    return new Date(flow.updatedAt);
  };
}
