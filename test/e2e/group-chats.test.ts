import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotHarness, startTestBot } from '../support/bot-harness.ts';

const GROUP = { id: -1_001_234_567, title: 'پزشکان داوطلب' };

describe('group chats (bot ↔ sandbox over HTTP, real database)', () => {
  let h: BotHarness;

  beforeAll(async () => {
    h = await startTestBot({ platforms: ['telegram'] });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('when members write in a group, then each first /start gets one line with a link to the private chat, and nothing else runs', async () => {
    const first = h.user({ firstName: 'Leila', userId: 951, group: GROUP });
    first.sendCommand('/start');
    const answer = await first.waitFor(() => true);
    expect(answer.text).toContain('پیام خصوصی');
    expect(answer.text).toContain(`https://t.me/${h.app.bots.get('telegram')?.botInfo.username}`);

    first.sendCommand('/start');
    first.sendText('سلام، ثبت‌نام چطور است؟');
    first.sendCommand('/callup');
    // A second member of the same group: the group's updates are handled in order, so once this member is answered
    // the first member's are done. Any reply to them would show up in one of the two members' views.
    const second = h.user({ firstName: 'Arash', userId: 952, group: GROUP });
    second.sendCommand('/start');
    await second.waitFor((m) => m.text?.includes('پیام خصوصی') === true);

    expect(first.messages().filter((m) => m.fromBot)).toHaveLength(1);
    expect(second.messages().filter((m) => m.fromBot)).toHaveLength(1);
    // Nobody's own chat is taken to be the group, and the group has no conversation of its own.
    expect(await h.database.models.users.findById('telegram:951').lean()).toBeNull();
    expect(await h.database.models.sessions.findById(`telegram:${GROUP.id}`).lean()).toBeNull();
    expect(await h.database.models.sessions.findById(`telegram:${GROUP.id}:951`).lean()).not.toBeNull();
  });
});
