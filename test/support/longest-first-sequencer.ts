import { relative } from 'node:path'
import { BaseSequencer, type TestSpecification } from 'vitest/node'

/**
 * The files that run for 15 s or more on the 2-core machine, longest first (a run of
 * 2026-12-07, files sharing their worker's process). Vitest orders files by the durations it
 * cached in node_modules/.vite; a fresh clone, as CI runs it, has none, and vitest then starts
 * the largest files first: the soak, a short file that runs for over half a minute, started
 * among the last and left one worker alone for that time. Started first, the long files
 * overlap the many short ones.
 */
export const LONGEST_FILES = [
  'test/bench/benchmarks-run.test.ts',
  'test/soak/soak.test.ts',
  'test/jobs/resumable-cli.test.ts',
  'test/local/data-set-identity.test.ts',
  'test/functions/local-server.test.ts',
]

export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const ordered = await super.sort(files)
    const rank = (file: TestSpecification) => {
      const index = LONGEST_FILES.indexOf(relative(this.ctx.config.root, file.moduleId))
      return index < 0 ? LONGEST_FILES.length : index
    }
    // A stable sort: the other files keep vitest's order (cached durations, else size).
    return ordered.sort((a, b) => rank(a) - rank(b))
  }
}
