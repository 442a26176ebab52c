/**
 * A message typed right after a call-up card, for clients whose buttons fail: «۱» coming, «۲» coming late, «۰»
 * can't; after «۲», the minutes late («۴۵»، «یک ساعت»، «۱:۳۰»). Whether minutes are an answer depends on the
 * invitation (only a late volunteer is asked for them), which the caller knows.
 */
import { normalizeInput } from '../text/persian-text.ts';
import { parseTypedMinutes } from '../text/typed-duration.ts';
import type { Choice } from './invitation.ts';

const NUMBERED = new Map<string, Choice>([
  ['1', 'yes'],
  ['2', 'late'],
  ['0', 'no'],
]);

export type CardReply =
  | { kind: 'choice'; choice: Choice }
  /** A number or a duration: the delay of a late volunteer, or else a wrong number («۵»). Not checked for range. */
  | { kind: 'minutes'; minutes: number };

/** What a typed message says to the last card; undefined when it is not a number or a duration at all. */
export function readCardReply(text: string): CardReply | undefined {
  const choice = NUMBERED.get(normalizeInput(text));
  if (choice) return { kind: 'choice', choice };
  const minutes = parseTypedMinutes(text);
  return minutes === undefined ? undefined : { kind: 'minutes', minutes };
}
