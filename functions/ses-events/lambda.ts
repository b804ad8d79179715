import { createAwsCore } from '../../shared/aws/aws-composition.js'
import { createSesEventsHandler } from '../../shared/deliver/ses-events-handler.js'

/**
 * Composition root of the ses-events Lambda: SES bounce, rejection and complaint events
 * (configuration set → EventBridge → SQS) recorded on the receipts' delivery status.
 */
const core = createAwsCore(process.env)

export const handler = createSesEventsHandler({ table: core.table, now: core.now, log: core.log })
