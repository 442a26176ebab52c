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
import { createBaseMembership } from './base-membership.service.ts';
import { createCallUpBases } from './callup-bases.ts';

export interface BasesServicesDeps {
  bases: BaseRepository;
  people: BasePeopleRepository;
  volunteers: Pick<VolunteerRepository, 'get'>;
  authorization: Authorization;
  audit: AuditLog;
  t: Translate;
  now: () => Date;
}

/** The bases module's use cases, sharing the staff authorization and audit log. */
export function createBasesServices(deps: BasesServicesDeps) {
  const bases = createBaseService(deps);
  // A file's header may name a column in any language the bot speaks.
  const columnTitles = Object.fromEntries(
    BASE_COLUMNS.map((c) => [c, LOCALES.map((locale) => deps.t(locale, `bases:import.columns.${c}`))]),
  ) as Record<BaseColumn, string[]>;
  return {
    authorization: deps.authorization,
    bases,
    imports: createBaseImport({ ...deps, bases, columnTitles }),
    leaders: createBaseLeaders(deps),
    membership: createBaseMembership(deps),
    callUps: createCallUpBases(deps),
    volunteers: deps.volunteers,
  };
}

export type BasesServices = ReturnType<typeof createBasesServices>;
