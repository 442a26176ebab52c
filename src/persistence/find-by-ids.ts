/**
 * The documents with these `_id`s, each read on its own, at once. FerretDB on SQLite answers an exact `_id` from its
 * index but reads and decodes the whole collection for `{ _id: { $in } }` (0.3 ms a document: 1.5 s for a call-up's
 * 5,000 invitations), so a batch of a few dozen lookups costs milliseconds where one `$in` costs seconds; on MongoDB
 * they are index lookups either way. Missing ones are left out.
 */
export async function findByIds<T>(
  model: { findById(id: string): { lean<R>(): PromiseLike<R | null> } },
  ids: readonly string[],
): Promise<T[]> {
  const docs = await Promise.all(ids.map((id) => model.findById(id).lean<T>()));
  return docs.filter((doc) => doc !== null);
}
