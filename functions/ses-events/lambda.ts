import { createAwsCore } from '../../shared/aws/aws-composition.js'
import { awsMetrics } from '../../shared/aws/emf-metrics.js'
import { createSesEventsHandler } from '../../shared/deliver/ses-events-handler.js'
import { countDeadLetter } from '../../shared/queue/dead-letter-metric.js'

/**
 * Composition root of the ses-events Lambda: SES bounce, rejection and complaint events
 * (configuration set → EventBridge → SQS) recorded on the receipts' delivery status.
 */
const core = createAwsCore(process.env)
const metrics = awsMetrics(core.env, core.log)

export const handler = createSesEventsHandler(
  { table: core.table, now: core.now, log: core.log },
  { deadLetterMetric: () => countDeadLetter(metrics, 'ses-events') },
)
