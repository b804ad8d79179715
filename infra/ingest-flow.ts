import { Duration } from 'aws-cdk-lib'
import type { Construct } from 'constructs'
import type { AppFunction } from './app-function.js'
import type { AppSecrets } from './app-secrets.js'
import type { DeploymentConfig } from './deployment-config.js'
import { Flow } from './flow.js'
import { allow, type FunctionContext, flowFunction } from './flow-function.js'
import type { FlowQueues } from './flow-queues.js'
import { FUNCTION_SETTINGS } from './function-settings.js'
import { HttpEndpoint } from './http-endpoint.js'
import { graph, type Monitoring } from './monitoring.js'

export interface IngestFlowProps {
  context: FunctionContext
  queues: FlowQueues
  secrets: AppSecrets
  deployment: DeploymentConfig
  monitoring: Monitoring
}

/**
 * HelloAsso → the HTTP API → ingest: authenticate, store the notification, queue a process
 * message, answer 2xx fast. The API also carries the staff routes (added by the staff flow).
 */
export class IngestFlow extends Flow {
  readonly ingest: AppFunction
  readonly endpoint: HttpEndpoint

  constructor(scope: Construct, id: string, props: IngestFlowProps) {
    super(scope, id)
    const { context, queues, secrets, deployment } = props
    this.ingest = flowFunction(this, 'Ingest', context, {
      name: 'ingest',
      description: 'HelloAsso notifications: authenticate, store, queue',
      settings: FUNCTION_SETTINGS.ingest,
      environment: {
        ...queues.urls('process'),
        WEBHOOK_SECRET_ARN: secrets.webhookSecret.secretArn,
        ...(secrets.signatureKey
          ? { HELLOASSO_SIGNATURE_KEY_ARN: secrets.signatureKey.secretArn }
          : {}),
        ...(deployment.helloAsso.ipAllowlist
          ? { HELLOASSO_IP_ALLOWLIST: deployment.helloAsso.ipAllowlist }
          : {}),
      },
    })
    this.endpoint = new HttpEndpoint(this, 'Http', {
      ingest: this.ingest.fn,
      ...(deployment.customDomain ? { customDomain: deployment.customDomain } : {}),
    })
    allow(
      this.ingest,
      ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
      [context.table.tableArn],
    )
    allow(this.ingest, ['sqs:SendMessage'], [queues.process.queue.queueArn])
    allow(
      this.ingest,
      ['secretsmanager:GetSecretValue'],
      [secrets.webhookSecret, secrets.signatureKey]
        .filter((secret) => secret !== undefined)
        .map((secret) => secret.secretArn),
    )
    this.monitor(props.monitoring)
  }

  private monitor(monitoring: Monitoring): void {
    const api = this.endpoint.api
    monitoring.watchFunction('Ingest', this.ingest.fn)
    monitoring.alarm('Api5xx', {
      description:
        'The API answered 5xx: HelloAsso will replay, but storage, a queue or Cognito (staff) is failing',
      metric: api.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 0,
    })
    monitoring.row(
      graph('API requests', [api.metricCount(), api.metricClientError(), api.metricServerError()]),
      graph('API latency (p99)', [api.metricLatency({ statistic: 'p99' })]),
    )
    monitoring.functionsRow('Ingest', { ingest: this.ingest.fn })
  }
}
