import { Duration } from 'aws-cdk-lib'
import { FilterPattern } from 'aws-cdk-lib/aws-logs'
import type { Construct } from 'constructs'
import type { AppFunction } from './app-function.js'
import type { AppSecrets } from './app-secrets.js'
import type { DeploymentConfig } from './deployment-config.js'
import { Flow } from './flow.js'
import {
  allow,
  type FunctionContext,
  flowFunction,
  ITEM_READ_WRITE,
  tableAndIndexes,
} from './flow-function.js'
import type { FlowQueues } from './flow-queues.js'
import { FUNCTION_SETTINGS } from './function-settings.js'
import type { HttpEndpoint } from './http-endpoint.js'
import { graph, type Monitoring } from './monitoring.js'
import { StaffUserPool } from './staff-user-pool.js'

export interface StaffFlowProps {
  context: FunctionContext
  queues: FlowQueues
  secrets: AppSecrets
  endpoint: HttpEndpoint
  deployment: DeploymentConfig
  monitoring: Monitoring
}

/** The staff app: its user pool and hosted sign-in, its function, its routes on the API. */
export class StaffFlow extends Flow {
  readonly staff: AppFunction
  readonly userPool: StaffUserPool

  constructor(scope: Construct, id: string, props: StaffFlowProps) {
    super(scope, id)
    const { context, queues, secrets, endpoint, deployment } = props
    // The staff app is served by this API: its URL (a token until deployment) is the OAuth
    // redirect base. No cycle: the API resource itself refers to nothing of the staff app.
    this.userPool = new StaffUserPool(this, 'Staff', {
      appBaseUrl: endpoint.baseUrl,
      signInDomain: deployment.staffSignInDomain,
    })
    // "Staff" is the user pool's construct: renaming it would replace its client and groups.
    this.staff = flowFunction(this, 'StaffApp', context, {
      name: 'staff',
      description: 'Staff app: pages, sign-in and JSON API under /staff',
      settings: FUNCTION_SETTINGS.staff,
      environment: {
        // Resend, cancel, correct and issue from review queue an email; « Réexaminer » and
        // « Rattacher à un palier » send the payment through processing again.
        ...queues.urls('process', 'deliver'),
        STAFF_SESSION_KEY_ARN: secrets.staffSessionKey.secretArn,
        COGNITO_USER_POOL_ID: this.userPool.userPool.userPoolId,
        COGNITO_CLIENT_ID: this.userPool.client.userPoolClientId,
        COGNITO_DOMAIN: this.userPool.hostedUiHost,
        STAFF_BASE_URL: endpoint.baseUrl,
      },
      fonts: true,
    })
    // Staff reads (receipts, members, audit, review queue: Query on the table and both indexes,
    // BatchGet for lists) and the same transactions as process (resend, cancel, correct,
    // review decisions): TransactWriteItems is authorized as the item actions it carries.
    allow(this.staff, ['dynamodb:BatchGetItem', ...ITEM_READ_WRITE], [context.table.tableArn])
    allow(this.staff, ['dynamodb:Query'], tableAndIndexes(context.table))
    allow(
      this.staff,
      ['sqs:SendMessage'],
      [queues.deliver.queue.queueArn, queues.process.queue.queueArn],
    )
    allow(this.staff, ['secretsmanager:GetSecretValue'], [secrets.staffSessionKey.secretArn])
    endpoint.addStaffRoutes(this.staff.fn, this.userPool.userPool, this.userPool.client)
    this.monitor(props.monitoring)
  }

  /**
   * The staff app's requests, and the credentials it refused (staff-auth-middleware.ts logs
   * `staff.auth.refused`): a steady stream of refusals is someone guessing. No alarm on those:
   * a person mistyping is not an incident, and the threat protection of the user pool acts on
   * its own.
   */
  private monitor(monitoring: Monitoring): void {
    const fn = this.staff.fn
    monitoring.watchFunction('Staff', fn)
    monitoring.countLogLines(
      'StaffAuthRefusedFilter',
      this.staff.logGroup,
      FilterPattern.stringValue('$.event', '=', 'staff.auth.refused'),
      'StaffAuthRefused',
    )
    const refused = monitoring.appMetric('StaffAuthRefused', {
      period: Duration.minutes(5),
      statistic: 'Sum',
      label: 'refused credentials',
    })
    monitoring.row(
      graph('Staff app requests', [
        fn.metricInvocations({ label: 'requests' }),
        fn.metricErrors({ label: 'errors' }),
      ]),
      graph('Staff app latency (p99)', [fn.metricDuration({ statistic: 'p99' })]),
      graph('Staff sign-in refusals', [refused]),
    )
  }
}
