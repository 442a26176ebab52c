import { describe, expect, it } from 'vitest';
import { EMPTY_MISSION_PLEDGE } from '../../../src/domain/missions/mission-pledge.ts';
import { createErasureRepository } from '../../../src/persistence/repositories/erasure.repository.ts';
import { createMissionRepository } from '../../../src/persistence/repositories/missions/mission.repository.ts';
import { createMissionPledgeRepository } from '../../../src/persistence/repositories/missions/mission-pledge.repository.ts';
import { createTestDatabase } from '../../support/database.ts';
import { tehran } from '../../support/volunteer-fixtures.ts';

const database = await createTestDatabase();
const at = tehran('2026-11-23T10:00:00');
const erasure = createErasureRepository(database.models, () => {});
const missions = createMissionRepository(database.models);
const pledges = createMissionPledgeRepository(database.models);

describe('delete my data and missions', () => {
  it('when a volunteer on a mission shortlist erases their data, then their answer and hours stay anonymous and the part goes', async () => {
    const me = 'bale:4242';
    const other = 'bale:5353';
    for (const [key, chatId] of [
      [me, '4242'],
      [other, '5353'],
    ] as const) {
      await pledges.save(key, { ...EMPTY_MISSION_PLEDGE, abroad: true }, at);
      await pledges.addHours(key, 112);
      const answer = { missionId: 'ms000001', volunteerKey: key, platform: 'bale', chatId, locale: 'fa' } as const;
      await missions.invite([{ ...answer, specialty: 'gp', state: 'invited', volunteeredAt: null }], at);
      await missions.move('ms000001', key, ['invited'], 'volunteered', at);
    }

    await erasure.anonymiseCallUps(me, 'erased:1');

    expect(await pledges.get(me)).toBeNull();
    expect(await database.models.missionHours.findById('erased:1').lean()).toMatchObject({ hours: 112 });
    const answers = await database.models.missionAnswers.find({ missionId: 'ms000001' }).lean();
    expect(answers.map((a) => a._id).sort()).toEqual(['ms000001:bale:5353', 'ms000001:erased:1']);
    expect(answers.find((a) => a.volunteerKey === 'erased:1')).toMatchObject({ chatId: '', state: 'volunteered' });
    expect(JSON.stringify(answers)).not.toContain('4242');
    expect(await pledges.get(other)).not.toBeNull();
  });
});
