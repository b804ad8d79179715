import { countDeadLetter, type DeadLetterStep } from '../queue/dead-letter-metric.js'
import type { QueueMessage } from '../queue/queue-message.js'
import { recordDeadLetter, recordUnreadableMessage } from '../queue/record-dead-letter.js'
import { createSqsBatchHandler } from '../queue/sqs-batch-handler.js'
import { createSqsVisibility } from '../queue/sqs-queue.js'
import { notePendingAttempt } from '../store/pending-work.js'
import { type AwsCore, createSqsApi } from './aws-composition.js'
import { awsMetrics } from './emf-metrics.js'

/**
 * The SQS consumer of a flow function (process, number, deliver): the batch handler with the
 * table's dead letters, the backoff through message visibility, and the note that lets the
 * scheduled re-queue leave work backing off in its queue alone. Every dead letter it records
 * counts in the `DeadLetters` metric of its step.
 */
export function createAwsQueueConsumer(
  base: AwsCore,
  step: DeadLetterStep,
  handle: (message: QueueMessage) => Promise<void>,
) {
  const { table, now, log } = base
  const metrics = awsMetrics(base.env, log)
  return createSqsBatchHandler({
    handle,
    deadLetter: (message, error, attempts, kind) =>
      recordDeadLetter(table, message, error, attempts, now(), kind),
    deadLetterMetric: () => countDeadLetter(metrics, step),
    deadLetterUnreadable: (letter) => recordUnreadableMessage(table, letter, now()),
    delay: createSqsVisibility(createSqsApi(base.env)),
    notePending: (message) => notePendingAttempt(table, message, now().toISOString()),
    log,
  })
}
