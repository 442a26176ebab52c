import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getProvince } from '../../../src/domain/reference/provinces.ts';
import { createCoordinatorRepository } from '../../../src/persistence/repositories/coordinator.repository.ts';
import { TEST_TOKENS } from '../../support/bot-harness.ts';
import { buttonsOf, type CallUpHarness, startCallUpBot, type Tr } from '../../support/callup-harness.ts';

describe('who may send a mission where', () => {
  let h: CallUpHarness;
  let t: Tr;
  const id = 9101;

  beforeAll(async () => {
    h = await startCallUpBot();
    t = h.t('fa');
    const at = h.clock.now();
    await createCoordinatorRepository(h.database.models).saveActive({
      key: `telegram:${id}`,
      platform: 'telegram',
      chatId: String(id),
      name: 'هماهنگ‌کننده‌ی تهران',
      status: 'active',
      provinces: ['tehran'],
      note: null,
      via: 'request',
      requestedAt: at,
      appointedAt: at,
      appointedBy: 'telegram:9001',
      updatedAt: at,
    });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('when a provincial coordinator tries to send a mission abroad, then it is refused; at home only their province is offered', async () => {
    const user = h.sandbox.user({ token: TEST_TOKENS.telegram, userId: id, firstName: 'Maryam', started: true });
    user.sendCommand('/mission');
    await user.waitFor((m) => m.text === t('missions:create.where'));
    user.press(t('missions:create.abroad'));
    const refused = await user.waitFor(
      (m) => m.text?.includes(t('missions:create.errors.abroad_not_allowed')) === true,
    );
    expect(buttonsOf(refused)).toContain(t('missions:create.home'));
    expect(await h.database.models.missions.countDocuments()).toBe(0);

    user.press(t('missions:create.home'));
    const provinces = await user.waitFor((m) => m.text === t('missions:create.province'));
    expect(buttonsOf(provinces)).toContain(getProvince('tehran')!.fa);
    expect(buttonsOf(provinces)).not.toContain(getProvince('fars')!.fa);
  });

  it('when an admin chooses abroad, then the countries are asked', async () => {
    const admin = h.coordinator();
    admin.sendCommand('/mission');
    await admin.waitFor((m) => m.text === t('missions:create.where'));
    admin.press(t('missions:create.abroad'));
    const countries = await admin.waitFor((m) => m.text === t('missions:create.country'));
    expect(buttonsOf(countries)).toContain('عراق');
  });
});
