import { randomUUID } from 'node:crypto'
import type { AwsJsonApi } from '../aws/aws-json-api.js'
import { AppError } from '../errors.js'
import { type MessageQueue, messageGroupOf, type QueueMessageType } from './queue-message.js'

/**
 * One queue per step: process and deliver are standard queues, number a FIFO queue. A function
 * gets the URLs of the queues it sends to, no others (and the permission for those only).
 */
export type SqsQueueUrls = Partial<Record<QueueMessageType, string>>

/**
 * SQS adapter of the queue port. On the FIFO numbering queue the organisation is the message
 * group (numbers allocated one at a time per organisation). Its deduplication id is new for
 * every send: idempotency comes from the table's conditions, and a deduplication window would
 * swallow a deliberate second request (a replay, a staff resend) made within five minutes.
 */
export function createSqsQueue(sqs: AwsJsonApi, urls: SqsQueueUrls): MessageQueue {
  return {
    async send(message) {
      const url = urls[message.type]
      if (!url)
        throw new AppError('config.invalid', `no queue URL for ${message.type} messages here`)
      const group = messageGroupOf(message)
      const fifo = url.endsWith('.fifo')
      await sqs
        .call('SendMessage', {
          QueueUrl: url,
          MessageBody: JSON.stringify(message),
          ...(fifo
            ? { MessageGroupId: group ?? message.orgId, MessageDeduplicationId: randomUUID() }
            : {}),
        })
        .catch((cause) => {
          throw new AppError(
            'queue.unavailable',
            `SQS: could not queue a ${message.type} message`,
            { cause },
          )
        })
    },
  }
}

/**
 * Hides a received message for `seconds` (at most SQS's 12 hours), the SQS way to back off one
 * message: the batch handler gives it back, and SQS hands it out again only then.
 */
export function createSqsVisibility(sqs: AwsJsonApi) {
  return async (
    record: { receiptHandle?: string; eventSourceARN?: string },
    seconds: number,
  ): Promise<void> => {
    if (!record.receiptHandle || !record.eventSourceARN) return
    await sqs.call('ChangeMessageVisibility', {
      QueueUrl: queueUrlOf(record.eventSourceARN),
      ReceiptHandle: record.receiptHandle,
      VisibilityTimeout: Math.min(Math.max(0, Math.round(seconds)), 12 * 3600),
    })
  }
}

/** arn:aws:sqs:<region>:<account>:<name> → https://sqs.<region>.amazonaws.com/<account>/<name> */
export function queueUrlOf(arn: string): string {
  const [, , , region, account, name] = arn.split(':')
  return `https://sqs.${region}.amazonaws.com/${account}/${name}`
}
