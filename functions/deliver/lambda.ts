import { createAwsBase } from '../../shared/aws/aws-composition.js'
import { awsDeliverDeps } from '../../shared/aws/aws-deliver-deps.js'
import { awsMetrics } from '../../shared/aws/emf-metrics.js'
import { withSecrets } from '../../shared/aws/load-secrets.js'
import { deliverEmail } from '../../shared/deliver/deliver-email.js'
import { AppError } from '../../shared/errors.js'
import { countDeadLetter } from '../../shared/queue/dead-letter-metric.js'
import { recordDeadLetter } from '../../shared/queue/record-dead-letter.js'
import { createSqsBatchHandler } from '../../shared/queue/sqs-batch-handler.js'

/** Composition root of the deliver Lambda (renders the PDF, sends through SES). */
// Secrets Manager values are read before the settings (top-level await: ESM bundle).
const base = createAwsBase(await withSecrets(process.env))
const deps = awsDeliverDeps(base)
const metrics = awsMetrics(base.env, base.log)

export const handler = createSqsBatchHandler({
  handle: async (message) => {
    if (message.type !== 'deliver')
      throw new AppError('input.invalid', `deliver queue got a ${message.type} message`)
    await deliverEmail(deps, message.receiptNumber, message.kind)
  },
  deadLetter: (message, error, attempts) =>
    recordDeadLetter(base.table, message, error, attempts, base.now()),
  deadLetterMetric: () => countDeadLetter(metrics, 'deliver'),
  log: base.log,
})
