import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs'
import { AppError } from '../errors.js'
import { type MessageQueue, messageGroupOf, type QueueMessage } from './queue-message.js'

export interface SqsQueueUrls {
  process: string
  deliver: string
}

/**
 * SQS adapter of the queue port. On FIFO queues the organisation is the message group (number
 * allocation one at a time per organisation) and the ids make SQS drop exact resends.
 */
export function createSqsQueue(client: SQSClient, urls: SqsQueueUrls): MessageQueue {
  return {
    async send(message) {
      const url = message.type === 'process' ? urls.process : urls.deliver
      const fifo = url.endsWith('.fifo')
      await client
        .send(
          new SendMessageCommand({
            QueueUrl: url,
            MessageBody: JSON.stringify(message),
            ...(fifo
              ? {
                  MessageGroupId: messageGroupOf(message),
                  MessageDeduplicationId: deduplicationId(message),
                }
              : {}),
          }),
        )
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

function deduplicationId(message: QueueMessage): string {
  return message.type === 'process'
    ? message.notificationId
    : `${message.receiptNumber}-${message.kind}`
}
