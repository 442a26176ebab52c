import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  CRISIS_TYPES,
  getCrisisType,
  getUrgencyLevel,
  URGENCY_LEVELS,
} from '../../../../src/domain/reference/crisis-types.ts';
import { parseReference } from '../../../../src/domain/reference/parse-reference.ts';
import {
  getSpecialty,
  getSpecialtyGroup,
  licenceBodyOf,
  SPECIALTIES,
  SPECIALTY_GROUPS,
  specialtiesInGroup,
} from '../../../../src/domain/reference/specialties.ts';

describe('specialties', () => {
  it('when loaded, then every specialty belongs to a known group and every group has specialties', () => {
    for (const s of SPECIALTIES) expect(getSpecialtyGroup(s.group), s.code).toBeDefined();
    for (const g of SPECIALTY_GROUPS) expect(specialtiesInGroup(g.code).length, g.code).toBeGreaterThan(0);
    expect(new Set(SPECIALTIES.map((s) => s.code)).size).toBe(SPECIALTIES.length);
  });

  it('when a specialty is looked up, then its council is the one to ask a number from', () => {
    expect(getSpecialty('gp')?.fa).toBe('پزشک عمومی');
    expect(licenceBodyOf('nurse')).toBe('ino');
    expect(licenceBodyOf('clinical_psychologist')).toBe('psychology_council');
    expect(licenceBodyOf('relief_worker')).toBe('none');
    expect(licenceBodyOf('astronaut')).toBeUndefined();
  });
});

describe('crisis types', () => {
  it('when loaded, then every suggested specialty and default urgency exists', () => {
    for (const c of CRISIS_TYPES) {
      expect(getUrgencyLevel(c.defaultUrgency), c.code).toBeDefined();
      for (const s of c.typicalSpecialties) expect(getSpecialty(s), `${c.code} → ${s}`).toBeDefined();
    }
    expect(URGENCY_LEVELS.map((u) => u.code)).toEqual(['immediate', 'urgent', 'scheduled']);
  });

  it('when a crisis type is looked up, then its defaults come back', () => {
    expect(getCrisisType('earthquake')).toMatchObject({
      fa: 'زلزله',
      defaultUrgency: 'immediate',
      suggestNeighborEscalation: true,
    });
    expect(getCrisisType('picnic')).toBeUndefined();
  });
});

describe('parseReference', () => {
  const schema = z.object({ items: z.array(z.object({ code: z.string() })) });

  it('when a data file is malformed, then loading fails loudly and names the file', () => {
    expect(() => parseReference('broken.json', schema, { items: [{ code: 1 }] })).toThrow(/broken\.json is malformed/);
  });

  it('when a data file is well formed, then the parsed data is returned', () => {
    expect(parseReference('ok.json', schema, { items: [{ code: 'a' }] })).toEqual({ items: [{ code: 'a' }] });
  });
});
