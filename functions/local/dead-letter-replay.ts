import { errorSummary } from '../../shared/errors.js'
import { deadLetterReviewId } from '../../shared/queue/dead-letter-review.js'
import type { QueueMessage } from '../../shared/queue/queue-message.js'
import { type DeadLetter, deleteDeadLetter } from '../../shared/store/dead-letter-store.js'
import { closeReviewIfOpen } from '../../shared/store/review-updates.js'
import type { TableContext } from '../../shared/store/table-context.js'

/**
 * Runs a dead letter's message again. Once it went through, the dead letter is removed and its
 * review item closed: the work it was about is done. Apart from the admin routes
 * (dead-letter-routes.ts), as `npm run dead-letters` replays too and needs no HTTP framework.
 */
export async function replay(
  deps: { table: TableContext; handle: (message: QueueMessage) => Promise<void> },
  letter: DeadLetter,
  now: Date,
): Promise<{ id: string; replayed: boolean; error?: string }> {
  const { id, message } = letter
  if (!message)
    return { id, replayed: false, error: 'not a message of ours (kept raw): nothing to replay' }
  try {
    await deps.handle(message)
    await deleteDeadLetter(deps.table, id)
    await closeReviewIfOpen(deps.table, deadLetterReviewId(message), 'resolved', {
      at: now.toISOString(),
      by: 'relance',
      note: `relancé avec succès (${id})`,
    })
    return { id, replayed: true }
  } catch (error) {
    return { id, replayed: false, error: errorSummary(error) }
  }
}
