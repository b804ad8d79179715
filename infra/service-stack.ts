import { type CfnElement, CfnOutput, Fn, Stack, type StackProps } from 'aws-cdk-lib'
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb'
import { Bucket, type IBucket } from 'aws-cdk-lib/aws-s3'
import type { Construct } from 'constructs'
import { type AppFunction, LAMBDA_TASK_ROOT } from './app-function.js'
import { AppSecrets } from './app-secrets.js'
import { ASSOCIATION_CONFIG_IN_BUNDLE, associationFiles } from './association-files.js'
import { ARCHIVE_BUCKET_NAME_OUTPUT } from './data-stack.js'
import { DeliveryFlow } from './delivery-flow.js'
import { type DeploymentConfig, HELLOASSO_URLS } from './deployment-config.js'
import { Flow } from './flow.js'
import { allow, type FunctionContext } from './flow-function.js'
import { FlowQueues } from './flow-queues.js'
import type { HttpEndpoint } from './http-endpoint.js'
import { IngestFlow } from './ingest-flow.js'
import { JobsFlow } from './jobs-flow.js'
import { Monitoring } from './monitoring.js'
import { ProcessingFlow } from './processing-flow.js'
import { PublicFlow } from './public-flow.js'
import { PurgeSchedule } from './purge-schedule.js'
import type { ReconcileSchedule } from './reconcile-schedule.js'
import type { RequeueSchedule } from './requeue-schedule.js'
import { StaffFlow } from './staff-flow.js'
import type { StaffUserPool } from './staff-user-pool.js'

export { FUNCTION_SETTINGS } from './function-settings.js'
export { ARCHIVE_PREFIXES } from './jobs-flow.js'

export interface ServiceStackProps extends StackProps {
  deployment: DeploymentConfig
  /** The table of the data stack. */
  table: ITableV2
  /** The archive bucket of the data stack, where the jobs write their output. */
  archiveBucket: IBucket
}

/**
 * Everything that runs, by flow: ingest (the HTTP API and its function), processing (process,
 * in parallel, and number, one at a time per organisation), delivery (deliver, mail sending,
 * ses-events), staff (its function, user pool and hosted sign-in), jobs (scheduled and
 * operator-started, their worker and schedules); the queues between the steps, the secrets and
 * the alarms. Stateless but for the user pool and the secrets, whose logical ids are pinned;
 * flows leave logical ids as they were at the stack's root (see allocateLogicalId).
 */
export class ServiceStack extends Stack {
  readonly functions: Record<
    | 'ingest'
    | 'process'
    | 'number'
    | 'deliver'
    | 'sesEvents'
    | 'staff'
    | 'jobs'
    | 'jobsWorker'
    | 'publicPages',
    AppFunction
  >
  readonly queues: FlowQueues
  readonly reconcile: ReconcileSchedule
  readonly requeue: RequeueSchedule
  readonly purge: PurgeSchedule
  readonly endpoint: HttpEndpoint
  readonly staff: StaffUserPool
  readonly monitoring: Monitoring

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props)
    const { deployment, table } = props
    const archiveBucket = importArchiveBucket(this, props.archiveBucket)
    const secrets = new AppSecrets(this, 'Secrets', {
      stage: deployment.stage,
      signatureKey: deployment.helloAsso.verifySignature,
    })
    const context: FunctionContext = {
      table,
      files: associationFiles(deployment.associationConfigPath),
      environment: {
        TABLE_NAME: table.tableName,
        ASSOCIATION_CONFIG: `${LAMBDA_TASK_ROOT}/${ASSOCIATION_CONFIG_IN_BUNDLE}`,
        DEPLOYMENT_STAGE: deployment.stage,
      },
    }
    const urls = HELLOASSO_URLS[deployment.helloAsso.environment]
    const helloAsso = {
      HELLOASSO_CLIENT_ID: deployment.helloAsso.clientId,
      HELLOASSO_CLIENT_SECRET_ARN: secrets.helloAssoClientSecret.secretArn,
      HELLOASSO_API_URL: urls.api,
      HELLOASSO_TOKEN_URL: urls.token,
    }

    // Each flow registers its own alarms and dashboard rows on it.
    const monitoring = new Monitoring(this, 'Monitoring', {
      stage: deployment.stage,
      alarmEmail: deployment.alarmEmail,
    })
    const queues = new FlowQueues(this, 'Queues')
    const ingest = new IngestFlow(this, 'IngestFlow', {
      context,
      queues,
      secrets,
      deployment,
      monitoring,
    })
    const processing = new ProcessingFlow(this, 'ProcessingFlow', {
      context,
      queues,
      secrets,
      helloAsso,
      monitoring,
    })
    const delivery = new DeliveryFlow(this, 'DeliveryFlow', {
      context,
      queues,
      deployment,
      monitoring,
    })
    const staff = new StaffFlow(this, 'StaffFlow', {
      context,
      queues,
      secrets,
      endpoint: ingest.endpoint,
      deployment,
      monitoring,
    })
    const jobs = new JobsFlow(this, 'JobsFlow', {
      context,
      queues,
      secrets,
      mail: delivery.mail,
      archiveBucket,
      deployment,
      helloAsso,
      monitoring,
    })
    const publicPages = new PublicFlow(this, 'PublicFlow', {
      context,
      endpoint: ingest.endpoint,
      mail: delivery.mail,
      deployment,
      monitoring,
    })
    // Every function that numbers receipts signs their verification links; no other reads the key.
    for (const signer of [processing.number, staff.staff, jobs.jobs, jobs.jobsWorker])
      grantReceiptSigning(signer, secrets, ingest.endpoint.baseUrl)
    // The purge finds old review items with a filtered scan (they have no index by date).
    allow(jobs.jobs, ['dynamodb:Scan'], [table.tableArn])
    this.purge = new PurgeSchedule(this, 'PurgeSchedule', {
      target: jobs.jobs.fn,
      role: jobs.reconcile.role.withoutPolicyUpdates(),
      deadLetterQueue: jobs.reconcile.deadLetterQueue,
      enabled: deployment.jobs.purgeEnabled,
    })
    this.queues = queues
    this.endpoint = ingest.endpoint
    this.staff = staff.userPool
    this.reconcile = jobs.reconcile
    this.requeue = jobs.requeue
    this.functions = {
      ingest: ingest.ingest,
      process: processing.process,
      number: processing.number,
      deliver: delivery.deliver,
      sesEvents: delivery.sesEvents,
      staff: staff.staff,
      jobs: jobs.jobs,
      jobsWorker: jobs.jobsWorker,
      publicPages: publicPages.publicPages,
    }
    this.monitoring = monitoring
    this.outputs(secrets)
  }

  /** Flows structure the code only: their resources keep the logical ids of the stack's root. */
  protected override allocateLogicalId(element: CfnElement): string {
    const scopes = element.node.scopes.filter((scope) => !(scope instanceof Flow))
    return super.allocateLogicalId({ node: { scopes }, stack: this } as unknown as CfnElement)
  }

  private outputs(secrets: AppSecrets): void {
    new CfnOutput(this, 'WebhookUrlWithoutSecret', {
      description: 'Append the value of the WebhookSecret secret; give it to HelloAsso',
      value: this.endpoint.webhookBaseUrl,
    })
    new CfnOutput(this, 'WebhookSecretArn', { value: secrets.webhookSecret.secretArn })
    new CfnOutput(this, 'HelloAssoClientSecretArn', {
      value: secrets.helloAssoClientSecret.secretArn,
    })
    if (secrets.signatureKey)
      new CfnOutput(this, 'HelloAssoSignatureKeyArn', { value: secrets.signatureKey.secretArn })
    new CfnOutput(this, 'StaffUserPoolId', { value: this.staff.userPool.userPoolId })
    new CfnOutput(this, 'StaffUserPoolClientId', { value: this.staff.client.userPoolClientId })
    new CfnOutput(this, 'StaffUrl', {
      description: 'The staff app: sign in with a Cognito account of the viewer or manager group',
      value: `${this.endpoint.baseUrl}/staff`,
    })
    new CfnOutput(this, 'StaffSignInHost', {
      description: 'The Cognito hosted sign-in (COGNITO_DOMAIN)',
      value: this.staff.hostedUiHost,
    })
    new CfnOutput(this, 'StaffSessionKeyArn', { value: secrets.staffSessionKey.secretArn })
    new CfnOutput(this, 'VerificationUrl', {
      description: 'Public pages: receipt verification (and its public key) and /mes-recus',
      value: `${this.endpoint.baseUrl}/verifier`,
    })
    new CfnOutput(this, 'JobsFunctionName', {
      description:
        'aws lambda invoke --function-name <this> with {"command":"start",…} (docs/deploying.md)',
      value: this.functions.jobs.fn.functionName,
    })
    if (this.staff.customDomainTarget)
      new CfnOutput(this, 'StaffSignInDomainTarget', {
        description: 'Point the sign-in custom domain (alias or CNAME) at this CloudFront name',
        value: this.staff.customDomainTarget,
      })
    if (this.endpoint.domainName)
      new CfnOutput(this, 'CustomDomainTarget', {
        description: 'CNAME the custom domain to this name',
        value: this.endpoint.domainName.regionalDomainName,
      })
  }
}

/** The key from Secrets Manager (read at cold start) and the base of the links it signs. */
function grantReceiptSigning(signer: AppFunction, secrets: AppSecrets, baseUrl: string): void {
  signer.fn.addEnvironment('RECEIPT_SIGNING_KEY_ARN', secrets.receiptSigningKey.secretArn)
  signer.fn.addEnvironment('PUBLIC_BASE_URL', baseUrl)
  allow(signer, ['secretsmanager:GetSecretValue'], [secrets.receiptSigningKey.secretArn])
}

/**
 * The data stack's archive bucket, its name read from that stack's output with
 * Fn::GetStackOutput as a weak reference would, but spelled out: the ARNs built on it then
 * resolve now to what the template will hold, which the IAM5 acknowledgements must name.
 */
function importArchiveBucket(stack: Stack, bucket: IBucket): IBucket {
  const data = Stack.of(bucket)
  stack.addStackDependency(data, 'the jobs write to its archive bucket')
  const name = Fn.getStackOutput(data.stackName, ARCHIVE_BUCKET_NAME_OUTPUT, data.region)
  return Bucket.fromBucketName(stack, 'ArchiveBucket', name)
}

/** The association JSON, and its signature image, copied into each bundle. */
