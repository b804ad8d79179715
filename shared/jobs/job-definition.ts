import type { ChunkRef, ChunkResult, JobKind, RunIdentity } from '../domain/job-run.js'
import type { JobDeps } from './job-deps.js'

/**
 * One code path, two runners: the local CLI walks the chunks in-process, AWS sends one SQS
 * message per chunk. A chunk's effects must be safe to redo: a run stopped mid-chunk redoes it,
 * and only the chunk's completion record (with its counts) is written exactly once.
 */
export interface JobDefinition<P> {
  kind: JobKind
  /** Stable text of the parameters that identify a run (`2026`, `2026-resend`). */
  paramsKey(params: P): string
  plan(deps: JobDeps, params: P): Promise<ChunkRef[]>
  /** `run` identifies the run, for effects that must happen once per run (a donor's email). */
  runChunk(deps: JobDeps, params: P, chunk: ChunkRef, run: RunIdentity): Promise<ChunkResult>
}

/** Splits `1..total` into ranges of `size` (the shape of any job over a gap-free series). */
export function sequenceChunks(total: number, size: number): ChunkRef[] {
  const chunks: ChunkRef[] = []
  for (let first = 1; first <= total; first += size) {
    const last = Math.min(total, first + size - 1)
    chunks.push({
      id: String(first),
      size: last - first + 1,
      first: String(first),
      last: String(last),
    })
  }
  return chunks
}
