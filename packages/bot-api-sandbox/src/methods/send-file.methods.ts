import { ApiError, badRequest } from '../api/api-error.ts';
import type { ApiMessage } from '../api/api-types.ts';
import { readReplyMarkup } from '../api/reply-markup.ts';
import type { BotState } from '../bot-state.ts';
import { toApiMessage } from '../chat/api-message.ts';
import type { SandboxFile } from '../chat/sandbox-message.ts';
import { fileNameFromUrl, guessMimeType, imageSize } from '../files/file-facts.ts';
import type { FileKind, NewFile, StoredFile } from '../files/file-store.ts';
import { readCaption } from '../formatting/formatted-text.ts';
import type { UploadedFile } from '../http/multipart.ts';
import { applyReplyKeyboard, captionFields, optionalFields, readReplyTarget } from './message-options.ts';
import type { MethodCall } from './method-call.ts';

export const sendDocument = (call: MethodCall): ApiMessage => sendFile(call, 'document', 'sendDocument');
export const sendPhoto = (call: MethodCall): ApiMessage => sendFile(call, 'photo', 'sendPhoto');

function sendFile({ bot, params }: MethodCall, kind: FileKind, method: string): ApiMessage {
  const chatId = params.chatId(bot.profile.descriptions.chatNotFound);
  const source = params.file(kind);
  if (source === undefined) throw badRequest(`there is no ${kind} in the request`);
  const caption = readCaption(params, bot.profile, bot.limits.maxCaptionLength);
  const markup = readReplyMarkup(params, bot.limits.maxCallbackDataBytes);
  const chat = bot.chatFor(chatId, 'write');
  const replyTo = readReplyTarget(params, chat);
  const prepared = typeof source === 'string' ? reuseOrLink(bot, kind, source) : { draft: upload(bot, kind, source) };
  bot.throttle(chat.id);
  const stored = 'file' in prepared ? prepared.file : bot.files.add(prepared.draft);
  const record = chat.add({
    fromBot: true,
    [kind]: sandboxFile(stored),
    ...captionFields(caption),
    ...optionalFields(markup, replyTo),
  });
  applyReplyKeyboard(chat, markup);
  bot.delivered(chat, record, method);
  return toApiMessage(record, chat, bot.user);
}

function upload(bot: BotState, kind: FileKind, file: UploadedFile): NewFile {
  if (file.bytes.length === 0) throw badRequest('file must be non-empty');
  const max = kind === 'photo' ? bot.limits.maxPhotoBytes : bot.limits.maxUploadBytes;
  if (file.bytes.length > max) throw new ApiError(413, 'Request Entity Too Large');
  const size = kind === 'photo' ? imageSize(file.bytes) : undefined;
  if (kind === 'photo' && !size) throw badRequest('IMAGE_PROCESS_FAILED');
  return {
    kind,
    fileName: file.fileName,
    mimeType: guessMimeType(file.fileName, file.contentType),
    size: file.bytes.length,
    bytes: file.bytes,
    url: undefined,
    width: size?.width,
    height: size?.height,
  };
}

/** A known file_id is sent again; an http(s) URL is recorded without fetching (the sandbox has no internet). */
function reuseOrLink(bot: BotState, kind: FileKind, value: string): { file: StoredFile } | { draft: NewFile } {
  const known = bot.files.get(value);
  if (known) {
    if (known.kind !== kind) throw badRequest(`can't use file of type ${label(known.kind)} as ${label(kind)}`);
    return { file: known };
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw badRequest('wrong file identifier/HTTP URL specified');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw badRequest('wrong file identifier/HTTP URL specified');
  }
  const fileName = fileNameFromUrl(url);
  const draft: NewFile = {
    kind,
    fileName,
    mimeType: guessMimeType(fileName, undefined),
    size: 0,
    bytes: undefined,
    url: value,
    width: undefined,
    height: undefined,
  };
  return { draft };
}

const label = (kind: FileKind): string => (kind === 'photo' ? 'Photo' : 'Document');

export function sandboxFile(file: StoredFile): SandboxFile {
  return {
    file_id: file.fileId,
    file_unique_id: file.fileUniqueId,
    file_size: file.size,
    ...(file.fileName !== undefined && { file_name: file.fileName }),
    ...(file.mimeType !== undefined && { mime_type: file.mimeType }),
    ...(file.width !== undefined && { width: file.width, height: file.height ?? 0 }),
    ...(file.bytes !== undefined && { bytes: file.bytes }),
    ...(file.url !== undefined && { url: file.url }),
  };
}
