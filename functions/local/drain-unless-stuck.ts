import { setTimeout as sleep } from 'node:timers/promises'
import type { InProcessQueue } from '../../shared/queue/in-process-queue.js'

/**
 * For a command-line tool before it exits: waits for the work it queued (summary receipt
 * emails, a replay's follow-up), but not for an outage. A transient failure is retried for as
 * long as it lasts; once nothing is left but retries waiting out a failing service, for
 * `patienceMs`, the tool stops and that work stays pending in the table: the next `npm start`
 * sends it again.
 */
export async function drainUnlessStuck(
  queue: Pick<InProcessQueue, 'drain' | 'size'>,
  patienceMs = 60_000,
  pollMs = 250,
): Promise<'drained' | 'left-pending'> {
  const drained = queue.drain().then(() => 'drained' as const)
  let onlyRetriesSince: number | undefined
  for (;;) {
    const outcome = await Promise.race([drained, sleep(pollMs).then(() => undefined)])
    if (outcome) return outcome
    const { queued, running, waiting } = queue.size()
    if (queued > 0 || running > 0 || waiting === 0) onlyRetriesSince = undefined
    else if (onlyRetriesSince === undefined) onlyRetriesSince = Date.now()
    else if (Date.now() - onlyRetriesSince >= patienceMs) return 'left-pending'
  }
}
