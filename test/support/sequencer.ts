import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** End-to-end files start real processes, browsers and whole apps; integration files a server or two; the rest none. */
const tier = (file: TestSpecification): number => {
  if (file.moduleId.includes('/test/e2e/')) return 0;
  return file.moduleId.includes('/test/integration/') ? 1 : 2;
};

/**
 * Long files first, so that both workers run until near the end rather than one finishing a long file alone. With
 * every file's duration from an earlier run (vitest's cache), vitest's own order does that: failed, then longest
 * first. Without them (a clean clone, as in CI) vitest orders by file size alone, which left short files that wait
 * for real processes (the demo, polling: about 20 s each) to the end; here end-to-end files go first, then
 * integration, then the rest, each largest first.
 */
export class LongFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    if (files.every((file) => this.ctx.cache.getTestSpecificationResult(file))) return sorted;
    // Array.prototype.sort is stable: within a tier the size order stays.
    return sorted.sort((a, b) => tier(a) - tier(b));
  }
}
