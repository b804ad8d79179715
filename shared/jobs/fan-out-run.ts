import type { JobRun } from '../domain/job-run.js'
import { doneChunkIds, finishRun, latestRun } from '../store/job-run-store.js'
import type { JobChunkMessage } from './job-chunk-message.js'
import type { JobDefinition } from './job-definition.js'
import type { JobDeps } from './job-deps.js'
import { startRun } from './run-job.js'

/**
 * The AWS runner's first half: plans a run (or picks up the unfinished one) and hands every
 * chunk not yet recorded to `send`; workers then call runChunkOnce. Sending a chunk twice is
 * harmless: its second record is refused.
 */
export async function fanOutRun<P>(
  deps: JobDeps,
  definition: JobDefinition<P>,
  params: P,
  send: (messages: JobChunkMessage[]) => Promise<void>,
): Promise<{ run: JobRun; sent: number }> {
  const table = deps.process.table
  const last = await latestRun(table, definition.kind, definition.paramsKey(params))
  const run = last?.status === 'running' ? last : await startRun(deps, definition, params, last)
  const done = await doneChunkIds(table, run)
  const messages = run.chunks
    .filter((chunk) => !done.has(chunk.id))
    .map(
      (chunk): JobChunkMessage => ({
        type: 'job-chunk',
        orgId: table.orgId,
        kind: run.kind,
        params,
        paramsKey: run.paramsKey,
        run: run.run,
        chunkCount: run.chunks.length,
        chunk,
      }),
    )
  if (run.chunks.length === 0) {
    await finishRun(table, run, 0, deps.process.now().toISOString())
  }
  await send(messages)
  return { run, sent: messages.length }
}
