import type { MessageEntity } from '../api/api-types.ts';
import { byteOffset, cantParse, type ParsedText } from './parsed-text.ts';

const SIMPLE: Readonly<Record<string, string>> = { '*': 'bold', _: 'italic', '`': 'code' };

/** Parses legacy Markdown: `*bold*`, `_italic_`, `` `code` ``, ```` ```pre``` ````, `[text](url)`, no nesting. */
export function parseMarkdown(source: string): ParsedText {
  let text = '';
  const entities: MessageEntity[] = [];
  let i = 0;
  while (i < source.length) {
    const char = source[i]!;
    const unclosed = () => cantParse(`Can't find end of the entity starting at byte offset ${byteOffset(source, i)}`);
    if (char === '\\' && '_*`['.includes(source[i + 1] ?? '')) {
      text += source[i + 1];
      i += 2;
    } else if (source.startsWith('```', i)) {
      const end = source.indexOf('```', i + 3);
      if (end < 0) throw unclosed();
      const body = source.slice(i + 3, end);
      entities.push({ type: 'pre', offset: text.length, length: body.length });
      text += body;
      i = end + 3;
    } else if (char in SIMPLE) {
      const end = source.indexOf(char, i + 1);
      if (end < 0) throw unclosed();
      const body = source.slice(i + 1, end);
      entities.push({ type: SIMPLE[char]!, offset: text.length, length: body.length });
      text += body;
      i = end + 1;
    } else if (char === '[') {
      const link = /^\[([^\]]*)\]\(([^)]*)\)/.exec(source.slice(i));
      if (!link) throw unclosed();
      const label = link[1] ?? '';
      entities.push({ type: 'text_link', offset: text.length, length: label.length, url: link[2] ?? '' });
      text += label;
      i += link[0].length;
    } else {
      text += char;
      i++;
    }
  }
  return { text, entities: entities.filter((e) => e.length > 0) };
}
