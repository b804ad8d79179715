import { describe, expect, it, vi } from 'vitest'
import { useFakeHelloAsso, useTestRuntime } from '../support/flow-harness.js'

useFakeHelloAsso()

/** True for a write (single or in a transaction) that stores a notification. */
function writesNotification(command: unknown): boolean {
  const input = (command as { input?: Record<string, unknown> }).input ?? {}
  const items = [
    input.Item,
    ...((input.TransactItems as { Put?: { Item?: unknown } }[] | undefined) ?? []).map(
      (entry) => entry.Put?.Item,
    ),
  ]
  return items.some((item) =>
    String((item as { pk?: string } | undefined)?.pk).includes('#NOTIFICATION#'),
  )
}

describe('a storage failure at ingest leaves nothing half-done (issue 10, 8h)', () => {
  const t = useTestRuntime()

  it('a malformed body whose save fails answers 503, and its replay leaves one review item', async () => {
    const doc = t.runtime.table.doc
    const send = doc.send.bind(doc)
    let failed = false
    const spy = vi.spyOn(doc, 'send').mockImplementation(((
      command: unknown,
      ...rest: unknown[]
    ) => {
      if (!failed && writesNotification(command)) {
        failed = true
        return Promise.reject(
          Object.assign(new Error('throttled'), { name: 'ProvisionedThroughputExceededException' }),
        )
      }
      return (send as (...args: unknown[]) => Promise<unknown>)(command, ...rest)
    }) as typeof doc.send)
    try {
      const first = await t.post('ceci n’est pas du JSON')
      expect(first.status).toBe(503)
      const replay = await t.post('ceci n’est pas du JSON')
      expect(replay.status).toBe(200)
    } finally {
      spy.mockRestore()
    }
    await t.settle()
    const reviews = await t.reviews()
    expect(reviews.map((review) => review.reasons)).toEqual([['malformed-notification']])
  })
})
