import type { MessageEntity } from '../api/api-types.ts';
import { byteOffset, cantParse, type ParsedText } from './parsed-text.ts';

const RESERVED = '_*[]()~`>#+-=|{}.!';

const TOGGLES: Readonly<Record<string, { type: string; name: string }>> = {
  '*': { type: 'bold', name: 'Bold' },
  _: { type: 'italic', name: 'Italic' },
  __: { type: 'underline', name: 'Underline' },
  '~': { type: 'strikethrough', name: 'Strikethrough' },
  '||': { type: 'spoiler', name: 'Spoiler' },
  '[': { type: 'text_link', name: 'TextUrl' },
  '![': { type: 'custom_emoji', name: 'CustomEmoji' },
};

interface Open {
  marker: string;
  start: number;
  at: number;
}

interface State {
  source: string;
  text: string;
  entities: MessageEntity[];
  stack: Open[];
}

/** Parses MarkdownV2: reserved characters outside entities must be escaped; entities must be closed in order. */
export function parseMarkdownV2(source: string): ParsedText {
  const state: State = { source, text: '', entities: [], stack: [] };
  let quoteStart: number | undefined;
  let lineStart = true;
  let i = 0;
  while (i < source.length) {
    const char = source[i]!;
    if (lineStart) {
      lineStart = false;
      if (char === '>') {
        quoteStart ??= state.text.length;
        i++;
        continue;
      }
      if (quoteStart !== undefined) {
        addQuote(state, quoteStart);
        quoteStart = undefined;
      }
    }
    if (char === '\\') {
      const next = source.charCodeAt(i + 1);
      const escapes = next > 0 && next <= 126;
      state.text += escapes ? source[i + 1] : char;
      i += escapes ? 2 : 1;
    } else if (char === '\n') {
      state.text += char;
      lineStart = true;
      i++;
    } else if (char === '`') {
      i = source.startsWith('```', i) ? readPre(state, i) : readCode(state, i);
    } else {
      i = readMarker(state, i);
    }
  }
  if (quoteStart !== undefined) addQuote(state, quoteStart);
  const open = state.stack.at(-1);
  if (open) throw missingEnd(state, open);
  return { text: state.text, entities: state.entities };
}

function readMarker(state: State, i: number): number {
  const { source, stack } = state;
  const char = source[i]!;
  let marker = source.startsWith('__', i) ? '__' : source.startsWith('||', i) ? '||' : char;
  if (source.startsWith('![', i)) marker = '![';
  // "___" closing an italic inside underline: td reads the single "_" first when italic is the innermost entity.
  if (marker === '__' && stack.at(-1)?.marker === '_' && !stack.some((o) => o.marker === '__')) marker = '_';
  if (char === ']') return closeLink(state, i);
  if (!(marker in TOGGLES)) {
    if (RESERVED.includes(char)) {
      throw cantParse(`Character '${char}' is reserved and must be escaped with the preceding '\\'`);
    }
    state.text += char;
    return i + 1;
  }
  const index = marker === '[' || marker === '![' ? -1 : stack.findIndex((o) => o.marker === marker);
  if (index < 0) {
    stack.push({ marker, start: state.text.length, at: i });
  } else if (index === stack.length - 1) {
    const open = stack.pop()!;
    addEntity(state, { type: TOGGLES[marker]!.type, offset: open.start, length: state.text.length - open.start });
  } else {
    throw missingEnd(state, stack.at(-1)!);
  }
  return i + marker.length;
}

function closeLink(state: State, i: number): number {
  const { source, stack } = state;
  const open = stack.at(-1);
  if (!open || (open.marker !== '[' && open.marker !== '![')) {
    throw cantParse(`Character ']' is reserved and must be escaped with the preceding '\\'`);
  }
  stack.pop();
  if (source[i + 1] !== '(') return i + 1;
  let url = '';
  let j = i + 2;
  for (; j < source.length && source[j] !== ')'; j++) {
    if (source[j] === '\\' && j + 1 < source.length) j++;
    url += source[j];
  }
  if (j >= source.length) throw cantParse(`Can't find end of a URL at byte offset ${byteOffset(source, i + 1)}`);
  const length = state.text.length - open.start;
  if (open.marker === '![') {
    const id = /^tg:\/\/emoji\?id=(\d+)$/.exec(url)?.[1];
    if (!id) throw cantParse(`Custom emoji URL must have an emoji identifier`);
    addEntity(state, { type: 'custom_emoji', offset: open.start, length, custom_emoji_id: id });
  } else if (url) {
    addEntity(state, { type: 'text_link', offset: open.start, length, url });
  }
  return j + 1;
}

function readCode(state: State, begin: number): number {
  const { source } = state;
  const start = state.text.length;
  for (let i = begin + 1; i < source.length; i++) {
    if (source[i] === '`') {
      addEntity(state, { type: 'code', offset: start, length: state.text.length - start });
      return i + 1;
    }
    if (source[i] === '\\' && i + 1 < source.length) i++;
    state.text += source[i];
  }
  throw cantParse(`Can't find end of Code entity at byte offset ${byteOffset(source, begin)}`);
}

function readPre(state: State, begin: number): number {
  const { source } = state;
  let i = begin + 3;
  const newline = source.indexOf('\n', i);
  const end = source.indexOf('```', i);
  let language: string | undefined;
  if (newline >= 0 && (end < 0 || newline < end)) {
    const firstLine = source.slice(i, newline);
    if (/^[^\s`]*$/.test(firstLine)) {
      language = firstLine || undefined;
      i = newline + 1;
    }
  }
  const start = state.text.length;
  for (; i < source.length; i++) {
    if (source.startsWith('```', i)) {
      const entity: MessageEntity = { type: 'pre', offset: start, length: state.text.length - start };
      addEntity(state, language ? { ...entity, language } : entity);
      return i + 3;
    }
    if (source[i] === '\\' && i + 1 < source.length) i++;
    state.text += source[i];
  }
  throw cantParse(`Can't find end of Pre entity at byte offset ${byteOffset(source, begin)}`);
}

function addQuote(state: State, start: number): void {
  const end = state.text.endsWith('\n') ? state.text.length - 1 : state.text.length;
  addEntity(state, { type: 'blockquote', offset: start, length: end - start });
}

function addEntity(state: State, entity: MessageEntity): void {
  if (entity.length > 0) state.entities.push(entity);
}

function missingEnd(state: State, open: Open): Error {
  const name = TOGGLES[open.marker]?.name ?? 'the';
  return cantParse(`Can't find end of ${name} entity at byte offset ${byteOffset(state.source, open.at)}`);
}
