import { describe, expect, it } from 'vitest'
import { AppError, UNKNOWN_ERROR_MAX_ATTEMPTS } from '../../shared/errors.js'
import { silentLogger } from '../../shared/log.js'
import type { QueueMessage } from '../../shared/queue/queue-message.js'
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
      maxReceiveCount: 5,
      log: silentLogger,
    })
    const attempt = (count: number) => handler({ Records: [received('1', number('a', 1), count)] })
    expect((await attempt(1)).batchItemFailures).toEqual([{ itemIdentifier: '1' }])
    expect((await attempt(2)).batchItemFailures).toEqual([{ itemIdentifier: '1' }])
    expect((await attempt(UNKNOWN_ERROR_MAX_ATTEMPTS)).batchItemFailures).toEqual([])
    expect(dead).toEqual([UNKNOWN_ERROR_MAX_ATTEMPTS])
  })

  it('retries a transient error up to the receive count, and records its last failure', async () => {
    const dead: number[] = []
    const handler = createSqsBatchHandler({
      handle: async () => {
        throw new AppError('helloasso.unavailable', 'down')
      },
      deadLetter: async (_m, _error, attempts) => {
        dead.push(attempts)
      },
      maxReceiveCount: 5,
      log: silentLogger,
    })
    const attempt = (count: number) =>
      handler({ Records: [received('1', process('a', 'x'), count)] })
    expect((await attempt(4)).batchItemFailures).toEqual([{ itemIdentifier: '1' }])
    expect(dead).toEqual([])
    expect((await attempt(5)).batchItemFailures).toEqual([])
    expect(dead).toEqual([5])
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

  it('drops an unreadable body without failing the batch', async () => {
    const handler = createSqsBatchHandler({
      handle: async () => {},
      deadLetter: async () => {},
      log: silentLogger,
    })
    expect((await handler({ Records: [record('1', '{oops')] })).batchItemFailures).toEqual([])
  })
})
