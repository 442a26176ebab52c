import { type Bot, GrammyError, InputFile } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox, SimulatedUser } from '../src/index.ts';
import { callApi, grammyBot, ONE_PIXEL_PNG, startTwoBotSandbox, TELEGRAM_TOKEN } from './sandbox-helpers.ts';

describe('sandbox files', () => {
  let sandbox: Sandbox;
  let bot: Bot;
  let user: SimulatedUser;
  beforeEach(async () => {
    sandbox = await startTwoBotSandbox({ limits: { perChatBurst: 20 } });
    bot = await grammyBot(sandbox);
    user = sandbox.user({ token: TELEGRAM_TOKEN, firstName: 'Sara' });
    user.sendText('send me the report');
  });
  afterEach(async () => {
    await sandbox.close();
  });

  it('when a document is uploaded with InputFile, then name, inferred mime, bytes and caption are kept', async () => {
    const bytes = Buffer.from('%PDF-1.4\nگزارش\n');
    const sent = await bot.api.sendDocument(user.chatId, new InputFile(bytes, 'گزارش.pdf'), { caption: 'Report' });
    expect(sent.document).toMatchObject({
      file_name: 'گزارش.pdf',
      mime_type: 'application/pdf',
      file_size: bytes.length,
    });
    expect(sent.caption).toBe('Report');

    const shown = user.lastMessage();
    expect(shown?.document?.file_name).toBe('گزارش.pdf');
    expect(Buffer.from(shown?.document?.bytes ?? new Uint8Array()).equals(bytes)).toBe(true);
    expect(sandbox.file(TELEGRAM_TOKEN, sent.document.file_id)?.bytes).toBeDefined();
  });

  it('when the bot downloads a file it sent, then getFile and /file/bot<token>/<path> return the bytes', async () => {
    const bytes = Buffer.from('col1,col2\n1,2\n');
    const sent = await bot.api.sendDocument(user.chatId, new InputFile(bytes, 'data.csv'));
    const file = await bot.api.getFile(sent.document.file_id);
    const response = await fetch(`${sandbox.apiRoot}/file/bot${TELEGRAM_TOKEN}/${file.file_path}`);
    expect(response.headers.get('content-type')).toBe('text/csv');
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('when a document is sent again by file_id, then the same file is reused', async () => {
    const first = await bot.api.sendDocument(user.chatId, new InputFile(Buffer.from('abc'), 'a.txt'));
    const second = await bot.api.sendDocument(user.chatId, first.document.file_id);
    expect(second.document.file_id).toBe(first.document.file_id);
    expect(user.messages().map((m) => m.document?.file_name)).toEqual(['a.txt', 'a.txt']);
  });

  it('when a photo is uploaded, then its size is read from the image', async () => {
    const sent = await bot.api.sendPhoto(user.chatId, new InputFile(ONE_PIXEL_PNG, 'dot.png'), { caption: 'dot' });
    expect(sent.photo).toMatchObject([{ width: 1, height: 1, file_size: ONE_PIXEL_PNG.length }]);
    expect(user.lastMessage()?.photo).toMatchObject({ mime_type: 'image/png', width: 1, height: 1 });
  });

  it('when a photo upload is not an image, then sendPhoto fails with IMAGE_PROCESS_FAILED', async () => {
    const error = await bot.api
      .sendPhoto(user.chatId, new InputFile(Buffer.from('not an image'), 'x.jpg'))
      .catch((e) => e);
    expect(error).toBeInstanceOf(GrammyError);
    expect((error as GrammyError).description).toBe('Bad Request: IMAGE_PROCESS_FAILED');
  });

  it('when a document is given by URL, then it is recorded without bytes', async () => {
    const sent = await bot.api.sendDocument(user.chatId, 'https://example.org/files/guide.pdf');
    expect(sent.document).toMatchObject({ file_name: 'guide.pdf', mime_type: 'application/pdf' });
    expect(user.lastMessage()?.document).toMatchObject({ url: 'https://example.org/files/guide.pdf' });
    expect(user.lastMessage()?.document?.bytes).toBeUndefined();
  });

  it('when the file id is unknown or a caption is too long, then the send fails with 400', async () => {
    const unknown = await callApi(sandbox, TELEGRAM_TOKEN, 'sendDocument', { chat_id: user.chatId, document: 'nope' });
    expect(unknown.body.description).toBe('Bad Request: wrong file identifier/HTTP URL specified');
    const missing = await callApi(sandbox, TELEGRAM_TOKEN, 'sendDocument', { chat_id: user.chatId });
    expect(missing.body.description).toBe('Bad Request: there is no document in the request');
    const longCaption = await bot.api
      .sendDocument(user.chatId, new InputFile(Buffer.from('x'), 'x.txt'), { caption: 'c'.repeat(1025) })
      .catch((e: GrammyError) => e);
    expect((longCaption as GrammyError).description).toBe('Bad Request: message caption is too long');
  });
});
