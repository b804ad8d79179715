import { listPendingWork } from '../store/pending-work.js'
import type { JobDeps } from './job-deps.js'

/**
 * Sends again every piece of work recorded but not finished (a notification not processed, a
 * receipt drafted but not numbered, an email not sent). Locally `npm start` does this at
 * start; on AWS a schedule of its own does every 15 minutes, for the rare message whose send
 * failed after its record was written. Sending twice is harmless: processing is idempotent,
 * numbering needs the draft, delivery holds a lease and knows what was sent.
 */
export async function requeuePendingWork(deps: JobDeps): Promise<number> {
  const pending = await listPendingWork(deps.process.table)
  for (const message of pending) await deps.process.queue.send(message)
  if (pending.length > 0) deps.process.log.info('jobs.requeued', { count: pending.length })
  return pending.length
}
