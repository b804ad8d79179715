import { Hono } from 'hono'
import { bearerAuth } from 'hono/bearer-auth'
import { errorSummary } from '../../shared/errors.js'
import { deadLetterReviewId } from '../../shared/queue/dead-letter-review.js'
import type { QueueMessage } from '../../shared/queue/queue-message.js'
import {
  type DeadLetter,
  deleteDeadLetter,
  getDeadLetter,
  listDeadLetters,
} from '../../shared/store/dead-letter-store.js'
import { closeReviewIfOpen } from '../../shared/store/review-updates.js'
import type { TableContext } from '../../shared/store/table-context.js'

/**
 * GET /admin/dead-letters and POST /admin/dead-letters/:id/replay (bearer STAFF_TOKEN). A replay
 * runs the message through the same handler; on success the dead letter is removed.
 */
export function createDeadLetterRoutes(deps: {
  table: TableContext
  handle: (message: QueueMessage) => Promise<void>
  staffToken: string | undefined
}): Hono {
  const app = new Hono()
  if (!deps.staffToken) {
    app.all('*', (c) => c.json({ error: 'set STAFF_TOKEN to use the admin routes' }, 404))
    return app
  }
  app.use('*', bearerAuth({ token: deps.staffToken }))
  app.get('/dead-letters', async (c) => c.json({ deadLetters: await listDeadLetters(deps.table) }))
  app.post('/dead-letters/:id/replay', async (c) => {
    const letter = await getDeadLetter(deps.table, c.req.param('id'))
    if (!letter) return c.json({ error: 'no such dead letter' }, 404)
    const result = await replay(deps, letter, new Date())
    return c.json(result, result.replayed ? 200 : 502)
  })
  return app
}

/**
 * Runs a dead letter's message again. Once it went through, the dead letter is removed and its
 * review item closed: the work it was about is done.
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
