import { createAwsBase } from '../../shared/aws/aws-composition.js'
import { awsDeliverDeps } from '../../shared/aws/aws-deliver-deps.js'
import { createAwsQueueConsumer } from '../../shared/aws/aws-queue-consumer.js'
import { withSecrets } from '../../shared/aws/load-secrets.js'
import { deliverEmail } from '../../shared/deliver/deliver-email.js'
import { AppError } from '../../shared/errors.js'

/** Composition root of the deliver Lambda (renders the PDF, sends through SES). */
// Secrets Manager values are read before the settings (top-level await: ESM bundle).
const base = createAwsBase(await withSecrets(process.env))
const deps = awsDeliverDeps(base)

export const handler = createAwsQueueConsumer(base, 'deliver', async (message) => {
  if (message.type !== 'deliver')
    throw new AppError('input.invalid', `deliver queue got a ${message.type} message`)
  await deliverEmail(deps, message.receiptNumber, message.kind)
})
