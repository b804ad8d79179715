import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import {
  confirmRunRedirect,
  type Refusal,
} from '../../../functions/staff/pages/confirm-run-redirect.js'
import { AppError } from '../../../shared/errors.js'
import { silentLogger } from '../../../shared/log.js'

/** One form action on the skeleton: what it ran with, and what the page was shown again with. */
function anAction(run: (fields: Record<string, string>) => Promise<string>) {
  const ran: Record<string, string>[] = []
  const refusals: Refusal[] = []
  const app = new Hono()
  app.post('/action', (c) =>
    confirmRunRedirect(
      c,
      silentLogger,
      async (fields) => {
        ran.push(fields)
        return run(fields)
      },
      async (refusal) => {
        refusals.push(refusal)
        return c.html('<p>page again</p>', refusal.status)
      },
    ),
  )
  const post = (fields: Record<string, string>) =>
    app.request('/action', { method: 'POST', body: new URLSearchParams(fields) })
  return { post, ran, refusals }
}

describe('confirm, run, redirect: the skeleton of every staff form action', () => {
  it('runs once confirmed and redirects (303) where the use case says', async () => {
    const action = anAction(async () => '/staff/recus/2026-00001?ok=renvoye')
    const response = await action.post({ csrf: 't', confirme: 'oui', motif: 'duplicata' })
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/staff/recus/2026-00001?ok=renvoye')
    expect(action.ran).toEqual([{ csrf: 't', confirme: 'oui', motif: 'duplicata' }])
    expect(action.refusals).toEqual([])
  })

  it('without « Je confirme », runs nothing and shows the page again (400) with what was typed', async () => {
    const action = anAction(async () => '/never')
    const response = await action.post({ csrf: 't', motif: 'Don en double' })
    expect(response.status).toBe(400)
    expect(action.ran).toEqual([])
    expect(action.refusals).toEqual([
      {
        // The French typography puts no-break spaces inside « ».
        message: expect.stringMatching(/^Cochez\s«\sJe confirme\s» pour valider cette action\.$/),
        status: 400,
        values: { motif: 'Don en double' },
      },
    ])
  })

  it('a refusal of the use case shows the page again with its message and status', async () => {
    const action = anAction(async () => {
      throw new AppError('receipt.conflict', 'Ce reçu est déjà annulé.')
    })
    const response = await action.post({ csrf: 't', confirme: 'oui', motif: 'erreur' })
    expect(response.status).toBe(409)
    expect(action.refusals).toEqual([
      { message: 'Ce reçu est déjà annulé.', status: 409, values: { motif: 'erreur' } },
    ])
  })

  it('our own failure shows the page again with a 503 or 500 and a message that leaks nothing', async () => {
    const unavailable = anAction(async () => {
      throw new AppError('store.unavailable', 'DynamoDB: cancel receipt failed')
    })
    expect((await unavailable.post({ confirme: 'oui' })).status).toBe(503)
    expect(unavailable.refusals[0]?.message).not.toContain('DynamoDB')
    const bug = anAction(async () => {
      throw new TypeError('receipt is undefined')
    })
    expect((await bug.post({ confirme: 'oui' })).status).toBe(500)
    expect(bug.refusals[0]?.message).not.toContain('undefined')
  })
})
