import { awsDeliverDeps, awsProcessDeps, createAwsBase } from '../../shared/aws/aws-composition.js'
import { createMessageHandler } from '../../shared/queue/handle-message.js'
import { recordDeadLetter } from '../../shared/queue/record-dead-letter.js'
import { createSqsBatchHandler } from '../../shared/queue/sqs-batch-handler.js'

/** Composition root of the process Lambda (SQS FIFO, grouped by organisation). */
const base = createAwsBase()
const handleMessage = createMessageHandler({
  process: awsProcessDeps(base),
  deliver: awsDeliverDeps(base),
})

export const handler = createSqsBatchHandler({
  handle: handleMessage,
  deadLetter: (message, error, attempts) =>
    recordDeadLetter(base.table, message, error, attempts, base.now()),
  log: base.log,
})
