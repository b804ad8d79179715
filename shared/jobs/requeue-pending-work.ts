import type { QueueMessageType } from '../queue/queue-message.js'
import { SQS_RETRY } from '../queue/retry-policy.js'
import {
  listPendingEntries,
  oldestPendingNotificationAt,
  oldestPendingSince,
} from '../store/pending-work.js'
import type { TableContext } from '../store/table-context.js'
import type { JobDeps } from './job-deps.js'

/** The metric the re-queue run publishes, and the pending-age alarm watches (infra/). */
export const PENDING_AGE_METRIC = 'OldestPendingNotificationAgeSeconds'

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

/**
 * Per lane (process, number, deliver), how long the oldest pending piece of work has waited, in
 * seconds (0 when none): it grows when a lane is stuck or waiting out an outage, whatever the
 * reason, which is what a pending-age alarm is about. Reads the whole pending work, as the
 * re-queue does.
 */
export async function oldestPendingAgeSecondsByLane(
  table: TableContext,
  now: Date,
): Promise<Record<QueueMessageType, number>> {
  const oldest = oldestPendingSince(await listPendingEntries(table))
  const age = (at: string | undefined) =>
    at ? Math.max(0, Math.round((now.getTime() - Date.parse(at)) / 1000)) : 0
  return { process: age(oldest.process), number: age(oldest.number), deliver: age(oldest.deliver) }
}

/**
 * Age of the oldest notification acknowledged but not processed yet (0 when none): it grows
 * when the pipeline is stuck, whatever the reason, which is what the alarm is about.
 */
export async function oldestPendingNotificationAgeSeconds(deps: JobDeps): Promise<number> {
  const at = await oldestPendingNotificationAt(deps.process.table)
  if (!at) return 0
  const age = (deps.process.now().getTime() - Date.parse(at)) / 1000
  return Math.max(0, Math.round(age))
}
