import type { Construct } from 'constructs'
import type { AppFunction } from './app-function.js'
import type { AppSecrets } from './app-secrets.js'
import type { DeploymentConfig } from './deployment-config.js'
import { Flow } from './flow.js'
import { allow, type FunctionContext, flowFunction } from './flow-function.js'
import type { FlowQueues } from './flow-queues.js'
import { FUNCTION_SETTINGS } from './function-settings.js'
import { HttpEndpoint } from './http-endpoint.js'

export interface IngestFlowProps {
  context: FunctionContext
  queues: FlowQueues
  secrets: AppSecrets
  deployment: DeploymentConfig
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
  }
}
