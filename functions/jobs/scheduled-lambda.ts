import { SQSClient } from '@aws-sdk/client-sqs'
import { createAwsBase } from '../../shared/aws/aws-composition.js'
import { awsJobDeps } from '../../shared/aws/aws-job-deps.js'
import { awsMetrics } from '../../shared/aws/emf-metrics.js'
import { withSecrets } from '../../shared/aws/load-secrets.js'
import { withReceiptSigning } from '../../shared/aws/receipt-signing.js'
import { sendJobChunks } from '../../shared/aws/sqs-job-chunks.js'
import { AppError } from '../../shared/errors.js'
import { runScheduledCommand } from './scheduled-command.js'

/**
 * Composition root of the jobs function: EventBridge Scheduler's nightly reconciliation and
 * its re-queue of pending work every 15 minutes, and the yearly jobs an operator starts (`aws lambda invoke … '{"command":"start",…}'`).
 */
// Yearly summary receipts are numbered here: they are signed too.
const base = await withReceiptSigning(createAwsBase(await withSecrets(process.env)))
const jobs = awsJobDeps(base)
const sqs = new SQSClient({ region: base.env.AWS_REGION })
const queues = {
  parallel: base.env.JOBS_QUEUE_URL,
  serial: base.env.JOBS_SERIAL_QUEUE_URL,
}

export const handler = async (event: unknown) => {
  const summary = await runScheduledCommand(
    {
      jobs,
      lookbackDays: base.env.RECONCILE_LOOKBACK_DAYS,
      sendChunks: (lane, messages) => {
        const url = queues[lane]
        if (!url) throw new AppError('config.invalid', `no queue for ${lane} job chunks`)
        return sendJobChunks(sqs, url, messages)
      },
      publishMetric: awsMetrics(base.env, base.log),
    },
    event,
  )
  base.log.info('job.command', summary as Record<string, string | number | boolean>)
  return summary
}
