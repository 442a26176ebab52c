import { badRequest } from '../api/api-error.ts';
import type { MethodCall } from './method-call.ts';

/** File info for a file the bot sent; its bytes are served at /file/bot<token>/<file_path>. */
export function getFile({ bot, params }: MethodCall): unknown {
  const file = bot.files.get(params.string('file_id') ?? '');
  if (!file) throw badRequest('invalid file_id');
  return { file_id: file.fileId, file_unique_id: file.fileUniqueId, file_size: file.size, file_path: file.filePath };
}
