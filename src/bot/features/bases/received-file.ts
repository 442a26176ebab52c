import type { BotContext } from '../../context.ts';

/** Bigger files are refused before download: a base list of a few thousand rows is well under this. */
export const MAX_TABLE_FILE_BYTES = 5 * 1024 * 1024;

/**
 * The bytes of the document in this message, fetched from the platform's file endpoint
 * (`<apiRoot>/file/bot<token>/<file_path>`, the same on Telegram and Bale); undefined when it is too large.
 */
export async function downloadDocument(
  ctx: BotContext,
): Promise<{ name: string | undefined; bytes: Uint8Array } | undefined> {
  const document = ctx.message?.document;
  if (!document || (document.file_size ?? 0) > MAX_TABLE_FILE_BYTES) return undefined;
  const file = await ctx.api.getFile(document.file_id);
  if (!file.file_path) return undefined;
  const root = ctx.api.options?.apiRoot ?? 'https://api.telegram.org';
  const response = await fetch(`${root}/file/bot${ctx.api.token}/${file.file_path}`);
  if (!response.ok) throw new Error(`file download failed: HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  return bytes.byteLength > MAX_TABLE_FILE_BYTES ? undefined : { name: document.file_name, bytes };
}
