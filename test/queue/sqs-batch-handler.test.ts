import { describe, expect, it } from 'vitest'
import { AppError } from '../../shared/errors.js'
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

describe('SQS batch handler (partial batch failures)', () => {
  it('reports transient failures, keeps FIFO order per group, dead-letters permanent ones', async () => {
    const handled: string[] = []
    const dead: string[] = []
    const handler = createSqsBatchHandler({
      handle: async (m) => {
        if (m.type !== 'process') return
        handled.push(m.notificationId)
        if (m.notificationId === 'a2') throw new AppError('helloasso.unavailable', 'down')
        if (m.notificationId === 'b1') throw new AppError('config.invalid', 'bad')
      },
      deadLetter: async (m) => {
        if (m.type === 'process') dead.push(m.notificationId)
      },
      log: silentLogger,
    })
    const result = await handler({
      Records: [
        record('1', process('a', 'a1')),
        record('2', process('a', 'a2')),
        record('3', process('a', 'a3')),
        record('4', process('b', 'b1')),
        record('5', process('b', 'b2')),
      ],
    })
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: '2' }, { itemIdentifier: '3' }])
    expect(handled).toEqual(['a1', 'a2', 'b1', 'b2'])
    expect(dead).toEqual(['b1'])
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
