import type { MessageEntity } from '../api/api-types.ts';
import { byteOffset, cantParse, type ParsedText } from './parsed-text.ts';

const ENTITY_TYPES: Readonly<Record<string, string>> = {
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
  u: 'underline',
  ins: 'underline',
  s: 'strikethrough',
  strike: 'strikethrough',
  del: 'strikethrough',
  span: 'spoiler',
  'tg-spoiler': 'spoiler',
  a: 'text_link',
  code: 'code',
  pre: 'pre',
  blockquote: 'blockquote',
  'tg-emoji': 'custom_emoji',
};

const NAMED_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"' };

interface OpenTag {
  name: string;
  start: number;
  attributes: Map<string, string>;
}

/** Parses Telegram's HTML subset the way td does: unknown or unbalanced tags are errors, unknown `&x;` stays text. */
export function parseHtml(source: string): ParsedText {
  let text = '';
  const entities: MessageEntity[] = [];
  const stack: OpenTag[] = [];
  let i = 0;
  while (i < source.length) {
    const char = source[i]!;
    if (char === '&') {
      const decoded = decodeEntityAt(source, i);
      text += decoded?.value ?? '&';
      i = decoded?.end ?? i + 1;
    } else if (char !== '<') {
      text += char;
      i++;
    } else if (source[i + 1] === '/') {
      i = closeTag(source, i, stack, text, entities);
    } else {
      const tag = readStartTag(source, i);
      stack.push({ name: tag.name, start: text.length, attributes: tag.attributes });
      i = tag.end;
    }
  }
  const unclosed = stack.at(-1);
  if (unclosed) throw cantParse(`Can't find end tag corresponding to start tag "${unclosed.name}"`);
  return { text, entities };
}

function readStartTag(source: string, begin: number): { name: string; attributes: Map<string, string>; end: number } {
  let i = begin + 1;
  const nameMatch = /^[a-zA-Z0-9-]*/.exec(source.slice(i));
  const name = (nameMatch?.[0] ?? '').toLowerCase();
  i += name.length;
  if (!(name in ENTITY_TYPES)) {
    throw cantParse(`Unsupported start tag "${name}" at byte offset ${byteOffset(source, begin)}`);
  }
  const attributes = new Map<string, string>();
  for (;;) {
    while (i < source.length && /\s/.test(source[i]!)) i++;
    if (i >= source.length) throw cantParse(`Unclosed start tag at byte offset ${byteOffset(source, begin)}`);
    if (source[i] === '>') return { name, attributes, end: i + 1 };
    const attribute = /^([a-zA-Z-]+)(?:\s*=\s*("([^"]*)"|'([^']*)'|([^\s>"']+)))?/.exec(source.slice(i));
    if (!attribute?.[1]) {
      throw cantParse(
        `Expected equal sign in declaration of an attribute of the tag at byte offset ${byteOffset(source, begin)}`,
      );
    }
    const raw = attribute[3] ?? attribute[4] ?? attribute[5] ?? '';
    attributes.set(attribute[1].toLowerCase(), decodeAll(raw));
    i += attribute[0].length;
  }
}

function closeTag(source: string, begin: number, stack: OpenTag[], text: string, entities: MessageEntity[]): number {
  const match = /^<\/([a-zA-Z0-9-]*)\s*>/.exec(source.slice(begin));
  const offset = byteOffset(source, begin);
  if (!match) throw cantParse(`Can't find end tag at byte offset ${offset}`);
  const name = (match[1] ?? '').toLowerCase();
  const open = stack.pop();
  if (!open) throw cantParse(`Unexpected end tag at byte offset ${offset}`);
  if (open.name !== name) {
    throw cantParse(`Unmatched end tag at byte offset ${offset}, expected "</${open.name}>", found "</${name}>"`);
  }
  const entity = toEntity(open, text.length, stack.at(-1));
  if (entity) entities.push(entity);
  return begin + match[0].length;
}

function toEntity(open: OpenTag, end: number, parent: OpenTag | undefined): MessageEntity | undefined {
  const length = end - open.start;
  if (open.name === 'span' && open.attributes.get('class') !== 'tg-spoiler') {
    throw cantParse('Tag "span" must have class "tg-spoiler"');
  }
  const base = { type: ENTITY_TYPES[open.name]!, offset: open.start, length };
  if (open.name === 'a') {
    const href = open.attributes.get('href');
    return href && length > 0 ? { ...base, url: href } : undefined;
  }
  if (open.name === 'tg-emoji') {
    const id = open.attributes.get('emoji-id');
    if (!id) throw cantParse('Custom emoji entity must have emoji-id attribute');
    return length > 0 ? { ...base, custom_emoji_id: id } : undefined;
  }
  if (open.name === 'blockquote' && open.attributes.has('expandable')) {
    return length > 0 ? { ...base, type: 'expandable_blockquote' } : undefined;
  }
  // <pre><code class="language-x"> is one pre entity with a language, as Telegram renders it.
  const language = open.attributes.get('class')?.match(/^language-(.+)$/)?.[1];
  if (open.name === 'code' && parent?.name === 'pre' && parent.start === open.start) {
    if (language) parent.attributes.set('language', language);
    return undefined;
  }
  if (open.name === 'pre') {
    const pre = open.attributes.get('language');
    return length > 0 ? (pre ? { ...base, language: pre } : base) : undefined;
  }
  return length > 0 ? base : undefined;
}

function decodeEntityAt(source: string, at: number): { value: string; end: number } | undefined {
  const match = /^&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|[a-zA-Z]{2,8});/.exec(source.slice(at, at + 12));
  if (!match?.[1]) return undefined;
  const name = match[1];
  let value: string | undefined;
  if (name.startsWith('#x')) value = codePoint(Number.parseInt(name.slice(2), 16));
  else if (name.startsWith('#')) value = codePoint(Number.parseInt(name.slice(1), 10));
  else value = NAMED_ENTITIES[name];
  return value === undefined ? undefined : { value, end: at + match[0].length };
}

function codePoint(code: number): string | undefined {
  return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : undefined;
}

function decodeAll(raw: string): string {
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const decoded = raw[i] === '&' ? decodeEntityAt(raw, i) : undefined;
    out += decoded?.value ?? raw[i];
    i = decoded?.end ?? i + 1;
  }
  return out;
}
