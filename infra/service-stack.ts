import { createRequire } from 'node:module'
import { dirname, relative } from 'node:path'
import { CfnOutput, Duration, Fn, Stack, type StackProps, Validations } from 'aws-cdk-lib'
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb'
import { PolicyStatement } from 'aws-cdk-lib/aws-iam'
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources'
import { Bucket, type IBucket } from 'aws-cdk-lib/aws-s3'
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
import { ARCHIVE_BUCKET_NAME_OUTPUT } from './data-stack.js'
import { type DeploymentConfig, HELLOASSO_URLS } from './deployment-config.js'
import { HttpEndpoint } from './http-endpoint.js'
import { MailSending } from './mail-sending.js'
import { Monitoring } from './monitoring.js'
import { ReconcileSchedule } from './reconcile-schedule.js'
import { StaffUserPool } from './staff-user-pool.js'
import { WorkQueue } from './work-queue.js'

export interface ServiceStackProps extends StackProps {
  deployment: DeploymentConfig
  /** The table of the data stack. */
  table: ITableV2
  /** The archive bucket of the data stack, where the jobs write their output. */
  archiveBucket: IBucket
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
  // Reconciles a season of HelloAsso orders (400 days by default) through the process path, or
  // renders a whole year into the archive ZIP in one run: 1769 MB is one full vCPU, 15 min
  // Lambda's longest run.
  jobs: { memorySize: 1769, timeout: Duration.minutes(15) },
  // One chunk a message: ≤ 200 PDFs rendered (CJK fonts included) and written to S3 one by
  // one, or 25 donors emailed or issued their summary receipt. A full vCPU renders 200 PDFs
  // in seconds; minutes leave room for S3, SES and DynamoDB retries, not for a stuck chunk.
  jobsWorker: { memorySize: 1769, timeout: Duration.minutes(5), batchSize: 1 },
} as const

/**
 * Where each jobs function writes in the archive bucket (shared/jobs: receiptPdfPath,
 * declarationPath, registerPath, archivePath); a test holds them to those paths.
 */
export const ARCHIVE_PREFIXES = {
  /** Worker: one PDF per receipt (regenerate), PutObject only. */
  worker: ['receipts/'],
  /** Jobs: the declaration CSVs and the yearly ZIP, streamed (multipart). */
  jobs: ['declaration/', 'archives/'],
} as const

/** Where the association's JSON lands in every bundle. */
const ASSOCIATION_DIR = 'association'

/**
 * Everything that runs: the HTTP API, the functions of the flow (ingest → process → deliver, and
 * ses-events for SES feedback), the staff app (its function, user pool and hosted sign-in),
 * the jobs (the `jobs` function, invoked nightly by EventBridge Scheduler to reconcile and by an
 * operator to start a yearly job, and `jobsWorker`, which works the chunks it fans out on two
 * queues: a standard one in parallel, a FIFO one in turn), their queues, secrets, mail sending
 * and the alarms. Stateless but for the user pool and the secrets, whose logical ids are pinned.
 */
export class ServiceStack extends Stack {
  readonly functions: Record<
    'ingest' | 'process' | 'deliver' | 'sesEvents' | 'staff' | 'jobs' | 'jobsWorker',
    AppFunction
  >
  readonly reconcile: ReconcileSchedule
  readonly endpoint: HttpEndpoint
  readonly staff: StaffUserPool
  readonly monitoring: Monitoring

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props)
    const { deployment, table } = props
    const archiveBucket = importArchiveBucket(this, props.archiveBucket)
    const s = FUNCTION_SETTINGS

    const processQueue = new WorkQueue(this, 'ProcessQueue', {
      fifo: true,
      consumerTimeout: s.process.timeout,
    })
    const deliverQueue = new WorkQueue(this, 'DeliverQueue', {
      fifo: true,
      consumerTimeout: s.deliver.timeout,
    })
    // The jobs' chunks: regenerate and resend in parallel, annual (it allocates receipt
    // numbers) one at a time per organisation, the FIFO message group.
    const jobsQueue = new WorkQueue(this, 'JobsQueue', {
      fifo: false,
      consumerTimeout: s.jobsWorker.timeout,
    })
    const jobsSerialQueue = new WorkQueue(this, 'JobsSerialQueue', {
      fifo: true,
      consumerTimeout: s.jobsWorker.timeout,
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
      DEPLOYMENT_STAGE: deployment.stage,
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
      entry?: string,
    ) =>
      new AppFunction(this, id, {
        name,
        ...(entry ? { entry } : {}),
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
    const helloAsso = {
      HELLOASSO_CLIENT_ID: deployment.helloAsso.clientId,
      HELLOASSO_CLIENT_SECRET_ARN: secrets.helloAssoClientSecret.secretArn,
      HELLOASSO_API_URL: urls.api,
      HELLOASSO_TOKEN_URL: urls.token,
    }
    const processFn = fn('process', 'Checks payments with HelloAsso, issues receipts', s.process, {
      ...flow,
      ...helloAsso,
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
    // Both compose the processing path (shared/aws/aws-job-deps.ts), HelloAsso client included.
    const jobsEnvironment = { ...flow, ...helloAsso, ARCHIVE_BUCKET: archiveBucket.bucketName }
    const jobs = fn(
      'jobs',
      'Nightly reconciliation; yearly jobs started by an operator (plan and fan out, declaration, archive)',
      s.jobs,
      {
        ...jobsEnvironment,
        JOBS_QUEUE_URL: jobsQueue.queue.queueUrl,
        JOBS_SERIAL_QUEUE_URL: jobsSerialQueue.queue.queueUrl,
        RECONCILE_LOOKBACK_DAYS: String(deployment.jobs.reconcileLookbackDays),
      },
      fontFiles(),
      'Jobs',
      'scheduled-lambda.ts',
    )
    const jobsWorker = fn(
      'jobs',
      'Works one chunk of a yearly job: renders PDFs to S3, emails donors, issues summary receipts',
      s.jobsWorker,
      { ...jobsEnvironment, SES_CONFIGURATION_SET: mail.configurationSet.configurationSetName },
      fontFiles(),
      'JobsWorker',
      'worker-lambda.ts',
    )
    this.functions = { ingest, process: processFn, deliver, sesEvents, staff, jobs, jobsWorker }

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
    const tableAndIndexes = [
      table.tableArn,
      ...TABLE_INDEX_LIST.map((index) => `${table.tableArn}/index/${index.indexName}`),
    ]
    allow(staff, ['dynamodb:Query'], tableAndIndexes)
    // The jobs read like staff (Query on the table and both indexes, BatchGet), write like
    // process (the same transactions) and record a run's findings with BatchWriteItem.
    for (const target of [jobs, jobsWorker]) {
      allow(
        target,
        [
          'dynamodb:BatchGetItem',
          'dynamodb:BatchWriteItem',
          'dynamodb:ConditionCheckItem',
          'dynamodb:DeleteItem',
          'dynamodb:GetItem',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
        ],
        [table.tableArn],
      )
      allow(target, ['dynamodb:Query'], tableAndIndexes)
    }
    allow(ingest, ['sqs:SendMessage'], [processQueue.queue.queueArn])
    allow(processFn, ['sqs:SendMessage'], [deliverQueue.queue.queueArn])
    allow(staff, ['sqs:SendMessage'], [deliverQueue.queue.queueArn])
    // SendMessageBatch is authorized as SendMessage. Like process, the jobs send deliver
    // messages (receipts issued by reconciliation or the annual job), never a process message.
    allow(
      jobs,
      ['sqs:SendMessage'],
      [deliverQueue.queue.queueArn, jobsQueue.queue.queueArn, jobsSerialQueue.queue.queueArn],
    )
    allow(jobsWorker, ['sqs:SendMessage'], [deliverQueue.queue.queueArn])
    allow(ingest, ['secretsmanager:GetSecretValue'], secretArns(secrets, 'ingest'))
    allow(processFn, ['secretsmanager:GetSecretValue'], secretArns(secrets, 'process'))
    allow(staff, ['secretsmanager:GetSecretValue'], secretArns(secrets, 'staff'))
    allow(jobs, ['secretsmanager:GetSecretValue'], secretArns(secrets, 'process'))
    allow(jobsWorker, ['secretsmanager:GetSecretValue'], secretArns(secrets, 'process'))
    // SESv2 SendEmail with raw content is authorized as both actions, on identity and set.
    allow(deliver, ['ses:SendEmail', 'ses:SendRawEmail'], mail.sendingResourceArns)
    allow(jobsWorker, ['ses:SendEmail', 'ses:SendRawEmail'], mail.sendingResourceArns)
    // Writes under their own prefixes only: no read, list or delete (Object Lock keeps every
    // version anyway). A multipart upload is authorized as PutObject, but for its abort.
    const writeUnder = (target: AppFunction, actions: string[], prefixes: readonly string[]) => {
      const arns = prefixes.map((prefix) => archiveBucket.arnForObjects(`${prefix}*`))
      allow(target, actions, arns)
      for (const arn of arns)
        Validations.of(target.role).acknowledge({
          id: `AwsSolutions-IAM5[Resource::${nagResource(this, arn)}]`,
          reason:
            'Objects under one prefix its jobs write (a key per receipt or year); nothing else.',
        })
    }
    writeUnder(jobs, ['s3:AbortMultipartUpload', 's3:PutObject'], ARCHIVE_PREFIXES.jobs)
    writeUnder(jobsWorker, ['s3:PutObject'], ARCHIVE_PREFIXES.worker)

    const consume = (
      target: AppFunction,
      queue: WorkQueue,
      batchSize: number,
      maxConcurrency?: number,
    ) =>
      target.fn.addEventSource(
        new SqsEventSource(queue.queue, {
          batchSize,
          reportBatchItemFailures: true,
          ...(maxConcurrency ? { maxConcurrency } : {}),
        }),
      )
    consume(processFn, processQueue, s.process.batchSize)
    consume(deliver, deliverQueue, s.deliver.batchSize)
    consume(sesEvents, mail.events, s.sesEvents.batchSize)
    // 5 000 chunks of 200 PDFs (a million receipts) on 50 workers: minutes, not hours. The
    // serial lane needs no cap: one message group is worked one message at a time.
    consume(jobsWorker, jobsQueue, s.jobsWorker.batchSize, deployment.jobs.workerMaxConcurrency)
    consume(jobsWorker, jobsSerialQueue, s.jobsWorker.batchSize)

    this.reconcile = new ReconcileSchedule(this, 'ReconcileSchedule', {
      target: jobs.fn,
      hour: deployment.jobs.reconcileCron.hour,
      minute: deployment.jobs.reconcileCron.minute,
      enabled: deployment.jobs.reconcileEnabled,
    })

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
        Jobs: jobs.fn,
        JobsWorker: jobsWorker.fn,
      },
      queues: {
        Process: processQueue,
        Deliver: deliverQueue,
        SesEvents: mail.events,
        Jobs: jobsQueue,
        JobsSerial: jobsSerialQueue,
      },
      deadLetterQueues: {
        ReconcileSchedule: {
          queue: this.reconcile.deadLetterQueue,
          action: 'the nightly reconciliation did not start; run it by hand (README)',
        },
      },
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
    new CfnOutput(this, 'JobsFunctionName', {
      description: 'aws lambda invoke --function-name <this> with {"command":"start",…} (README)',
      value: jobs.fn.functionName,
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

/** A resource as a cdk-nag finding names it (its flattenCfnReference): joins spelled out. */
function nagResource(stack: Stack, arn: string): string {
  const flat = (node: unknown): string => {
    if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/}/g, '>')
    const join = (node as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join']
    return join ? join[1].map(flat).join(join[0]) : JSON.stringify(node)
  }
  return flat(stack.resolve(arn))
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
