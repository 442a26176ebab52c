import type { Connection } from 'mongoose';

/**
 * Which server answers: FerretDB reports `ferretdbVersion` in buildInfo. Call-up matching needs to know, because
 * FerretDB v1 scans and decodes a whole collection for any filter but an exact `_id`.
 */
export async function serverKind(connection: Connection): Promise<'mongodb' | 'ferretdb'> {
  const db = connection.db;
  if (!db) throw new Error('the database connection is not open');
  const info = await db.admin().command({ buildInfo: 1 });
  return 'ferretdbVersion' in info ? 'ferretdb' : 'mongodb';
}
