import { errorSummary } from '../errors.js'
import type { Logger } from '../log.js'
import type { SqsBatchResponse, SqsEvent } from '../queue/sqs-batch-handler.js'
import { JobChunkMessageSchema } from './job-chunk-message.js'
import type { JobDeps } from './job-deps.js'
import { chunkedJobs, YearParamsSchema } from './job-registry.js'
import { runChunkOnce } from './run-job.js'

/**
 * The AWS runner's second half: each message is one chunk, worked and recorded exactly once
 * (a redelivered chunk is redone harmlessly and its record refused). A failed chunk goes back
 * to the queue; after the queue's maxReceiveCount it lands in the DLQ, whose alarm calls a
 * person, and starting the job again re-sends what is missing.
 */
export function createJobChunkHandler(
  deps: JobDeps,
  log: Logger,
  /** Counts a chunk dropped as unreadable (the others go back to the queue, then its DLQ). */
  options: { deadLetterMetric?: () => void } = {},
) {
  return async (event: SqsEvent): Promise<SqsBatchResponse> => {
    const failures: { itemIdentifier: string }[] = []
    for (const record of event.Records) {
      const parsed = JobChunkMessageSchema.safeParse(safeJson(record.body))
      const params = YearParamsSchema.safeParse(parsed.data?.params)
      if (!parsed.success || !params.success || parsed.data.orgId !== deps.process.table.orgId) {
        log.error('job.unreadable-chunk', { messageId: record.messageId })
        options.deadLetterMetric?.()
        continue
      }
      const message = parsed.data
      const { definition } = chunkedJobs[message.kind]
      try {
        const finished = await runChunkOnce(
          deps,
          definition,
          params.data,
          {
            kind: message.kind,
            paramsKey: message.paramsKey,
            run: message.run,
            chunks: { length: message.chunkCount },
          },
          message.chunk,
        )
        if (finished) log.info('job.finished', { kind: message.kind, run: message.run })
      } catch (error) {
        log.warn('job.chunk-failed', {
          kind: message.kind,
          chunk: message.chunk.id,
          error: errorSummary(error),
        })
        failures.push({ itemIdentifier: record.messageId })
      }
    }
    return { batchItemFailures: failures }
  }
}

function safeJson(body: string): unknown {
  try {
    return JSON.parse(body)
  } catch {
    return undefined
  }
}
