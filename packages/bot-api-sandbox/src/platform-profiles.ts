import { ApiError, notFound } from './api/api-error.ts';

export type PlatformName = 'telegram' | 'bale';

/**
 * What each platform's server accepts, in one table so the differences stay visible.
 * Bale's facts were gathered from its documentation and by trying its API; where one is not confirmed, the profile
 * takes the safest reading (the stricter limit, the feature absent).
 */
export interface PlatformProfile {
  name: PlatformName;
  /** parse_mode / entities / caption_entities accepted; otherwise 400. */
  formatting: boolean;
  /** setWebhook reads only `url`: no secret_token (so no X-Telegram-Bot-Api-Secret-Token), max_connections… */
  webhookUrlOnly: boolean;
  /** Blocking and unblocking the bot produces a my_chat_member update. */
  chatMemberUpdates: boolean;
  /** 429 carries retry_after unless the sandbox option says otherwise (see `baleRetryAfter`). */
  retryAfterByDefault: boolean;
  /** Methods the platform lacks, with the error its server answers. */
  refusedMethods: Readonly<Record<string, () => ApiError>>;
  descriptions: {
    chatNotFound: string;
    blocked: string;
    tooManyRequestsBare: string;
    formattingRefused: string;
  };
}

const unsupported = (): ApiError => new ApiError(400, 'Bad Request: method is not supported');

export const PLATFORM_PROFILES: Readonly<Record<PlatformName, PlatformProfile>> = {
  telegram: {
    name: 'telegram',
    formatting: true,
    webhookUrlOnly: false,
    chatMemberUpdates: true,
    retryAfterByDefault: true,
    refusedMethods: {},
    descriptions: {
      chatNotFound: 'Bad Request: chat not found',
      blocked: 'Forbidden: bot was blocked by the user',
      tooManyRequestsBare: 'Too Many Requests',
      formattingRefused: '',
    },
  },
  bale: {
    name: 'bale',
    formatting: false,
    webhookUrlOnly: true,
    chatMemberUpdates: false,
    retryAfterByDefault: false,
    refusedMethods: {
      setMyCommands: notFound,
      getMyCommands: notFound,
      deleteMyCommands: notFound,
      sendChatAction: unsupported,
    },
    descriptions: {
      chatNotFound: 'Bad Request: no such group or user',
      blocked: 'Forbidden: bot was blocked by the user',
      tooManyRequestsBare: 'Too Many Requests: bot limit exceed',
      formattingRefused: 'Bad Request: parse_mode is not supported',
    },
  },
};

export function isPlatformName(value: unknown): value is PlatformName {
  return value === 'telegram' || value === 'bale';
}
