import { ApiError, badRequest } from '../api/api-error.ts';
import type { MessageEntity } from '../api/api-types.ts';
import type { MethodParams } from '../api/method-params.ts';
import type { PlatformProfile } from '../platform-profiles.ts';
import { parseHtml } from './html-parser.ts';
import { parseMarkdown } from './markdown-parser.ts';
import { parseMarkdownV2 } from './markdown-v2-parser.ts';
import { finalizeText, type ParsedText } from './parsed-text.ts';

export interface FormattedText {
  text: string;
  entities: MessageEntity[];
  parseMode: string | undefined;
}

const PARSERS: Readonly<Record<string, (source: string) => ParsedText>> = {
  html: parseHtml,
  markdownv2: parseMarkdownV2,
  markdown: parseMarkdown,
};

interface TextField {
  field: 'text' | 'caption';
  entitiesField: 'entities' | 'caption_entities';
  maxLength: number;
}

/** Reads a message text: required, parsed per parse_mode, 1..maxLength after parsing. */
export function readMessageText(params: MethodParams, profile: PlatformProfile, maxLength: number): FormattedText {
  const parsed = readFormatted(params, profile, { field: 'text', entitiesField: 'entities', maxLength });
  if (!parsed || parsed.text.length === 0) throw badRequest('message text is empty');
  if (parsed.text.length > maxLength) throw badRequest('message is too long');
  return parsed;
}

/** Reads an optional caption, parsed per parse_mode, at most maxLength after parsing. */
export function readCaption(
  params: MethodParams,
  profile: PlatformProfile,
  maxLength: number,
): FormattedText | undefined {
  const parsed = readFormatted(params, profile, { field: 'caption', entitiesField: 'caption_entities', maxLength });
  if (parsed && parsed.text.length > maxLength) throw badRequest('message caption is too long');
  return parsed && parsed.text.length > 0 ? parsed : undefined;
}

function readFormatted(params: MethodParams, profile: PlatformProfile, spec: TextField): FormattedText | undefined {
  const source = params.string(spec.field);
  const mode = params.string('parse_mode') ?? '';
  const explicit = params.json(spec.entitiesField);
  if (!profile.formatting && (mode !== '' || explicit !== undefined)) {
    throw new ApiError(400, profile.descriptions.formattingRefused);
  }
  if (source === undefined) return undefined;
  if (explicit !== undefined) {
    const finalized = finalizeText({ text: source, entities: readEntities(explicit, source.length) });
    return { ...finalized, parseMode: undefined };
  }
  if (mode === '') return { ...finalizeText({ text: source, entities: [] }), parseMode: undefined };
  const parser = PARSERS[mode.toLowerCase()];
  if (!parser) throw badRequest('unsupported parse_mode');
  return { ...finalizeText(parser(source)), parseMode: mode };
}

function readEntities(value: unknown, textLength: number): MessageEntity[] {
  if (!Array.isArray(value)) throw badRequest("can't parse entities JSON object");
  return value.map((item: unknown) => {
    const entity = item as Partial<MessageEntity> | null;
    const valid =
      typeof entity === 'object' &&
      entity !== null &&
      typeof entity.type === 'string' &&
      Number.isInteger(entity.offset) &&
      Number.isInteger(entity.length) &&
      entity.offset! >= 0 &&
      entity.length! > 0 &&
      entity.offset! + entity.length! <= textLength;
    if (!valid) throw badRequest("can't parse entities: entity is out of the text or malformed");
    return { ...(entity as MessageEntity) };
  });
}
