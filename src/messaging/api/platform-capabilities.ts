import type { Platform } from '../../domain/platform.ts';

export interface PlatformCapabilities {
  /** Bale documents no parse_mode, so everything is sent as plain text there. */
  formatting: boolean;
}

export const PLATFORM_CAPABILITIES: Record<Platform, PlatformCapabilities> = {
  telegram: { formatting: true },
  bale: { formatting: false },
};

/** Calls that improve the experience but must never break a flow when a server refuses them. */
export const BEST_EFFORT_METHODS: ReadonlySet<string> = new Set([
  'setMyCommands',
  'deleteMyCommands',
  'sendChatAction',
  'answerCallbackQuery',
  'deleteMessage',
  'editMessageReplyMarkup',
]);
