import { describe, expect, it } from 'vitest';
import type { Invitation } from '../../../src/domain/callups/invitation.ts';
import { createCallUpAnswerRepository } from '../../../src/persistence/repositories/callup-answer.repository.ts';
import { anInvitation } from '../../support/callup-fixtures.ts';
import { createTestDatabase } from '../../support/database.ts';

const database = await createTestDatabase();

describe("a call-up's invitations watched as this process writes them (real database)", () => {
  it('when invitations are stored, answered one by one and in a batch, then the watcher hears each as stored', async () => {
    const invitations = createCallUpAnswerRepository(database.models);
    const heard: Invitation[] = [];
    const stop = invitations.watch('watch001', (written) => heard.push(...written));
    const other: Invitation[] = [];
    invitations.watch('watch002', (written) => other.push(...written));

    await invitations.invite([anInvitation('watch001', 'telegram:1'), anInvitation('watch001', 'telegram:2')]);
    expect(heard.map((i) => i.volunteerKey)).toEqual(['telegram:1', 'telegram:2']);

    const at = new Date();
    await invitations.update('watch001', 'telegram:1', () => ({ answer: 'yes', seat: 1, answeredAt: at }));
    expect(heard.at(-1)).toMatchObject({ volunteerKey: 'telegram:1', answer: 'yes', seat: 1 });

    await invitations.updateMany('watch001', ['telegram:2'], async () => new Map([['telegram:2', { answer: 'no' }]]));
    expect(heard.at(-1)).toMatchObject({ volunteerKey: 'telegram:2', answer: 'no' });
    // What is heard is what is stored.
    expect(await invitations.get('watch001', 'telegram:2')).toEqual(heard.at(-1));
    expect(other).toEqual([]);

    stop();
    await invitations.update('watch001', 'telegram:1', () => ({ answer: 'no' }));
    expect(heard).toHaveLength(4);
  });

  it('when a second wave invites some who are invited already, then only the new ones are stored, heard and returned', async () => {
    const invitations = createCallUpAnswerRepository(database.models);
    const heard: Invitation[] = [];
    invitations.watch('watch003', (written) => heard.push(...written));
    await invitations.invite([anInvitation('watch003', 'telegram:1')]);
    await invitations.update('watch003', 'telegram:1', () => ({ answer: 'yes' }));

    const again = [anInvitation('watch003', 'telegram:2'), anInvitation('watch003', 'telegram:1', { wave: 2 })];
    const stored = await invitations.invite(again);

    expect(stored.map((i) => i.volunteerKey)).toEqual(['telegram:2']);
    expect(heard.map((i) => i.volunteerKey)).toEqual(['telegram:1', 'telegram:1', 'telegram:2']);
    expect(await invitations.get('watch003', 'telegram:1')).toMatchObject({ answer: 'yes', wave: 1 });
    expect(await invitations.get('watch003', 'telegram:2')).toEqual(again[0]);
  });
});
