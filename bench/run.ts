// Runs one benchmark: `npm run bench -- <name>` loads bench/<name>.bench.ts and calls its main().
import { readdirSync } from 'node:fs';
import process from 'node:process';

const available = readdirSync(new URL('.', import.meta.url))
  .filter((file) => file.endsWith('.bench.ts'))
  .map((file) => file.replace(/\.bench\.ts$/, ''));
const names = process.argv.slice(2);
if (names.length === 0 || names.some((name) => !available.includes(name))) {
  console.error(`usage: npm run bench -- <${available.join('|')}> …`);
  process.exit(2);
}
for (const name of names) {
  const bench = (await import(`./${name}.bench.ts`)) as { main: () => Promise<void> };
  await bench.main();
}
process.exit(0);
