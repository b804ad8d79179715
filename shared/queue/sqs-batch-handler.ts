import { errorSummary, mayRetry } from '../errors.js'
import type { Logger } from '../log.js'
import { messageGroupOf, QUEUE_MESSAGE_TYPES, type QueueMessage } from './queue-message.js'
import { SQS_MAX_RECEIVE_COUNT } from './retry-policy.js'

/** The part of an SQS event we read (avoids a dependency on @types/aws-lambda). */
export interface SqsEvent {
  Records: { messageId: string; body: string; attributes?: { ApproximateReceiveCount?: string } }[]
}

export interface SqsBatchResponse {
  batchItemFailures: { itemIdentifier: string }[]
}

export interface SqsBatchHandlerDeps {
  handle: (message: QueueMessage) => Promise<void>
  deadLetter: (message: QueueMessage, error: string, attempts: number) => Promise<void>
  /** Counts one dead letter (recorded, or unreadable and dropped) for its alarm. */
  deadLetterMetric?: () => void
  /** The queue's maxReceiveCount: past it SQS moves the message to its DLQ anyway. */
  maxReceiveCount?: number
  log: Logger
}

/**
 * SQS consumer with partial batch failures. A failure that may be retried (transient, or
 * unknown and under its few attempts) returns the message to the queue; SQS retries it, then
 * its DLQ takes it after maxReceiveCount. Any other failure is recorded as a dead letter at
 * once and the message deleted, so a permanent error or a poison message never holds a FIFO
 * group. On the FIFO queue, once a message of a group fails the rest of that group in the
 * batch fails too, so order holds.
 */
export function createSqsBatchHandler(deps: SqsBatchHandlerDeps) {
  return async (event: SqsEvent): Promise<SqsBatchResponse> => {
    const failures: { itemIdentifier: string }[] = []
    const failedGroups = new Set<string>()
    const giveBack = (messageId: string, group: string | undefined) => {
      failures.push({ itemIdentifier: messageId })
      if (group !== undefined) failedGroups.add(group)
    }
    for (const record of event.Records) {
      const message = parse(record.body)
      if (!message) {
        deps.log.error('sqs.unreadable-message', { messageId: record.messageId })
        deps.deadLetterMetric?.()
        continue
      }
      const group = messageGroupOf(message)
      if (group !== undefined && failedGroups.has(group)) {
        giveBack(record.messageId, group)
        continue
      }
      try {
        await deps.handle(message)
      } catch (error) {
        const attempts = Number(record.attributes?.ApproximateReceiveCount ?? 1)
        if (mayRetry(error, attempts, deps.maxReceiveCount ?? SQS_MAX_RECEIVE_COUNT)) {
          deps.log.warn('sqs.retry', { messageId: record.messageId, error: errorSummary(error) })
          giveBack(record.messageId, group)
        } else {
          await deps.deadLetter(message, errorSummary(error), attempts).then(
            () => deps.deadLetterMetric?.(),
            () => {
              // Not recorded: give the message back to SQS rather than lose it.
              giveBack(record.messageId, group)
            },
          )
        }
      }
    }
    return { batchItemFailures: failures }
  }
}

function parse(body: string): QueueMessage | undefined {
  try {
    const value = JSON.parse(body) as QueueMessage
    return value && QUEUE_MESSAGE_TYPES.includes(value.type) ? value : undefined
  } catch {
    return undefined
  }
}
