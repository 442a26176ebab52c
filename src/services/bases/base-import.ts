import type { BaseProblem } from '../../domain/bases/base.ts';
import { BaseError } from '../../domain/bases/base-error.ts';
import { type BaseColumn, readBaseTable } from '../../domain/bases/base-rows.ts';
import type { Actor } from '../../domain/roles/actor.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import type { Authorization } from '../roles/authorization.ts';
import type { BaseService } from './base.service.ts';
import { parseTableFile, tableFormatOf } from './table-file.ts';

/** Why one row of a file made no base. */
export type RowRefusal = BaseProblem | 'out_of_scope' | 'duplicate';

export type ImportReport =
  | { ok: true; created: number; refused: { row: number; reasons: RowRefusal[] }[] }
  | { ok: false; reason: 'format' | 'unreadable' | 'empty' | 'too_many_rows' | 'missing_columns'; missing?: string[] };

export interface BaseImportDeps {
  bases: BaseService;
  authorization: Authorization;
  audit: AuditLog;
  /** The titles a header cell may use for each column, in every language the bot speaks. */
  columnTitles: Record<BaseColumn, readonly string[]>;
}

/**
 * Bulk import from a CSV or XLSX file: every row on its own, so a file with bad rows still creates all the good
 * ones; the report says, row by row, what was refused and why.
 */
export function createBaseImport(deps: BaseImportDeps) {
  const { bases, authorization, audit } = deps;

  const readTable = async (file: { name: string | undefined; bytes: Uint8Array }) => {
    const format = tableFormatOf(file.name);
    if (!format) return { ok: false as const, reason: 'format' as const };
    try {
      return { ok: true as const, table: await parseTableFile(file.bytes, format) };
    } catch {
      // A broken or password-protected workbook: the person is told, nothing is half-imported.
      return { ok: false as const, reason: 'unreadable' as const };
    }
  };

  return {
    async importFile(actor: Actor, file: { name: string | undefined; bytes: Uint8Array }): Promise<ImportReport> {
      await authorization.ensure(actor, { role: 'coordinator' }, 'base.import');
      const read = await readTable(file);
      if (!read.ok) return read;
      const table = readBaseTable(read.table, deps.columnTitles);
      if (!table.ok) return { ok: false, reason: table.reason, ...(table.missing ? { missing: table.missing } : {}) };
      let created = 0;
      const refused: { row: number; reasons: RowRefusal[] }[] = [];
      for (const row of table.rows) {
        if (!row.ok) {
          refused.push({ row: row.row, reasons: row.problems });
          continue;
        }
        if (!authorization.decide(actor, { role: 'coordinator', province: row.fields.province }).ok) {
          refused.push({ row: row.row, reasons: ['out_of_scope'] });
          continue;
        }
        try {
          await bases.store(actor, row.fields, 'import');
          created += 1;
        } catch (error) {
          if (!(error instanceof BaseError)) throw error;
          refused.push({ row: row.row, reasons: error.code === 'invalid' ? [...error.problems] : ['duplicate'] });
        }
      }
      await audit.record({
        actor: actor.key,
        action: 'base.imported',
        details: { created, refused: refused.length, rows: table.rows.length },
      });
      return { ok: true, created, refused };
    },
  };
}

export type BaseImport = ReturnType<typeof createBaseImport>;
