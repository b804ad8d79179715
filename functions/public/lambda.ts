import { SESv2Client } from '@aws-sdk/client-sesv2'
import { handle, type LambdaEvent } from 'hono/aws-lambda'
import { createAwsCore } from '../../shared/aws/aws-composition.js'
import { publicBaseUrl } from '../../shared/config/env.js'
import { createSesMailer } from '../../shared/mail/ses-mailer.js'
import { createPublicApp } from './app.js'

/**
 * Composition root of the public Lambda (API Gateway HTTP API → Hono): /verifier and
 * /mes-recus. No secret, no key, no queue: it reads the table (the public keys are there), writes
 * rate-limit and link items, and emails a donor their link.
 */
const core = createAwsCore(process.env)
const ses = new SESv2Client({ region: core.env.AWS_REGION })

const app = createPublicApp({
  config: core.association.config,
  table: core.table,
  mailer: createSesMailer(
    ses,
    core.env.SES_CONFIGURATION_SET ? { configurationSetName: core.env.SES_CONFIGURATION_SET } : {},
  ),
  now: core.now,
  log: core.log,
  publicBaseUrl: publicBaseUrl(core.env),
  answerMs: core.env.DONOR_LINK_ANSWER_MS,
  // API Gateway puts the caller's address in the request context; X-Forwarded-For is client-written.
  clientIp: (c) => {
    const event = (c.env as { event?: LambdaEvent } | undefined)?.event as
      | { requestContext?: { http?: { sourceIp?: string } } }
      | undefined
    return event?.requestContext?.http?.sourceIp
  },
})

export const handler = handle(app)
