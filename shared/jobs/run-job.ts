import type { ChunkRef, JobRun, RunRef } from '../domain/job-run.js'
import {
  createRun,
  doneChunkIds,
  finishRun,
  getRun,
  latestRun,
  recordChunk,
} from '../store/job-run-store.js'
import type { JobDefinition } from './job-definition.js'
import type { JobDeps } from './job-deps.js'
import { type Progress, silentProgress } from './progress.js'

export interface RunJobOptions {
  /** Start a new run even if the last one did not finish. */
  fresh?: boolean
  /** Chunks worked on at once. */
  concurrency?: number
  progress?: Progress
}

export interface JobOutcome {
  run: JobRun
  /** True when this call continued a run that an earlier call had left unfinished. */
  resumed: boolean
}

/**
 * The local runner: resumes the last unfinished run of this job (or plans a new one), works
 * through the chunks not yet recorded, and finishes the run. Stopped at any point and called
 * again, it completes with every chunk recorded exactly once.
 */
export async function runJob<P>(
  deps: JobDeps,
  definition: JobDefinition<P>,
  params: P,
  options: RunJobOptions = {},
): Promise<JobOutcome> {
  const table = deps.process.table
  const last = await latestRun(table, definition.kind, definition.paramsKey(params))
  const resumed = last?.status === 'running' && !options.fresh
  const run = resumed ? last : await startRun(deps, definition, params, last)
  const done = await doneChunkIds(table, run)
  const todo = run.chunks.filter((chunk) => !done.has(chunk.id))
  const progress = options.progress ?? silentProgress
  progress.start(run.totalItems, run.totalItems - sum(todo))
  await inPool(todo, options.concurrency ?? 2, async (chunk) => {
    await runChunkOnce(deps, definition, params, run, chunk)
    progress.advance(chunk.size)
  })
  progress.finish()
  await finishRun(table, run, run.chunks.length, deps.process.now().toISOString())
  const final = await getRun(table, run)
  return { run: final ?? run, resumed }
}

/** Plans and records a new run (the AWS starter calls this too, then fans the chunks out). */
export async function startRun<P>(
  deps: JobDeps,
  definition: JobDefinition<P>,
  params: P,
  previous?: JobRun,
): Promise<JobRun> {
  const chunks = await definition.plan(deps, params)
  const run: JobRun = {
    kind: definition.kind,
    paramsKey: definition.paramsKey(params),
    params,
    run: (previous?.run ?? 0) + 1,
    status: 'running',
    chunks,
    totalItems: sum(chunks),
    doneChunks: 0,
    doneItems: 0,
    counts: {},
    createdAt: deps.process.now().toISOString(),
  }
  if (!(await createRun(deps.process.table, run))) {
    throw new Error(`another ${definition.kind} run started at the same time; run it again`)
  }
  return run
}

/**
 * Works one chunk and records it. Shared by both runners; safe to call twice for one chunk
 * (a retry, an SQS redelivery): the second record is refused and counts nothing.
 * Returns true when this call completed the run.
 */
export async function runChunkOnce<P>(
  deps: JobDeps,
  definition: JobDefinition<P>,
  params: P,
  run: RunRef & { chunks: { length: number } },
  chunk: ChunkRef,
): Promise<boolean> {
  const result = await definition.runChunk(deps, params, chunk, {
    kind: run.kind,
    paramsKey: run.paramsKey,
    run: run.run,
  })
  const at = deps.process.now().toISOString()
  const recorded = await recordChunk(deps.process.table, run, chunk, result, at)
  if (!recorded) return false
  return finishRun(deps.process.table, run, run.chunks.length, at)
}

function sum(chunks: ChunkRef[]): number {
  return chunks.reduce((total, chunk) => total + chunk.size, 0)
}

async function inPool<T>(
  items: T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0
  const lanes = Array.from(
    { length: Math.max(1, Math.min(concurrency, items.length)) },
    async () => {
      while (next < items.length) {
        const item = items[next++] as T
        await work(item)
      }
    },
  )
  await Promise.all(lanes)
}
