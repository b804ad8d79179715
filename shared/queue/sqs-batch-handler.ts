import { errorSummary, isTransient } from '../errors.js'
import type { Logger } from '../log.js'
import { messageGroupOf, type QueueMessage } from './queue-message.js'

/** The part of an SQS event we read (avoids a dependency on @types/aws-lambda). */
export interface SqsEvent {
  Records: { messageId: string; body: string; attributes?: { ApproximateReceiveCount?: string } }[]
}

export interface SqsBatchResponse {
  batchItemFailures: { itemIdentifier: string }[]
}

/**
 * SQS consumer with partial batch failures: a transient failure returns the message to the queue
 * (SQS retries it, then its DLQ takes it after maxReceiveCount); a permanent one is recorded as
 * a dead letter at once. Once a message of a group fails, the rest of that group in the batch
 * fails too, so FIFO order holds.
 */
export function createSqsBatchHandler(deps: {
  handle: (message: QueueMessage) => Promise<void>
  deadLetter: (message: QueueMessage, error: string, attempts: number) => Promise<void>
  log: Logger
}) {
  return async (event: SqsEvent): Promise<SqsBatchResponse> => {
    const failures: { itemIdentifier: string }[] = []
    const failedGroups = new Set<string>()
    for (const record of event.Records) {
      const message = parse(record.body)
      if (!message) {
        deps.log.error('sqs.unreadable-message', { messageId: record.messageId })
        continue
      }
      const group = messageGroupOf(message)
      if (failedGroups.has(group)) {
        failures.push({ itemIdentifier: record.messageId })
        continue
      }
      try {
        await deps.handle(message)
      } catch (error) {
        if (isTransient(error)) {
          deps.log.warn('sqs.retry', { messageId: record.messageId, error: errorSummary(error) })
          failures.push({ itemIdentifier: record.messageId })
          failedGroups.add(group)
        } else {
          const attempts = Number(record.attributes?.ApproximateReceiveCount ?? 1)
          await deps.deadLetter(message, errorSummary(error), attempts).catch(() => {
            // Not recorded: give the message back to SQS rather than lose it.
            failures.push({ itemIdentifier: record.messageId })
            failedGroups.add(group)
          })
        }
      }
    }
    return { batchItemFailures: failures }
  }
}

function parse(body: string): QueueMessage | undefined {
  try {
    const value = JSON.parse(body) as QueueMessage
    return value && (value.type === 'process' || value.type === 'deliver') ? value : undefined
  } catch {
    return undefined
  }
}
