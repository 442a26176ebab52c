/**
 * Callback data of call-up buttons, kept well under Telegram's 64 bytes: `cu:<action>:<id>[:<card>]` on a volunteer's
 * card (the card's version, absent for the first), `cb:<action>:<id>[:<n>]` on the coordinator's board,
 * `cs:<draft id>` on a new call-up's preview («ارسال»), and `xc:<format>:<id>` for the file of its answers. The data
 * names the call-up only; who pressed it is checked
 * against the invitation record, so copying a card's data into another chat gains nothing.
 */
import { CALLUP_ID_PATTERN } from './callup.ts';
import { ETA_MINUTES } from './invitation.ts';

export const CARD_PREFIX = 'cu:';
export const BOARD_PREFIX = 'cb:';

export type CardAction =
  | { kind: 'yes' }
  | { kind: 'late' }
  /** Minutes within `ETA_RANGE`: a button's 30/60/120, or typed. */
  | { kind: 'eta'; minutes: number }
  | { kind: 'no' }
  /** Show the three answers again, to change one already given. */
  | { kind: 'change' }
  /** The day-before question of a planned call-up. */
  | { kind: 'reconfirm'; coming: boolean };

const CARD_CODES: Record<string, CardAction> = {
  y: { kind: 'yes' },
  l: { kind: 'late' },
  n: { kind: 'no' },
  c: { kind: 'change' },
  r1: { kind: 'reconfirm', coming: true },
  r0: { kind: 'reconfirm', coming: false },
  ...Object.fromEntries(ETA_MINUTES.map((m) => [`e${m}`, { kind: 'eta', minutes: m }])),
};

function cardCode(action: CardAction): string {
  switch (action.kind) {
    case 'yes':
      return 'y';
    case 'late':
      return 'l';
    case 'no':
      return 'n';
    case 'change':
      return 'c';
    case 'eta':
      return `e${action.minutes}`;
    case 'reconfirm':
      return action.coming ? 'r1' : 'r0';
  }
}

/** `card`: the version of the card the button is on (0, the first card, by default). */
export const cardData = (callUpId: string, action: CardAction, card = 0): string =>
  `${CARD_PREFIX}${cardCode(action)}:${callUpId}${card === 0 ? '' : `:${card}`}`;

/** Reads card data; undefined for anything malformed (a forged or truncated button). */
export function parseCardData(data: string): { callUpId: string; action: CardAction; card: number } | undefined {
  const match = /^cu:([a-z0-9]{1,4}):([a-z0-9]+)(?::(\d{1,6}))?$/.exec(data);
  if (!match) return undefined;
  const action = CARD_CODES[match[1]!];
  const callUpId = match[2]!;
  if (!action || !CALLUP_ID_PATTERN.test(callUpId)) return undefined;
  return { callUpId, action, card: match[3] === undefined ? 0 : Number(match[3]) };
}

export const BOARD_ACTIONS = [
  'refresh',
  'list',
  'message',
  'extend',
  'close',
  'cancel',
  'cancel_yes',
  'update',
  'attend',
  'attend_save',
] as const;
export type BoardAction = (typeof BOARD_ACTIONS)[number];

const BOARD_CODES: Record<BoardAction, string> = {
  refresh: 'rf',
  list: 'ls',
  message: 'ms',
  extend: 'ex',
  close: 'cl',
  cancel: 'cn',
  cancel_yes: 'cy',
  update: 'up',
  attend: 'at',
  attend_save: 'as',
};
const BOARD_BY_CODE = new Map(Object.entries(BOARD_CODES).map(([action, code]) => [code, action as BoardAction]));

export const boardData = (callUpId: string, action: BoardAction, n?: number): string =>
  `${BOARD_PREFIX}${BOARD_CODES[action]}:${callUpId}${n === undefined ? '' : `:${n}`}`;

export function parseBoardData(data: string): { callUpId: string; action: BoardAction; n?: number } | undefined {
  const match = /^cb:([a-z]{2}):([a-z0-9]+)(?::(\d{1,4}))?$/.exec(data);
  if (!match) return undefined;
  const action = BOARD_BY_CODE.get(match[1]!);
  const callUpId = match[2]!;
  if (!action || !CALLUP_ID_PATTERN.test(callUpId)) return undefined;
  return match[3] === undefined ? { callUpId, action } : { callUpId, action, n: Number(match[3]) };
}

/** The button that sends a call-up's answers as a file; the reports feature serves it (checked and audited there). */
export const CALLUP_EXPORT_PREFIX = 'xc:';

export const callUpExportData = (callUpId: string, format: string): string =>
  `${CALLUP_EXPORT_PREFIX}${format}:${callUpId}`;

/**
 * «ارسال» under a preview, naming its draft (the id the call-up gets): outside the flow's step buttons, so a press
 * after the flow has ended still finds the call-up it made.
 */
export const SEND_PREFIX = 'cs:';

export const sendData = (draftId: string): string => `${SEND_PREFIX}${draftId}`;

/** The draft id a send button names; undefined for anything malformed. */
export function parseSendData(data: string): string | undefined {
  const draftId = data.startsWith(SEND_PREFIX) ? data.slice(SEND_PREFIX.length) : '';
  return CALLUP_ID_PATTERN.test(draftId) ? draftId : undefined;
}

/** The main menu's dashboard entry, also on every board: the dashboard feature answers it. */
export const DASHBOARD_MENU_DATA = 'menu:dashboard';
