import { describe, expect, it } from 'vitest';
import { serverKind } from '../../../src/persistence/server-kind.ts';
import { createTestDatabase } from '../../support/database.ts';

const database = await createTestDatabase();
const onFerretdb = (await serverKind(database.connection)) === 'ferretdb';

/** SQLite's query plan lines as FerretDB's `explain` reports them (`id=… parent=… notused=… detail=…`). */
async function sqlitePlan(filter: Record<string, unknown>): Promise<string[]> {
  const db = database.connection.db;
  if (!db) throw new Error('the database connection is not open');
  const result = await db.command({ explain: { find: 'id_lookups', filter } });
  return (result.queryPlanner as { Plan: string[] }).Plan;
}

// scripts/ensure-ferretdb.sh patches FerretDB so lookups by `_id` use the `_id_` index (on SQLite an expression index
// serves only the identical expression). Without the patch each update, delete and find by `_id` scans the collection.
describe.runIf(onFerretdb)('FerretDB finding documents by _id', () => {
  it('when a document is looked up by its _id, then SQLite searches the _id index instead of scanning', async () => {
    await database.connection.collection('id_lookups').insertMany([{ _id: 'a' }, { _id: 'b' }] as never[]);

    const plan = await sqlitePlan({ _id: 'a' });

    expect(plan.join('\n')).toMatch(/detail=SEARCH .* USING INDEX/);
    expect(plan.join('\n')).not.toMatch(/detail=SCAN/);
  });
});
