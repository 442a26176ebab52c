import { BASE_COLUMNS, type BaseColumn } from '../../domain/bases/base-rows.ts';
import { LOCALES } from '../../domain/locale.ts';
import type { Translate } from '../../i18n/index.ts';
import type { BaseRepository } from '../../persistence/repositories/base.repository.ts';
import type { BasePeopleRepository } from '../../persistence/repositories/base-people.repository.ts';
import type { VolunteerRepository } from '../../persistence/repositories/volunteer.repository.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import type { Authorization } from '../roles/authorization.ts';
import { createBaseService } from './base.service.ts';
import { createBaseImport } from './base-import.ts';
import { createBaseLeaders } from './base-leaders.service.ts';
import { type BaseMembershipDeps, createBaseMembership } from './base-membership.service.ts';
import { createCallUpBases } from './callup-bases.ts';

export interface BasesServicesDeps {
  bases: BaseRepository;
  people: BasePeopleRepository;
  volunteers: Pick<VolunteerRepository, 'get'>;
  authorization: Authorization;
  audit: AuditLog;
  t: Translate;
  now: () => Date;
  placeAtBase?: BaseMembershipDeps['placeAtBase'];
}

/** The bases module's use cases, sharing the staff authorization and audit log. */
export function createBasesServices(deps: BasesServicesDeps) {
  const membership = createBaseMembership(deps);
  const service = createBaseService(deps);
  // Closing, reopening or moving a base moves its members with it, for call-ups by distance.
  const bases: typeof service = {
    ...service,
    async edit(actor, id, changes) {
      const base = await service.edit(actor, id, changes);
      if (changes.pin !== undefined || changes.city !== undefined) await membership.placeMembers(base);
      return base;
    },
    async setOpen(...args) {
      const base = await service.setOpen(...args);
      await membership.placeMembers(base);
      return base;
    },
  };
  // A file's header may name a column in any language the bot speaks.
  const columnTitles = Object.fromEntries(
    BASE_COLUMNS.map((c) => [c, LOCALES.map((locale) => deps.t(locale, `bases:import.columns.${c}`))]),
  ) as Record<BaseColumn, string[]>;
  return {
    authorization: deps.authorization,
    bases,
    imports: createBaseImport({ ...deps, bases, columnTitles }),
    leaders: createBaseLeaders(deps),
    membership,
    callUps: createCallUpBases(deps),
    volunteers: deps.volunteers,
  };
}

export type BasesServices = ReturnType<typeof createBasesServices>;
