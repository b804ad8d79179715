import { errorSummary, type FailureKind, failureKind, mayRetry, retryAfterMsOf } from '../errors.js'
import type { Logger } from '../log.js'
import { messageGroupOf, QUEUE_MESSAGE_TYPES, type QueueMessage } from './queue-message.js'
import { retryDelayMs, SQS_PARK_RECEIVE_COUNT, SQS_RETRY } from './retry-policy.js'

/** The part of an SQS record we read (avoids a dependency on @types/aws-lambda). */
export interface SqsRecord {
  messageId: string
  body: string
  receiptHandle?: string
  /** The queue's ARN. */
  eventSourceARN?: string
  attributes?: { ApproximateReceiveCount?: string }
}

export interface SqsEvent {
  Records: SqsRecord[]
}

export interface SqsBatchResponse {
  batchItemFailures: { itemIdentifier: string }[]
}

export interface SqsBatchHandlerDeps {
  handle: (message: QueueMessage) => Promise<void>
  deadLetter: (
    message: QueueMessage,
    error: string,
    attempts: number,
    kind: FailureKind,
  ) => Promise<void>
  /** Counts one dead letter (recorded, or an unreadable body kept) for its alarm. */
  deadLetterMetric?: () => void
  /** Keeps a body that is no message of ours, raw, as a dead letter (so it alarms). */
  deadLetterUnreadable?: (letter: { messageId: string; body: string }) => Promise<void>
  /** Hides a message given back for `seconds` (ChangeMessageVisibility): the backoff. */
  delay?: (record: SqsRecord, seconds: number) => Promise<void>
  /** Notes that a pending piece of work was just tried, so the re-queue leaves it to SQS. */
  notePending?: (message: QueueMessage) => Promise<void>
  log: Logger
}

/**
 * SQS consumer with partial batch failures.
 *
 * - A transient failure (HelloAsso or SES down, DynamoDB throttled) is given back to SQS and
 *   hidden for a growing delay, up to SQS_RETRY's ceiling: an outage is waited out, however long,
 *   never dead-lettered. The receive count grows meanwhile; at SQS_PARK_RECEIVE_COUNT the
 *   message is let go (deleted) while its pending record stays in the table, and the scheduled
 *   re-queue sends a fresh one. We chose ChangeMessageVisibility over re-sending with a delay
 *   because it works the same on the FIFO numbering queue (which has no per-message delay) and
 *   keeps the group's order; the redrive maxReceiveCount sits above the park count, so SQS's
 *   own dead-letter queue only ever gets messages whose handler never answered (crash, timeout).
 * - A permanent failure, and an unknown one after a few attempts, is recorded as a dead letter
 *   (with an alarm) and the message deleted, so poison work never holds a FIFO group.
 * - On the FIFO queue, once a message of a group is given back the rest of that group in the
 *   batch is given back too, so order holds.
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
        if (!(await keepUnreadable(deps, record))) giveBack(record.messageId, undefined)
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
        const end = await onFailure(deps, record, message, error, attempts)
        if (end === 'give-back') giveBack(record.messageId, group)
      }
    }
    return { batchItemFailures: failures }
  }
}

async function onFailure(
  deps: SqsBatchHandlerDeps,
  record: SqsRecord,
  message: QueueMessage,
  error: unknown,
  attempts: number,
): Promise<'give-back' | 'done'> {
  const summary = errorSummary(error)
  if (failureKind(error) === 'transient') {
    await deps.notePending?.(message).catch((noteError) => {
      deps.log.warn('sqs.note-pending-failed', { error: errorSummary(noteError) })
    })
    if (attempts >= SQS_PARK_RECEIVE_COUNT) {
      deps.log.warn('sqs.parked', { messageId: record.messageId, attempts, error: summary })
      return 'done'
    }
  }
  if (mayRetry(error, attempts)) {
    const waitMs = retryAfterMsOf(error) ?? retryDelayMs(SQS_RETRY, attempts)
    const seconds = Math.ceil(waitMs / 1000)
    deps.log.warn('sqs.retry', { messageId: record.messageId, attempts, seconds, error: summary })
    // Not hidden: SQS gives it back after the queue's visibility timeout instead.
    await deps.delay?.(record, seconds).catch((delayError) => {
      deps.log.warn('sqs.delay-failed', { error: errorSummary(delayError) })
    })
    return 'give-back'
  }
  try {
    await deps.deadLetter(message, summary, attempts, failureKind(error))
    deps.deadLetterMetric?.()
    return 'done'
  } catch (deadLetterError) {
    // Not recorded: give the message back to SQS rather than lose it.
    deps.log.error('sqs.dead-letter-failed', { error: errorSummary(deadLetterError) })
    return 'give-back'
  }
}

/** A body we cannot read is kept raw; if even that fails, SQS keeps it (then its own DLQ). */
async function keepUnreadable(deps: SqsBatchHandlerDeps, record: SqsRecord): Promise<boolean> {
  deps.log.error('sqs.unreadable-message', { messageId: record.messageId })
  if (!deps.deadLetterUnreadable) return false
  try {
    await deps.deadLetterUnreadable({ messageId: record.messageId, body: record.body })
    deps.deadLetterMetric?.()
    return true
  } catch (error) {
    deps.log.error('sqs.dead-letter-failed', { error: errorSummary(error) })
    return false
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
