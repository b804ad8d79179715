import { createAwsBase } from '../../shared/aws/aws-composition.js'
import { awsProcessDeps } from '../../shared/aws/aws-process-deps.js'
import { awsMetrics } from '../../shared/aws/emf-metrics.js'
import { withSecrets } from '../../shared/aws/load-secrets.js'
import { AppError } from '../../shared/errors.js'
import { processNotification } from '../../shared/process/process-notification.js'
import { countDeadLetter } from '../../shared/queue/dead-letter-metric.js'
import { recordDeadLetter } from '../../shared/queue/record-dead-letter.js'
import { createSqsBatchHandler } from '../../shared/queue/sqs-batch-handler.js'

/**
 * Composition root of the process Lambda (standard queue, in parallel): fetches from HelloAsso,
 * analyses, drafts receipts and hands them to the numbering queue.
 */
// Secrets Manager values are read before the settings (top-level await: ESM bundle).
const base = createAwsBase(await withSecrets(process.env))
const deps = awsProcessDeps(base)
const metrics = awsMetrics(base.env, base.log)

export const handler = createSqsBatchHandler({
  handle: async (message) => {
    if (message.type !== 'process')
      throw new AppError('input.invalid', `process queue got a ${message.type} message`)
    await processNotification(deps, message.notificationId)
  },
  deadLetter: (message, error, attempts) =>
    recordDeadLetter(base.table, message, error, attempts, base.now()),
  deadLetterMetric: () => countDeadLetter(metrics, 'process'),
  log: base.log,
})
