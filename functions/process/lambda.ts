import { createAwsBase } from '../../shared/aws/aws-composition.js'
import { awsProcessDeps } from '../../shared/aws/aws-process-deps.js'
import { createAwsQueueConsumer } from '../../shared/aws/aws-queue-consumer.js'
import { withSecrets } from '../../shared/aws/load-secrets.js'
import { AppError } from '../../shared/errors.js'
import { processNotification } from '../../shared/process/process-notification.js'

/**
 * Composition root of the process Lambda (standard queue, in parallel): fetches from HelloAsso,
 * analyses, drafts receipts and hands them to the numbering queue.
 */
// Secrets Manager values are read before the settings (top-level await: ESM bundle).
const base = createAwsBase(await withSecrets(process.env))
const deps = awsProcessDeps(base)

export const handler = createAwsQueueConsumer(base, 'process', async (message) => {
  if (message.type !== 'process')
    throw new AppError('input.invalid', `process queue got a ${message.type} message`)
  await processNotification(deps, message.notificationId)
})
