import { randomBytes } from 'node:crypto';
import { type Base, type BaseFields, baseProblems, placeOf } from '../../domain/bases/base.ts';
import { BaseError } from '../../domain/bases/base-error.ts';
import type { Actor } from '../../domain/roles/actor.ts';
import type { BaseRepository } from '../../persistence/repositories/base.repository.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import type { Authorization } from '../roles/authorization.ts';

export interface BaseServiceDeps {
  bases: BaseRepository;
  authorization: Authorization;
  audit: AuditLog;
  now: () => Date;
}

/** What an actor may change in a base after creating it. */
export type BaseEdit = Partial<Omit<BaseFields, 'province'>>;

const newBaseId = () => randomBytes(6).toString('base64url');

/**
 * Bases kept by the provincial coordinators: created, edited, closed and reopened in their own provinces (admins
 * everywhere), each change written to the audit log.
 */
export function createBaseService(deps: BaseServiceDeps) {
  const { bases, authorization, audit, now } = deps;

  /** The base, when the actor coordinates its province; refusals are logged by `ensure`. */
  const ownBase = async (actor: Actor, id: string, attempt: string): Promise<Base> => {
    const base = await bases.get(id);
    if (!base) throw new BaseError('not_found');
    await authorization.ensure(actor, { role: 'coordinator', province: base.province }, attempt);
    return base;
  };

  const store = storeBase(deps);

  return {
    store,
    get: (id: string) => bases.get(id),

    /** Creates a base in one of the actor's provinces. */
    async create(actor: Actor, fields: BaseFields): Promise<Base> {
      await authorization.ensure(actor, { role: 'coordinator', province: fields.province }, 'base.create');
      return store(actor, fields, 'form');
    },

    /** Changes some fields of a base in the actor's provinces; a new city without a pin moves it to that city. */
    async edit(actor: Actor, id: string, edit: BaseEdit): Promise<Base> {
      const base = await ownBase(actor, id, 'base.edit');
      const fields = editedFields(base, edit);
      const problems = baseProblems(fields);
      if (problems.length > 0) throw new BaseError('invalid', problems);
      const { pin: _pin, province: _province, ...changes } = fields;
      const updated = await bases.update(id, { ...changes, ...placeOf(fields) }, now());
      if (updated === false) throw new BaseError('duplicate');
      if (!updated) throw new BaseError('not_found');
      const changed = Object.keys(edit).filter((k) => edit[k as keyof BaseEdit] !== undefined);
      await audit.record({
        actor: actor.key,
        action: 'base.changed',
        target: `base:${id}`,
        province: base.province,
        details: { fields: changed },
      });
      return updated;
    },

    /** Closes a base (it takes no new members and is no call-up's target) or opens it again. */
    async setOpen(actor: Actor, id: string, open: boolean): Promise<Base> {
      const base = await ownBase(actor, id, open ? 'base.reopen' : 'base.close');
      const updated = await bases.setStatus(id, open ? 'open' : 'closed', now());
      if (!updated) throw new BaseError('not_found');
      await audit.record({
        actor: actor.key,
        action: open ? 'base.reopened' : 'base.closed',
        target: `base:${id}`,
        province: base.province,
      });
      return updated;
    },

    /** The bases an actor keeps: an admin's everywhere, a coordinator's in their provinces. */
    async listFor(actor: Actor, filter: { province?: string } = {}): Promise<Base[]> {
      if (actor.role === 'admin') return bases.list(filter.province ? { provinces: [filter.province] } : {});
      if (actor.role !== 'coordinator') return [];
      const provinces = filter.province ? actor.provinces.filter((p) => p === filter.province) : actor.provinces;
      return bases.list({ provinces });
    },
  };
}

/** Stores a checked base; `via` says how it came (the bot's form, or a file's row) for the audit log. */
function storeBase({ bases, audit, now }: BaseServiceDeps) {
  return async (actor: Actor, fields: BaseFields, via: 'form' | 'import'): Promise<Base> => {
    const problems = baseProblems(fields);
    if (problems.length > 0) throw new BaseError('invalid', problems);
    const at = now();
    const base: Base = {
      id: newBaseId(),
      kind: fields.kind,
      name: fields.name.trim(),
      province: fields.province,
      city: fields.city,
      neighbourhood: fields.neighbourhood,
      ...placeOf(fields),
      leaders: [],
      status: 'open',
      createdBy: actor.key,
      createdAt: at,
      updatedAt: at,
    };
    if (!(await bases.create(base))) throw new BaseError('duplicate');
    await audit.record({
      actor: actor.key,
      action: 'base.created',
      target: `base:${base.id}`,
      province: base.province,
      details: { kind: base.kind, via },
    });
    return base;
  };
}

/** The fields of a base after an edit: a new city without a pin moves it to that city's centre. */
function editedFields(base: Base, edit: BaseEdit): BaseFields {
  const pinKept = base.locationFrom === 'pin' ? base.location : null;
  return {
    kind: edit.kind ?? base.kind,
    name: edit.name ?? base.name,
    province: base.province,
    city: edit.city ?? base.city,
    neighbourhood: edit.neighbourhood === undefined ? base.neighbourhood : edit.neighbourhood,
    pin: edit.pin === undefined ? pinKept : edit.pin,
  };
}

export type BaseService = ReturnType<typeof createBaseService>;
