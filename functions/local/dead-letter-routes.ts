import { Hono } from 'hono'
import { bearerAuth } from 'hono/bearer-auth'
import type { QueueMessage } from '../../shared/queue/queue-message.js'
import { getDeadLetter, listDeadLetters } from '../../shared/store/dead-letter-store.js'
import type { TableContext } from '../../shared/store/table-context.js'
import { replay } from './dead-letter-replay.js'

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
