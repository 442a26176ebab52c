import { startBenchDatabase } from './support/bench-database.ts';
import { seedVolunteers } from './support/volunteers.ts';
import { createVolunteerRepository } from '../src/persistence/repositories/volunteer.repository.ts';

export async function main() {
  const server = await startBenchDatabase();
  const db = await server.fresh();
  const ids = Array.from({ length: 5000 }, (_, i) => 2_000_000 + i);
  await seedVolunteers(db.database, ids);
  const repo = createVolunteerRepository(db.database.models);
  const keys = ids.map((id) => `telegram:${id}`);
  for (const parallel of [8, 16, 50, 8, 16, 50]) {
    const start = performance.now();
    const chunk = keys.slice(100, 150);
    for (let s = 0; s < chunk.length; s += parallel) await Promise.all(chunk.slice(s, s + parallel).map((k) => repo.getMatchFields(k)));
    const t1 = performance.now();
    await repo.findMatchFields(keys.slice(200, 250));
    const t2 = performance.now();
    console.log(`parallel ${parallel}: ${(t1 - start).toFixed(0)} ms; $in scan of 50: ${(t2 - t1).toFixed(0)} ms`);
  }
  await db.drop();
  await server.stop();
}
