import { describe, expect, it } from 'vitest'
import type { QueueMessage } from '../../shared/queue/queue-message.js'
import { createSqsQueue } from '../../shared/queue/sqs-queue.js'

const URLS = {
  process: 'https://sqs.eu-west-3.amazonaws.com/123456789012/process',
  number: 'https://sqs.eu-west-3.amazonaws.com/123456789012/number.fifo',
  deliver: 'https://sqs.eu-west-3.amazonaws.com/123456789012/deliver',
}

/** An SQS API that records the SendMessage calls it is asked to make. */
function recordingQueue() {
  const sent: Record<string, unknown>[] = []
  const sqs = {
    call: async (operation: string, input: Record<string, unknown>) => {
      expect(operation).toBe('SendMessage')
      sent.push(input)
      return {}
    },
  }
  return { queue: createSqsQueue(sqs, URLS), sent }
}

describe('SQS adapter of the queue port', () => {
  it('sends numbering to the FIFO queue, grouped by organisation, each send with its own deduplication id', async () => {
    const { queue, sent } = recordingQueue()
    const message: QueueMessage = { type: 'number', orgId: 'rtld', paymentId: 42 }
    await queue.send(message)
    await queue.send(message)
    await queue.send({ type: 'number', orgId: 'other', paymentId: 7 })
    expect(sent.map((input) => [input.QueueUrl, input.MessageGroupId])).toEqual([
      [URLS.number, 'rtld'],
      [URLS.number, 'rtld'],
      [URLS.number, 'other'],
    ])
    expect(new Set(sent.map((input) => input.MessageDeduplicationId)).size).toBe(3)
  })

  it('sends process messages to the standard queue, without group or deduplication', async () => {
    const { queue, sent } = recordingQueue()
    await queue.send({ type: 'process', orgId: 'rtld', notificationId: 'n1' })
    expect(sent).toEqual([
      {
        QueueUrl: URLS.process,
        MessageBody: JSON.stringify({ type: 'process', orgId: 'rtld', notificationId: 'n1' }),
      },
    ])
  })

  it('sends a staff resend of a receipt just sent: both messages go out, nothing to deduplicate them', async () => {
    const { queue, sent } = recordingQueue()
    const deliver: QueueMessage = {
      type: 'deliver',
      orgId: 'rtld',
      receiptNumber: '2026-00001',
      kind: 'receipt',
    }
    await queue.send(deliver)
    await queue.send(deliver)
    expect(sent).toHaveLength(2)
    for (const input of sent) {
      expect(input.QueueUrl).toBe(URLS.deliver)
      expect(input).not.toHaveProperty('MessageDeduplicationId')
      expect(input).not.toHaveProperty('MessageGroupId')
    }
  })
})
