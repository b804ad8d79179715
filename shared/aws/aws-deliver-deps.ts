import { SESv2Client } from '@aws-sdk/client-sesv2'
import type { DeliverDeps } from '../deliver/deliver-deps.js'
import { createSesMailer } from '../mail/ses-mailer.js'
import type { AwsBase } from './aws-composition.js'

export function awsDeliverDeps(base: AwsBase): DeliverDeps {
  const ses = new SESv2Client({ region: base.env.AWS_REGION })
  return {
    config: base.association.config,
    table: base.table,
    mailer: createSesMailer(
      ses,
      base.env.SES_CONFIGURATION_SET
        ? { configurationSetName: base.env.SES_CONFIGURATION_SET }
        : {},
    ),
    now: base.now,
    log: base.log,
  }
}
