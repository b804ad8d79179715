import { createAwsBase } from '../../shared/aws/aws-composition.js'
import { awsJobDeps } from '../../shared/aws/aws-job-deps.js'
import { awsMetrics } from '../../shared/aws/emf-metrics.js'
import { withSecrets } from '../../shared/aws/load-secrets.js'
import { withReceiptSigning } from '../../shared/aws/receipt-signing.js'
import { createJobChunkHandler } from '../../shared/jobs/job-chunk-handler.js'
import { countDeadLetter } from '../../shared/queue/dead-letter-metric.js'

/** Composition root of the jobs worker: one SQS message = one chunk of a fanned-out run. */
// Yearly summary receipts are numbered here: they are signed too.
const base = await withReceiptSigning(createAwsBase(await withSecrets(process.env)))

const metrics = awsMetrics(base.env, base.log)

export const handler = createJobChunkHandler(awsJobDeps(base), base.log, {
  deadLetterMetric: () => countDeadLetter(metrics, 'jobs'),
})
