import { AsyncLocalStorage } from 'node:async_hooks';
import type { Connection } from 'mongoose';

/** The commands that write; counted as the driver sends them (a batch insert of many documents is one write). */
const WRITE_COMMANDS = new Set(['insert', 'update', 'delete', 'findAndModify']);

export interface WriteMetrics {
  /** Updates measured with `measure`. */
  updates: number;
  /** Every write command this process sent, in updates or not (batched logs, the outbox, jobs). */
  dbWrites: number;
  /** Per update type: how many, and the writes made while each was being handled (not the batched ones after). */
  byUpdateType: Record<string, { updates: number; writes: number; writesPerUpdate: number }>;
}

export interface WriteCounter {
  /** Runs `task`, the handling of one update of kind `type`, counting the writes it makes until it settles. */
  measure<T>(type: string, task: () => Promise<T>): Promise<T>;
  snapshot(): WriteMetrics;
}

interface Scope {
  type: string;
  open: boolean;
}

/**
 * Counts the database writes of a connection through the driver's command monitoring, for the `/metrics` report and
 * the benchmarks. Writes are attributed to the update being handled through async context; a timer an update starts
 * (a batched log insert) carries that context, so a write is attributed only while its update is still open.
 */
export function createWriteCounter(connection: Connection): WriteCounter {
  const current = new AsyncLocalStorage<Scope>();
  const byType = new Map<string, { updates: number; writes: number }>();
  let updates = 0;
  let dbWrites = 0;
  const entry = (type: string) => {
    let found = byType.get(type);
    if (!found) {
      found = { updates: 0, writes: 0 };
      byType.set(type, found);
    }
    return found;
  };

  // Needs `monitorCommands: true` on the connection (connectDatabase sets it).
  connection.getClient().on('commandStarted', (event) => {
    if (!WRITE_COMMANDS.has(event.commandName)) return;
    dbWrites += 1;
    const scope = current.getStore();
    if (scope?.open) entry(scope.type).writes += 1;
  });

  return {
    async measure(type, task) {
      const scope: Scope = { type, open: true };
      updates += 1;
      entry(type).updates += 1;
      try {
        return await current.run(scope, task);
      } finally {
        scope.open = false;
      }
    },
    snapshot() {
      const types: WriteMetrics['byUpdateType'] = {};
      for (const [type, { updates: count, writes }] of byType) {
        types[type] = { updates: count, writes, writesPerUpdate: count ? Number((writes / count).toFixed(2)) : 0 };
      }
      return { updates, dbWrites, byUpdateType: types };
    },
  };
}
