import type { Construct } from 'constructs'
import type { AppFunction } from './app-function.js'
import type { DeploymentConfig } from './deployment-config.js'
import { Flow } from './flow.js'
import { allow, type FunctionContext, flowFunction, tableAndIndexes } from './flow-function.js'
import { FUNCTION_SETTINGS } from './function-settings.js'
import type { HttpEndpoint } from './http-endpoint.js'
import type { MailSending } from './mail-sending.js'
import type { Monitoring } from './monitoring.js'

export interface PublicFlowProps {
  context: FunctionContext
  endpoint: HttpEndpoint
  mail: MailSending
  deployment: DeploymentConfig
  monitoring: Monitoring
}

/**
 * The public pages (`/verifier`, `/mes-recus`): one function with no secret, no queue and no
 * signing key. It reads receipts and the published public keys, writes rate-limit counters and
 * donor links (both expire through the table's TTL) and correction requests, and emails a
 * donor their link.
 */
export class PublicFlow extends Flow {
  readonly publicPages: AppFunction

  constructor(scope: Construct, id: string, props: PublicFlowProps) {
    super(scope, id)
    const { context, endpoint, mail } = props
    this.publicPages = flowFunction(this, 'PublicPages', context, {
      name: 'public',
      description:
        'Public pages: receipt verification (/verifier) and a donor’s receipts (/mes-recus)',
      settings: FUNCTION_SETTINGS.publicPages,
      environment: {
        PUBLIC_BASE_URL: endpoint.baseUrl,
        SES_CONFIGURATION_SET: mail.configurationSet.configurationSetName,
      },
      // A donor downloads their PDF as emailed: the same renderer and fonts as deliver.
      fonts: true,
    })
    allow(
      this.publicPages,
      // Reads, the rate-limit counters and the donor links: no transaction checks a condition
      // on another item (test/infra/public-grants.test.ts holds the routes to this list).
      ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
      [context.table.tableArn],
    )
    allow(this.publicPages, ['dynamodb:Query'], tableAndIndexes(context.table))
    allow(this.publicPages, ['ses:SendEmail', 'ses:SendRawEmail'], mail.sendingResourceArns)
    endpoint.addPublicRoutes(this.publicPages.fn)
    props.monitoring.watchFunction('PublicPages', this.publicPages.fn)
    props.monitoring.functionsRow('Public pages', { publicPages: this.publicPages.fn })
  }
}
