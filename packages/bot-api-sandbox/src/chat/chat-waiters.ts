import type { ChatState, MessageRecord } from './chat-state.ts';
import { type SandboxAlert, type SandboxMessage, snapshotMessage } from './sandbox-message.ts';

/**
 * Resolves once `pick` finds something in the chat, checking now and after every bot-side change (no polling);
 * rejects after `timeoutMs` with a short transcript so a failing test shows what the bot did instead.
 */
function waitUntil<T>(chat: ChatState, pick: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const found = pick();
  if (found !== undefined) return Promise.resolve(found);
  return new Promise((resolve, reject) => {
    const unsubscribe = chat.subscribe(() => {
      const value = pick();
      if (value === undefined) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(value);
    });
    const timer = setTimeout(() => {
      unsubscribe();
      reject(
        new Error(
          `sandbox: timed out after ${timeoutMs} ms waiting for ${what} in chat ${chat.id}.\n${transcript(chat)}`,
        ),
      );
    }, timeoutMs);
  });
}

/** The first bot message sent or edited after `sinceSeq` that matches. */
export function waitForMessage(
  chat: ChatState,
  sinceSeq: number,
  predicate: (message: SandboxMessage) => boolean,
  timeoutMs: number,
): Promise<SandboxMessage> {
  const pick = () => {
    for (const record of chat.records()) {
      if (!record.fromBot || record.changedSeq <= sinceSeq) continue;
      const message = snapshotMessage(record);
      if (predicate(message)) return message;
    }
    return undefined;
  };
  return waitUntil(chat, pick, timeoutMs, 'a matching bot message');
}

/** The first `count` bot messages created after `sinceSeq`. */
export function waitForCreated(
  chat: ChatState,
  sinceSeq: number,
  count: number,
  timeoutMs: number,
): Promise<MessageRecord[]> {
  const pick = () => {
    const created = chat.records().filter((r) => r.fromBot && r.createdSeq > sinceSeq);
    return created.length >= count ? created.slice(0, count) : undefined;
  };
  return waitUntil(chat, pick, timeoutMs, `${count} new bot message(s)`);
}

/** The first callback answer recorded after `sinceCount` answers. */
export function waitForAlert(chat: ChatState, sinceCount: number, timeoutMs: number): Promise<SandboxAlert> {
  const pick = () => {
    const alert = chat.alerts[sinceCount];
    return alert ? { ...alert } : undefined;
  };
  return waitUntil(chat, pick, timeoutMs, 'a callback query answer');
}

function transcript(chat: ChatState): string {
  const lines = chat
    .records()
    .slice(-8)
    .map((r) => {
      const who = r.fromBot ? 'bot' : 'user';
      const body =
        r.text ?? r.caption ?? (r.document ? '[document]' : r.photo ? '[photo]' : r.contact ? '[contact]' : '[other]');
      const flags = `${r.edit_date ? ' (edited)' : ''}${r.deleted ? ' (deleted)' : ''}`;
      return `  #${r.message_id} ${who}: ${body.slice(0, 120)}${flags}`;
    });
  return lines.length ? `Last messages:\n${lines.join('\n')}` : 'The chat is empty.';
}
