import { describe, expect, it } from 'vitest'
import { AppError, UNKNOWN_ERROR_MAX_ATTEMPTS } from '../../shared/errors.js'
import { type Logger, silentLogger } from '../../shared/log.js'
import { createInProcessQueue } from '../../shared/queue/in-process-queue.js'
import { createKeyedMutex } from '../../shared/queue/keyed-mutex.js'
import type { QueueMessage } from '../../shared/queue/queue-message.js'
import { retryDelayMs } from '../../shared/queue/retry-policy.js'

const message = (n: number): QueueMessage => ({
  type: 'process',
  orgId: 'o',
  notificationId: String(n),
})

function queueWith(
  handle: (m: QueueMessage) => Promise<void>,
  groupOf?: (m: QueueMessage) => string | undefined,
  options: { log?: Logger } = {},
) {
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
    ...(groupOf ? { groupOf } : {}),
    log: options.log ?? silentLogger,
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

  it('waits out an outage: a transient failure is retried far past maxAttempts, never dead-lettered, at most maxDelayMs apart', async () => {
    const delays: number[] = []
    let calls = 0
    const { queue, dead } = queueWith(
      async () => {
        calls++
        // Ten times maxAttempts (4): today's budget would have dead-lettered it at the fourth.
        if (calls <= 40) throw new AppError('helloasso.unavailable', 'HelloAsso answered 503')
      },
      undefined,
      {
        log: {
          ...silentLogger,
          warn: (event, fields) => {
            if (event === 'queue.retry') delays.push(Number(fields?.delayMs))
          },
        },
      },
    )
    await queue.send(message(1))
    await queue.drain()
    expect(calls).toBe(41)
    expect(dead).toEqual([])
    expect(delays).toHaveLength(40)
    expect(Math.max(...delays)).toBeLessThanOrEqual(5)
  })

  it('waits out a lease held by another worker without spending attempts (a killed worker’s lease)', async () => {
    let calls = 0
    const { queue, dead } = queueWith(async () => {
      calls++
      // More tries than maxAttempts (4) before the lease runs out: none of them is an attempt.
      if (calls <= 6)
        throw new AppError('mail.unavailable', 'held by another worker', { retryAfterMs: 2 })
    })
    await queue.send(message(1))
    await queue.drain()
    expect(calls).toBe(7)
    expect(dead).toEqual([])
  })

  it('dead-letters a permanent failure at once', async () => {
    const { queue, dead } = queueWith(async () => {
      throw new AppError('config.invalid', 'broken')
    })
    await queue.send(message(1))
    await queue.drain()
    expect(dead.map((d) => d.attempts)).toEqual([1])
  })

  it('gives an unknown error (a bug) a few attempts only, even when maxAttempts is higher', async () => {
    let calls = 0
    const { queue, dead } = queueWith(async () => {
      calls++
      throw new TypeError('undefined is not a function')
    })
    await queue.send(message(1))
    await queue.drain()
    expect(calls).toBe(UNKNOWN_ERROR_MAX_ATTEMPTS)
    expect(dead.map((d) => d.attempts)).toEqual([UNKNOWN_ERROR_MAX_ATTEMPTS])
  })

  it('runs every deliver message it is given: a second request for the same email is never dropped', async () => {
    const handled: QueueMessage[] = []
    const { queue } = queueWith(async (m) => {
      handled.push(m)
    })
    const resend: QueueMessage = {
      type: 'deliver',
      orgId: 'o',
      receiptNumber: '2026-00001',
      kind: 'receipt',
    }
    await queue.send(resend)
    await queue.send(resend)
    await queue.drain()
    expect(handled).toEqual([resend, resend])
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

describe('in-process queue: three lanes, as on AWS', () => {
  /** Records, per message, when its handler started and ended (in handler order). */
  function timeline(handle: (m: QueueMessage) => Promise<void> = () => pause(10)) {
    const events: string[] = []
    let running = 0
    let peak = 0
    const name = (m: QueueMessage) =>
      m.type === 'process'
        ? `p${m.notificationId}`
        : m.type === 'number'
          ? `n${m.orgId}${m.paymentId}`
          : `d${m.receiptNumber}`
    return {
      events,
      peak: () => peak,
      handle: async (m: QueueMessage) => {
        running++
        peak = Math.max(peak, running)
        events.push(`start ${name(m)}`)
        await handle(m)
        events.push(`end ${name(m)}`)
        running--
      },
    }
  }
  const number = (orgId: string, paymentId: number): QueueMessage => ({
    type: 'number',
    orgId,
    paymentId,
  })
  const deliver = (n: number): QueueMessage => ({
    type: 'deliver',
    orgId: 'o',
    receiptNumber: String(n),
    kind: 'receipt',
  })

  it('numbers one message at a time per organisation, organisations side by side', async () => {
    const t = timeline()
    const { queue } = queueWith(t.handle)
    for (const m of [number('a', 1), number('a', 2), number('b', 1), number('a', 3)])
      await queue.send(m)
    await queue.drain()
    const at = (event: string) => t.events.indexOf(event)
    expect(at('end na1')).toBeLessThan(at('start na2'))
    expect(at('end na2')).toBeLessThan(at('start na3'))
    expect(at('start nb1')).toBeLessThan(at('end na1'))
  })

  it('processes and delivers in parallel, and a numbering in progress holds neither back', async () => {
    let release: () => void = () => {}
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    const t = timeline((m) => (m.type === 'number' ? held : pause(10)))
    const { queue } = queueWith(t.handle)
    await queue.send(number('o', 1))
    for (let i = 0; i < 3; i++) await queue.send(message(i))
    for (let i = 0; i < 3; i++) await queue.send(deliver(i))
    await pause(40)
    // The numbering still runs; the three process and three deliver messages are done.
    expect(t.events.filter((e) => e.startsWith('end'))).toHaveLength(6)
    expect(t.peak()).toBe(7)
    release()
    await queue.drain()
  })

  it('with every message grouped by organisation, runs them one by one', async () => {
    const t = timeline()
    const { queue } = queueWith(t.handle, (m) => m.orgId)
    for (let i = 0; i < 3; i++) await queue.send(message(i))
    for (let i = 0; i < 3; i++) await queue.send(deliver(i))
    await queue.drain()
    expect(t.peak()).toBe(1)
  })
})

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

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
