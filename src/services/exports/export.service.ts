import type { Locale } from '../../domain/locale.ts';
import { type Actor, narrowScope } from '../../domain/roles/actor.ts';
import { RoleError } from '../../domain/roles/role-error.ts';
import { tehranParts } from '../../domain/text/tehran-clock.ts';
import type { Tr } from '../../i18n/index.ts';
import type { VolunteerRepository } from '../../persistence/repositories/volunteer.repository.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import type { Authorization } from '../roles/authorization.ts';
import { type CallUpAnswersSource, callUpAnswersTable } from './callup-answers-table.ts';
import { type ExportFormat, type ExportTable, toFile } from './table-files.ts';
import { volunteerTable } from './volunteer-table.ts';

export interface ExportFile {
  fileName: string;
  bytes: Uint8Array;
  rows: number;
  /** The table the file was written from (for checks). */
  table: ExportTable;
}

export interface ExportService {
  /** Volunteers of the actor's scope (or one province of it) as CSV or XLSX; recorded in the audit log. */
  volunteers(
    actor: Actor,
    options: { province?: string; format: ExportFormat; locale: Locale; t: Tr },
  ): Promise<ExportFile>;
  /** One call-up's answers, for a coordinator of its province or an admin; recorded in the audit log. */
  callUpAnswers(
    actor: Actor,
    options: { callUpId: string; format: ExportFormat; locale: Locale; t: Tr },
  ): Promise<ExportFile>;
}

export interface ExportServiceDeps {
  volunteers: Pick<VolunteerRepository, 'listInProvinces'>;
  callUps?: CallUpAnswersSource;
  authorization: Authorization;
  audit: AuditLog;
  now: () => Date;
}

const stamp = (now: Date) => {
  const p = tehranParts(now);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${p.jy}${pad(p.jm)}${pad(p.jd)}-${pad(p.hour)}${pad(p.minute)}`;
};

/**
 * Files for coordinators and admins. Erased volunteers cannot appear: "delete my data" removes the record and the
 * export reads registered records only.
 */
export function createExportService(deps: ExportServiceDeps): ExportService {
  const { authorization, audit, now } = deps;
  return {
    async volunteers(actor, { province, format, locale, t }) {
      await authorization.ensure(
        actor,
        { role: 'coordinator', ...(province ? { province } : {}) },
        'export.volunteers',
      );
      const scope = narrowScope(actor, province);
      if (!scope) throw new RoleError('out_of_scope');
      const at = now();
      const list = await deps.volunteers.listInProvinces(scope.kind === 'country' ? null : scope.provinces);
      const table = volunteerTable(list, actor, locale, t, at);
      const bytes = await toFile(table, format);
      await audit.record({
        actor: actor.key,
        action: 'export.volunteers',
        ...(province ? { province } : {}),
        details: {
          format,
          rows: list.length,
          scope: scope.kind === 'country' ? 'country' : scope.provinces,
        },
      });
      const scopeName = province ?? (scope.kind === 'country' ? 'iran' : 'provinces');
      return { fileName: `nazr-volunteers-${scopeName}-${stamp(at)}.${format}`, bytes, rows: list.length, table };
    },

    async callUpAnswers(actor, { callUpId, format, locale, t }) {
      await authorization.ensure(actor, { role: 'coordinator' }, 'export.callup');
      const callUp = await deps.callUps?.find(callUpId);
      if (!callUp) throw new RoleError('not_found');
      await authorization.ensure(actor, { role: 'coordinator', province: callUp.province }, 'export.callup');
      const table = callUpAnswersTable(callUp, actor, locale, t);
      const bytes = await toFile(table, format);
      await audit.record({
        actor: actor.key,
        action: 'export.callup',
        target: callUp.id,
        province: callUp.province,
        details: { format, rows: table.rows.length },
      });
      return { fileName: `nazr-callup-${callUp.id}-${stamp(now())}.${format}`, bytes, rows: table.rows.length, table };
    },
  };
}
