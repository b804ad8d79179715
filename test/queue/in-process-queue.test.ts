import { describe, expect, it } from 'vitest'
import { AppError } from '../../shared/errors.js'
import { silentLogger } from '../../shared/log.js'
import { createInProcessQueue } from '../../shared/queue/in-process-queue.js'
import { createKeyedMutex } from '../../shared/queue/keyed-mutex.js'
import type { QueueMessage } from '../../shared/queue/queue-message.js'
import { retryDelayMs } from '../../shared/queue/retry-policy.js'

const message = (n: number): QueueMessage => ({
  type: 'process',
  orgId: 'o',
  notificationId: String(n),
})

function queueWith(handle: (m: QueueMessage) => Promise<void>) {
  const dead: { message: QueueMessage; error: string; attempts: number }[] = []
  const queue = createInProcessQueue({
    handle,
    deadLetter: async (m, error, attempts) => {
      dead.push({ message: m, error, attempts })
    },
    maxAttempts: 4,
    baseDelayMs: 1,
    maxDelayMs: 5,
    concurrency: 3,
    log: silentLogger,
  })
  return { queue, dead }
}

describe('in-process queue (the local SQS)', () => {
  it('retries a transient failure until it succeeds', async () => {
    let calls = 0
    const { queue, dead } = queueWith(async () => {
      calls++
      if (calls < 3) throw new AppError('helloasso.unavailable', 'down')
    })
    await queue.send(message(1))
    await queue.drain()
    expect(calls).toBe(3)
    expect(dead).toHaveLength(0)
  })

  it('dead-letters after maxAttempts', async () => {
    const { queue, dead } = queueWith(async () => {
      throw new AppError('store.unavailable', 'down')
    })
    await queue.send(message(1))
    await queue.drain()
    expect(dead).toEqual([{ message: message(1), error: 'store.unavailable: down', attempts: 4 }])
  })

  it('dead-letters a permanent failure at once', async () => {
    const { queue, dead } = queueWith(async () => {
      throw new AppError('config.invalid', 'broken')
    })
    await queue.send(message(1))
    await queue.drain()
    expect(dead.map((d) => d.attempts)).toEqual([1])
  })

  it('never runs more handlers at once than its concurrency', async () => {
    let running = 0
    let peak = 0
    const { queue } = queueWith(async () => {
      running++
      peak = Math.max(peak, running)
      await new Promise((resolve) => setTimeout(resolve, 2))
      running--
    })
    for (let i = 0; i < 20; i++) await queue.send(message(i))
    await queue.drain()
    expect(peak).toBe(3)
  })
})

describe('retry delay', () => {
  it('grows exponentially, with jitter, up to the cap', () => {
    const policy = { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 1000 }
    expect(retryDelayMs(policy, 1, () => 0)).toBe(50)
    expect(retryDelayMs(policy, 1, () => 1)).toBe(100)
    expect(retryDelayMs(policy, 3, () => 1)).toBe(400)
    expect(retryDelayMs(policy, 9, () => 1)).toBe(1000)
  })
})

describe('keyed mutex', () => {
  it('runs work of one key one at a time, and other keys in parallel; a failure does not block the key', async () => {
    const serialize = createKeyedMutex()
    const log: string[] = []
    const work =
      (name: string, fail = false) =>
      async () => {
        log.push(`start ${name}`)
        await new Promise((resolve) => setTimeout(resolve, 5))
        log.push(`end ${name}`)
        if (fail) throw new Error(name)
      }
    await Promise.allSettled([
      serialize('a', work('a1', true)),
      serialize('a', work('a2')),
      serialize('b', work('b1')),
    ])
    expect(log.indexOf('end a1')).toBeLessThan(log.indexOf('start a2'))
    expect(log.indexOf('start b1')).toBeLessThan(log.indexOf('end a1'))
  })
})
