import { SESv2Client } from '@aws-sdk/client-sesv2'
import type { DeliverDeps } from '../deliver/deliver-deps.js'
import { withSesSendLookup } from '../deliver/ses-send-lookup.js'
import { createSesMailer } from '../mail/ses-mailer.js'
import type { AwsBase } from './aws-composition.js'

export function awsDeliverDeps(base: AwsBase): DeliverDeps {
  const ses = new SESv2Client({ region: base.env.AWS_REGION })
  const mailer = createSesMailer(
    ses,
    base.env.SES_CONFIGURATION_SET ? { configurationSetName: base.env.SES_CONFIGURATION_SET } : {},
  )
  return {
    config: base.association.config,
    table: base.table,
    // A retry of a sending cut short asks for SES's send event before sending again.
    mailer: withSesSendLookup(mailer, base.table),
    now: base.now,
    log: base.log,
  }
}
