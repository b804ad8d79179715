import { describe, expect, it } from 'vitest'
import { AppError, UNKNOWN_ERROR_MAX_ATTEMPTS } from '../../shared/errors.js'
import { silentLogger } from '../../shared/log.js'
import type { QueueMessage } from '../../shared/queue/queue-message.js'
import {
  SQS_MAX_RECEIVE_COUNT,
  SQS_PARK_RECEIVE_COUNT,
  SQS_RETRY,
} from '../../shared/queue/retry-policy.js'
import { createSqsBatchHandler } from '../../shared/queue/sqs-batch-handler.js'

const record = (id: string, message: QueueMessage | string) => ({
  messageId: id,
  body: typeof message === 'string' ? message : JSON.stringify(message),
})
const process = (orgId: string, n: string): QueueMessage => ({
  type: 'process',
  orgId,
  notificationId: n,
})
const number = (orgId: string, paymentId: number): QueueMessage => ({
  type: 'number',
  orgId,
  paymentId,
})
const received = (id: string, message: QueueMessage, count: number) => ({
  ...record(id, message),
  receiptHandle: `handle-${id}`,
  eventSourceARN: 'arn:aws:sqs:eu-west-3:123456789012:process',
  attributes: { ApproximateReceiveCount: String(count) },
})

describe('SQS batch handler (partial batch failures)', () => {
  it('numbering (FIFO): reports transient failures, keeps order per organisation, dead-letters permanent ones', async () => {
    const handled: number[] = []
    const dead: number[] = []
    const handler = createSqsBatchHandler({
      handle: async (m) => {
        if (m.type !== 'number') return
        handled.push(m.paymentId)
        if (m.paymentId === 12) throw new AppError('store.conflict', 'busy')
        if (m.paymentId === 21) throw new AppError('config.invalid', 'bad')
      },
      deadLetter: async (m) => {
        if (m.type === 'number') dead.push(m.paymentId)
      },
      log: silentLogger,
    })
    const result = await handler({
      Records: [
        record('1', number('a', 11)),
        record('2', number('a', 12)),
        record('3', number('a', 13)),
        record('4', number('b', 21)),
        record('5', number('b', 22)),
      ],
    })
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: '2' }, { itemIdentifier: '3' }])
    expect(handled).toEqual([11, 12, 21, 22])
    expect(dead).toEqual([21])
  })

  it('process (standard queue): a failed message holds back no other message of its organisation', async () => {
    const handled: string[] = []
    const handler = createSqsBatchHandler({
      handle: async (m) => {
        if (m.type !== 'process') return
        handled.push(m.notificationId)
        if (m.notificationId === 'a1') throw new AppError('helloasso.unavailable', 'down')
      },
      deadLetter: async () => {},
      log: silentLogger,
    })
    const result = await handler({
      Records: [record('1', process('a', 'a1')), record('2', process('a', 'a2'))],
    })
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: '1' }])
    expect(handled).toEqual(['a1', 'a2'])
  })

  it('gives an unknown error a few attempts, then dead-letters it instead of holding its group', async () => {
    const dead: number[] = []
    const handler = createSqsBatchHandler({
      handle: async () => {
        throw new TypeError('a bug')
      },
      deadLetter: async (_m, _error, attempts) => {
        dead.push(attempts)
      },
      log: silentLogger,
    })
    const attempt = (count: number) => handler({ Records: [received('1', number('a', 1), count)] })
    expect((await attempt(1)).batchItemFailures).toEqual([{ itemIdentifier: '1' }])
    expect((await attempt(2)).batchItemFailures).toEqual([{ itemIdentifier: '1' }])
    expect((await attempt(UNKNOWN_ERROR_MAX_ATTEMPTS)).batchItemFailures).toEqual([])
    expect(dead).toEqual([UNKNOWN_ERROR_MAX_ATTEMPTS])
  })

  it('waits out an outage: a transient error is never dead-lettered, each receive hidden longer, up to a ceiling', async () => {
    const dead: number[] = []
    const delays: number[] = []
    const noted: QueueMessage[] = []
    const handler = createSqsBatchHandler({
      handle: async () => {
        throw new AppError('helloasso.unavailable', 'HelloAsso answered 503')
      },
      deadLetter: async (_m, _error, attempts) => {
        dead.push(attempts)
      },
      delay: async (record, seconds) => {
        expect(record.receiptHandle).toBe('handle-1')
        delays.push(seconds)
      },
      notePending: async (m) => {
        noted.push(m)
      },
      log: silentLogger,
    })
    const attempt = (count: number) =>
      handler({ Records: [received('1', process('a', 'x'), count)] })
    // Far past the old budget (5 receives): given back every time, later each time.
    for (const count of [1, 2, 3, 5, 10, SQS_PARK_RECEIVE_COUNT - 1])
      expect((await attempt(count)).batchItemFailures).toEqual([{ itemIdentifier: '1' }])
    expect(dead).toEqual([])
    expect(delays[1]).toBeGreaterThanOrEqual(delays[0] as number)
    expect(Math.max(...delays)).toBeLessThanOrEqual(SQS_RETRY.maxDelayMs / 1000)
    expect(delays.at(-1)).toBeGreaterThanOrEqual(SQS_RETRY.maxDelayMs / 2000)
    expect(noted).toHaveLength(6)
  })

  it('lets go of a message still failing transiently after many receives, without a dead letter: its pending record stays for the re-queue', async () => {
    const dead: number[] = []
    const noted: QueueMessage[] = []
    const handler = createSqsBatchHandler({
      handle: async () => {
        throw new AppError('store.unavailable', 'DynamoDB unreachable')
      },
      deadLetter: async (_m, _error, attempts) => {
        dead.push(attempts)
      },
      delay: async () => {},
      notePending: async (m) => {
        noted.push(m)
      },
      log: silentLogger,
    })
    const result = await handler({
      Records: [received('1', number('a', 7), SQS_PARK_RECEIVE_COUNT)],
    })
    expect(result.batchItemFailures).toEqual([])
    expect(dead).toEqual([])
    expect(noted).toEqual([number('a', 7)])
    // Parked before SQS's own redrive would move it to the dead-letter queue.
    expect(SQS_PARK_RECEIVE_COUNT).toBeLessThan(SQS_MAX_RECEIVE_COUNT)
  })

  it('hides a message held by another worker’s lease until the lease runs out', async () => {
    const delays: number[] = []
    const handler = createSqsBatchHandler({
      handle: async () => {
        throw new AppError('mail.unavailable', 'held', { retryAfterMs: 42_100 })
      },
      deadLetter: async () => {},
      delay: async (_record, seconds) => {
        delays.push(seconds)
      },
      log: silentLogger,
    })
    const result = await handler({ Records: [received('1', number('a', 7), 1)] })
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: '1' }])
    expect(delays).toEqual([43])
  })

  it('gives a permanent failure back to SQS when it cannot be recorded', async () => {
    const handler = createSqsBatchHandler({
      handle: async () => {
        throw new AppError('config.invalid', 'bad')
      },
      deadLetter: async () => {
        throw new Error('table down')
      },
      log: silentLogger,
    })
    expect(
      (await handler({ Records: [record('1', process('a', 'x'))] })).batchItemFailures,
    ).toEqual([{ itemIdentifier: '1' }])
  })

  it('records an unreadable body as a dead letter, raw, and gives it back when that fails', async () => {
    const kept: { messageId: string; body: string }[] = []
    const handler = createSqsBatchHandler({
      handle: async () => {},
      deadLetter: async () => {},
      deadLetterUnreadable: async (letter) => {
        kept.push(letter)
      },
      log: silentLogger,
    })
    expect((await handler({ Records: [record('1', '{oops')] })).batchItemFailures).toEqual([])
    expect(kept).toEqual([{ messageId: '1', body: '{oops' }])
    const failing = createSqsBatchHandler({
      handle: async () => {},
      deadLetter: async () => {},
      deadLetterUnreadable: async () => {
        throw new Error('table down')
      },
      log: silentLogger,
    })
    expect(
      (await failing({ Records: [record('2', '{"type":"nope"}')] })).batchItemFailures,
    ).toEqual([{ itemIdentifier: '2' }])
  })
})
