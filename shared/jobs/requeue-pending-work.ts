import { SQS_RETRY } from '../queue/retry-policy.js'
import { listPendingEntries } from '../store/pending-work.js'
import type { JobDeps } from './job-deps.js'

/**
 * Work tried (or queued) this recently is left to its queue: a message backing off through an
 * outage is tried at least every SQS_RETRY.maxDelayMs and notes each try, so it is never quiet
 * that long; work that is (its message lost, or let go after many receives) is sent again.
 */
export const REQUEUE_QUIET_MS = SQS_RETRY.maxDelayMs + 5 * 60_000

/**
 * Sends again the work recorded but not finished (a notification not processed, a receipt
 * drafted but not numbered, an email not sent) that no queue has touched for `quietMs`. On AWS a
 * schedule of its own does this every 15 minutes, for a message whose send failed after its
 * record was written, or that SQS let go after an outage of hours; work still backing off in
 * its queue is not sent twice. Locally `npm start` re-queues everything at start (the in-process
 * queue forgot it all). Sending twice is harmless anyway: processing is idempotent, numbering
 * needs the draft, delivery holds a lease and knows what was sent.
 */
export async function requeuePendingWork(
  deps: JobDeps,
  options: { quietMs?: number } = {},
): Promise<number> {
  const quietMs = options.quietMs ?? REQUEUE_QUIET_MS
  const since = new Date(deps.process.now().getTime() - quietMs).toISOString()
  const entries = await listPendingEntries(deps.process.table)
  const stale = entries.filter((entry) => !entry.lastActiveAt || entry.lastActiveAt < since)
  for (const { message } of stale) await deps.process.queue.send(message)
  if (entries.length > 0)
    deps.process.log.info('jobs.requeued', {
      count: stale.length,
      leftToTheirQueue: entries.length - stale.length,
    })
  return stale.length
}
