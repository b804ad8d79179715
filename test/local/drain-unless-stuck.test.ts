import { describe, expect, it } from 'vitest'
import { drainUnlessStuck } from '../../functions/local/drain-unless-stuck.js'
import { AppError } from '../../shared/errors.js'
import { silentLogger } from '../../shared/log.js'
import { createInProcessQueue } from '../../shared/queue/in-process-queue.js'
import type { QueueMessage } from '../../shared/queue/queue-message.js'

const message: QueueMessage = { type: 'process', orgId: 'o', notificationId: 'n' }

function queueWith(handle: () => Promise<void>) {
  return createInProcessQueue({
    handle,
    deadLetter: async () => {},
    maxAttempts: 3,
    baseDelayMs: 1,
    maxDelayMs: 5,
    concurrency: 2,
    log: silentLogger,
  })
}

describe('a command-line tool waits for its queued work, not for an outage', () => {
  it('drains work that ends, failures and retries included', async () => {
    let calls = 0
    const queue = queueWith(async () => {
      calls++
      if (calls < 5) throw new AppError('mail.unavailable', 'busy')
    })
    await queue.send(message)
    expect(await drainUnlessStuck(queue, 1_000, 1)).toBe('drained')
    expect(calls).toBe(5)
  })

  it('leaves work that only waits out a failing service pending, and returns', async () => {
    const queue = queueWith(async () => {
      throw new AppError('helloasso.unavailable', 'HelloAsso answered 503')
    })
    await queue.send(message)
    expect(await drainUnlessStuck(queue, 20, 1)).toBe('left-pending')
    await queue.stop()
    expect(queue.size()).toEqual({ queued: 0, running: 0, waiting: 0 })
  })
})
