import { badRequest } from '../api/api-error.ts';
import type { MessageEntity } from '../api/api-types.ts';

export interface ParsedText {
  text: string;
  entities: MessageEntity[];
}

/** The 400 Telegram answers for malformed markup, with td's wording of the detail. */
export const cantParse = (detail: string): Error => badRequest(`can't parse entities: ${detail}`);

/** Telegram reports markup positions in UTF-8 bytes of the source text. */
export function byteOffset(source: string, index: number): number {
  return Buffer.byteLength(source.slice(0, index), 'utf8');
}

/**
 * Telegram trims surrounding whitespace from texts and captions, drops empty entities and orders the rest by
 * offset (longer first), so the sandbox does the same to report what a client would show.
 */
export function finalizeText(parsed: ParsedText): ParsedText {
  const leading = /^\s*/.exec(parsed.text)?.[0].length ?? 0;
  const text = parsed.text.trim();
  const entities: MessageEntity[] = [];
  for (const entity of parsed.entities) {
    const start = Math.max(0, entity.offset - leading);
    const end = Math.min(text.length, entity.offset + entity.length - leading);
    if (end > start) entities.push({ ...entity, offset: start, length: end - start });
  }
  entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
  return { text, entities };
}
