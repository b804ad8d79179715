import { createRequire } from 'node:module'
import { dirname, relative } from 'node:path'
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib'
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb'
import { PolicyStatement } from 'aws-cdk-lib/aws-iam'
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources'
import type { Construct } from 'constructs'
import {
  BUNDLED_FONT_DIR,
  bundledFontFileName,
  type EmbeddedFontName,
  FONT_MODULE_PATHS,
} from '../shared/receipts/pdf/font-sources.js'
import { TABLE_INDEX_LIST } from '../shared/store/table-definition.js'
import { AppFunction, type BundledFile, LAMBDA_TASK_ROOT } from './app-function.js'
import { AppSecrets } from './app-secrets.js'
import { type DeploymentConfig, HELLOASSO_URLS } from './deployment-config.js'
import { HttpEndpoint } from './http-endpoint.js'
import { MailSending } from './mail-sending.js'
import { Monitoring } from './monitoring.js'
import { StaffUserPool } from './staff-user-pool.js'
import { WorkQueue } from './work-queue.js'

export interface ServiceStackProps extends StackProps {
  deployment: DeploymentConfig
  /** The table of the data stack. */
  table: ITableV2
}

/** Function sizes: see the README, "Deploying to AWS", for the reasons. */
export const FUNCTION_SETTINGS = {
  // HelloAsso waits ~15 s for an answer; ingest only writes one item and queues one message.
  ingest: { memorySize: 512, timeout: Duration.seconds(10) },
  // Two HelloAsso calls (10 s timeout each) and a transaction per message, 5 messages a batch.
  process: { memorySize: 512, timeout: Duration.seconds(90), batchSize: 5 },
  // Parses up to ~20 MB of CJK fonts for an unusual name and renders a PDF: CPU comes with memory.
  deliver: { memorySize: 1024, timeout: Duration.seconds(60), batchSize: 5 },
  sesEvents: { memorySize: 256, timeout: Duration.seconds(30), batchSize: 10 },
  // A person waits on each request; a PDF (duplicata, original) renders like deliver's, CPU
  // and fonts included. API Gateway gives up at 30 s.
  staff: { memorySize: 1024, timeout: Duration.seconds(15) },
} as const

/** Where the association's JSON lands in every bundle. */
const ASSOCIATION_DIR = 'association'

/**
 * Everything that runs: the HTTP API, the functions of the flow (ingest → process → deliver, and
 * ses-events for SES feedback), the staff app (its function, user pool and hosted sign-in),
 * their queues, secrets, mail sending and the alarms. Stateless but for the user pool and the
 * secrets, whose logical ids are pinned. Not here yet: the nightly reconciliation schedule and
 * the yearly jobs' fan-out (issues to come).
 */
export class ServiceStack extends Stack {
  readonly functions: Record<'ingest' | 'process' | 'deliver' | 'sesEvents' | 'staff', AppFunction>
  readonly endpoint: HttpEndpoint
  readonly staff: StaffUserPool
  readonly monitoring: Monitoring

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props)
    const { deployment, table } = props
    const s = FUNCTION_SETTINGS

    const processQueue = new WorkQueue(this, 'ProcessQueue', {
      fifo: true,
      consumerTimeout: s.process.timeout,
    })
    const deliverQueue = new WorkQueue(this, 'DeliverQueue', {
      fifo: true,
      consumerTimeout: s.deliver.timeout,
    })
    const secrets = new AppSecrets(this, 'Secrets', {
      stage: deployment.stage,
      signatureKey: deployment.helloAsso.verifySignature,
    })
    const mail = new MailSending(this, 'Mail', {
      stage: deployment.stage,
      senderIdentity: deployment.senderIdentity,
      eventsConsumerTimeout: s.sesEvents.timeout,
    })

    const association = associationFiles(deployment)
    const core = {
      TABLE_NAME: table.tableName,
      ASSOCIATION_CONFIG: `${LAMBDA_TASK_ROOT}/${ASSOCIATION_DIR}/association.json`,
    }
    const flow = {
      ...core,
      PROCESS_QUEUE_URL: processQueue.queue.queueUrl,
      DELIVER_QUEUE_URL: deliverQueue.queue.queueUrl,
    }
    const fn = (
      name: string,
      description: string,
      settings: { memorySize: number; timeout: Duration },
      environment: Record<string, string>,
      extraFiles: BundledFile[] = [],
      id = pascal(name),
    ) =>
      new AppFunction(this, id, {
        name,
        description,
        memorySize: settings.memorySize,
        timeout: settings.timeout,
        environment,
        files: [...association, ...extraFiles],
      })

    const ingest = fn('ingest', 'HelloAsso notifications: authenticate, store, queue', s.ingest, {
      ...flow,
      WEBHOOK_SECRET_ARN: secrets.webhookSecret.secretArn,
      ...(secrets.signatureKey
        ? { HELLOASSO_SIGNATURE_KEY_ARN: secrets.signatureKey.secretArn }
        : {}),
      ...(deployment.helloAsso.ipAllowlist
        ? { HELLOASSO_IP_ALLOWLIST: deployment.helloAsso.ipAllowlist }
        : {}),
    })
    const urls = HELLOASSO_URLS[deployment.helloAsso.environment]
    const processFn = fn('process', 'Checks payments with HelloAsso, issues receipts', s.process, {
      ...flow,
      HELLOASSO_CLIENT_ID: deployment.helloAsso.clientId,
      HELLOASSO_CLIENT_SECRET_ARN: secrets.helloAssoClientSecret.secretArn,
      HELLOASSO_API_URL: urls.api,
      HELLOASSO_TOKEN_URL: urls.token,
    })
    const deliver = fn(
      'deliver',
      'Renders receipt PDFs and emails them through SES',
      s.deliver,
      { ...flow, SES_CONFIGURATION_SET: mail.configurationSet.configurationSetName },
      fontFiles(),
    )
    const sesEvents = fn('ses-events', 'Records SES bounces and complaints', s.sesEvents, core)

    this.endpoint = new HttpEndpoint(this, 'Http', {
      ingest: ingest.fn,
      ...(deployment.customDomain ? { customDomain: deployment.customDomain } : {}),
    })
    // The staff app is served by this API: its URL (a token until deployment) is the OAuth
    // redirect base. No cycle: the API resource itself refers to nothing of the staff app.
    this.staff = new StaffUserPool(this, 'Staff', {
      appBaseUrl: this.endpoint.baseUrl,
      signInDomain: deployment.staffSignInDomain,
    })
    const staff = fn(
      'staff',
      'Staff app: pages, sign-in and JSON API under /staff',
      s.staff,
      {
        // createAwsBase wants both queues; the staff actions only send to deliver.
        ...flow,
        STAFF_SESSION_KEY_ARN: secrets.staffSessionKey.secretArn,
        COGNITO_USER_POOL_ID: this.staff.userPool.userPoolId,
        COGNITO_CLIENT_ID: this.staff.client.userPoolClientId,
        COGNITO_DOMAIN: this.staff.hostedUiHost,
        STAFF_BASE_URL: this.endpoint.baseUrl,
      },
      fontFiles(),
      // "Staff" is the user pool's construct: renaming it would replace its client and groups.
      'StaffApp',
    )
    this.functions = { ingest, process: processFn, deliver, sesEvents, staff }

    // Exactly what each function does with the table (shared/store): no Scan, no table admin.
    allow(ingest, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], [table.tableArn])
    const readWrite = [
      'dynamodb:ConditionCheckItem',
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
    ]
    allow(processFn, readWrite, [table.tableArn])
    allow(deliver, readWrite, [table.tableArn])
    allow(
      sesEvents,
      ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
      [table.tableArn],
    )
    // Staff reads (receipts, members, audit, review queue: Query on the table and both indexes,
    // BatchGet for lists) and the same transactions as process (resend, cancel, correct,
    // review decisions): TransactWriteItems is authorized as the item actions it carries.
    allow(
      staff,
      [
        'dynamodb:BatchGetItem',
        'dynamodb:ConditionCheckItem',
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
      ],
      [table.tableArn],
    )
    allow(
      staff,
      ['dynamodb:Query'],
      [
        table.tableArn,
        ...TABLE_INDEX_LIST.map((index) => `${table.tableArn}/index/${index.indexName}`),
      ],
    )
    allow(ingest, ['sqs:SendMessage'], [processQueue.queue.queueArn])
    allow(processFn, ['sqs:SendMessage'], [deliverQueue.queue.queueArn])
    allow(staff, ['sqs:SendMessage'], [deliverQueue.queue.queueArn])
    allow(ingest, ['secretsmanager:GetSecretValue'], secretArns(secrets, 'ingest'))
    allow(processFn, ['secretsmanager:GetSecretValue'], secretArns(secrets, 'process'))
    allow(staff, ['secretsmanager:GetSecretValue'], secretArns(secrets, 'staff'))
    // SESv2 SendEmail with raw content is authorized as both actions, on identity and set.
    allow(deliver, ['ses:SendEmail', 'ses:SendRawEmail'], mail.sendingResourceArns)

    const consume = (target: AppFunction, queue: WorkQueue, batchSize: number) =>
      target.fn.addEventSource(
        new SqsEventSource(queue.queue, { batchSize, reportBatchItemFailures: true }),
      )
    consume(processFn, processQueue, s.process.batchSize)
    consume(deliver, deliverQueue, s.deliver.batchSize)
    consume(sesEvents, mail.events, s.sesEvents.batchSize)

    this.endpoint.addStaffRoutes(staff.fn, this.staff.userPool, this.staff.client)

    this.monitoring = new Monitoring(this, 'Monitoring', {
      stage: deployment.stage,
      alarmEmail: deployment.alarmEmail,
      functions: {
        Ingest: ingest.fn,
        Process: processFn.fn,
        Deliver: deliver.fn,
        SesEvents: sesEvents.fn,
        Staff: staff.fn,
      },
      queues: { Process: processQueue, Deliver: deliverQueue, SesEvents: mail.events },
      api: this.endpoint.api,
      processLogs: processFn.logGroup,
      staff: { fn: staff.fn, logs: staff.logGroup },
    })

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

function allow(target: AppFunction, actions: string[], resources: string[]): void {
  target.role.addToPolicy(new PolicyStatement({ actions, resources }))
}

function secretArns(secrets: AppSecrets, fn: 'ingest' | 'process' | 'staff'): string[] {
  if (fn === 'process') return [secrets.helloAssoClientSecret.secretArn]
  if (fn === 'staff') return [secrets.staffSessionKey.secretArn]
  return [secrets.webhookSecret, secrets.signatureKey]
    .filter((secret) => secret !== undefined)
    .map((secret) => secret.secretArn)
}

/** The association JSON, and its signature image, copied into each bundle. */
function associationFiles(deployment: DeploymentConfig): BundledFile[] {
  const files: BundledFile[] = [
    {
      source: deployment.associationConfigPath,
      target: `${ASSOCIATION_DIR}/association.json`,
    },
  ]
  if (deployment.signatureImagePath) {
    const rel = relative(dirname(deployment.associationConfigPath), deployment.signatureImagePath)
    files.push({ source: deployment.signatureImagePath, target: `${ASSOCIATION_DIR}/${rel}` })
  }
  return files
}

/** The PDF fonts, which shared/receipts/pdf/font-files.ts finds in fonts/ beside index.mjs. */
function fontFiles(): BundledFile[] {
  const require = createRequire(import.meta.url)
  return (Object.keys(FONT_MODULE_PATHS) as EmbeddedFontName[]).map((name) => ({
    source: require.resolve(FONT_MODULE_PATHS[name]),
    target: `${BUNDLED_FONT_DIR}/${bundledFontFileName(name)}`,
  }))
}

function pascal(name: string): string {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('')
}
