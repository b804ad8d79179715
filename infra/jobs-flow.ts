import { Stack, Validations } from 'aws-cdk-lib'
import type { IBucket } from 'aws-cdk-lib/aws-s3'
import type { Construct } from 'constructs'
import type { AppFunction } from './app-function.js'
import type { AppSecrets } from './app-secrets.js'
import type { DeploymentConfig } from './deployment-config.js'
import { Flow } from './flow.js'
import {
  allow,
  consume,
  type FunctionContext,
  flowFunction,
  ITEM_READ_WRITE,
  tableAndIndexes,
} from './flow-function.js'
import type { FlowQueues } from './flow-queues.js'
import { FUNCTION_SETTINGS } from './function-settings.js'
import type { MailSending } from './mail-sending.js'
import { graph, type Monitoring } from './monitoring.js'
import { ReconcileSchedule } from './reconcile-schedule.js'
import { RequeueSchedule } from './requeue-schedule.js'
import { WorkQueue } from './work-queue.js'

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

export interface JobsFlowProps {
  context: FunctionContext
  queues: FlowQueues
  secrets: AppSecrets
  mail: MailSending
  archiveBucket: IBucket
  deployment: DeploymentConfig
  helloAsso: Record<string, string>
  /** Its alarms; the re-queue run publishes the pending-work ages in its namespace. */
  monitoring: Monitoring
}

/**
 * The `jobs` function (scheduled: nightly reconciliation, re-queue of pending work every 15
 * minutes; or started by an operator: a yearly job planned and fanned out, the declaration,
 * the archive) and `jobsWorker`, which works the chunks on two queues: a standard one in
 * parallel (regenerate, resend), a FIFO one in turn (annual: it allocates receipt numbers).
 */
export class JobsFlow extends Flow {
  readonly jobs: AppFunction
  readonly jobsWorker: AppFunction
  readonly jobsQueue: WorkQueue
  readonly jobsSerialQueue: WorkQueue
  readonly reconcile: ReconcileSchedule
  readonly requeue: RequeueSchedule
  private readonly archiveBucket: IBucket

  constructor(scope: Construct, id: string, props: JobsFlowProps) {
    super(scope, id)
    this.archiveBucket = props.archiveBucket
    const { context, queues, deployment } = props
    const s = FUNCTION_SETTINGS
    this.jobsQueue = new WorkQueue(this, 'JobsQueue', {
      fifo: false,
      consumerTimeout: s.jobsWorker.timeout,
    })
    this.jobsSerialQueue = new WorkQueue(this, 'JobsSerialQueue', {
      fifo: true,
      consumerTimeout: s.jobsWorker.timeout,
    })
    // Both compose the processing path (shared/aws/aws-job-deps.ts), HelloAsso client included.
    const common = { ...props.helloAsso, ARCHIVE_BUCKET: props.archiveBucket.bucketName }
    this.jobs = flowFunction(this, 'Jobs', context, {
      name: 'jobs',
      entry: 'scheduled-lambda.ts',
      description:
        'Nightly reconciliation, re-queue of pending work; yearly jobs started by an operator (plan and fan out, declaration, archive)',
      settings: s.jobs,
      environment: {
        ...common,
        // Reconciliation goes through process (numbering, cancellation notices); the re-queue
        // sends every kind of pending work.
        ...queues.urls('process', 'number', 'deliver'),
        JOBS_QUEUE_URL: this.jobsQueue.queue.queueUrl,
        JOBS_SERIAL_QUEUE_URL: this.jobsSerialQueue.queue.queueUrl,
        RECONCILE_LOOKBACK_DAYS: String(deployment.jobs.reconcileLookbackDays),
        METRICS_NAMESPACE: props.monitoring.namespace,
      },
      fonts: true,
    })
    this.jobsWorker = flowFunction(this, 'JobsWorker', context, {
      name: 'jobs',
      entry: 'worker-lambda.ts',
      description:
        'Works one chunk of a yearly job: renders PDFs to S3, emails donors, issues summary receipts',
      settings: s.jobsWorker,
      environment: {
        ...common,
        ...queues.urls('deliver'),
        SES_CONFIGURATION_SET: props.mail.configurationSet.configurationSetName,
        METRICS_NAMESPACE: props.monitoring.namespace,
      },
      fonts: true,
    })
    this.grant(props)
    // 5 000 chunks of 200 PDFs (a million receipts) on 50 workers: minutes, not hours. The
    // serial lane needs no cap: one message group is worked one message at a time.
    consume(
      this.jobsWorker,
      this.jobsQueue.queue,
      s.jobsWorker.batchSize,
      deployment.jobs.workerMaxConcurrency,
    )
    consume(this.jobsWorker, this.jobsSerialQueue.queue, s.jobsWorker.batchSize)

    this.reconcile = new ReconcileSchedule(this, 'ReconcileSchedule', {
      target: this.jobs.fn,
      hour: deployment.jobs.reconcileCron.hour,
      minute: deployment.jobs.reconcileCron.minute,
      enabled: deployment.jobs.reconcileEnabled,
    })
    this.requeue = new RequeueSchedule(this, 'RequeueSchedule', {
      target: this.jobs.fn,
      role: this.reconcile.role.withoutPolicyUpdates(),
      deadLetterQueue: this.reconcile.deadLetterQueue,
    })
    this.monitor(props.monitoring)
  }

  private monitor(monitoring: Monitoring): void {
    monitoring.watchFunction('Jobs', this.jobs.fn)
    monitoring.watchFunction('JobsWorker', this.jobsWorker.fn)
    for (const [name, queue] of [
      ['Jobs', this.jobsQueue],
      ['JobsSerial', this.jobsSerialQueue],
    ] as const)
      monitoring.watchDeadLetterQueue(
        name,
        queue.deadLetterQueue,
        'a chunk of a yearly job failed 5 times; find the cause in the jobs worker logs (`job.chunk-failed`), then start the job again: it sends only the chunks not recorded (docs/deploying.md)',
      )
    const deadLetters = monitoring.watchDeadLetters(
      'Jobs',
      'jobs',
      'the jobs worker dropped a chunk message it could not read (`job.unreadable-chunk` in its logs); start the job again: it sends only the chunks not recorded',
    )
    monitoring.watchDeadLetterQueue(
      'ReconcileSchedule',
      this.reconcile.deadLetterQueue,
      'a scheduled run (nightly reconciliation or re-queue) did not start or failed; run it by hand (docs/deploying.md)',
    )
    monitoring.functionsRow('Jobs', { jobs: this.jobs.fn, jobsWorker: this.jobsWorker.fn })
    monitoring.row(graph('Jobs: unreadable chunks', [deadLetters]))
    monitoring.queuesRow(
      'Jobs',
      { jobs: this.jobsQueue, jobsSerial: this.jobsSerialQueue },
      { schedules: this.reconcile.deadLetterQueue },
    )
  }

  private grant(props: JobsFlowProps): void {
    const { context, queues, secrets } = props
    // The jobs read like staff (Query on the table and both indexes, BatchGet), write like
    // process (the same transactions) and record a run's findings with BatchWriteItem.
    for (const target of [this.jobs, this.jobsWorker]) {
      allow(
        target,
        ['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem', ...ITEM_READ_WRITE],
        [context.table.tableArn],
      )
      allow(target, ['dynamodb:Query'], tableAndIndexes(context.table))
    }
    // SendMessageBatch is authorized as SendMessage.
    allow(
      this.jobs,
      ['sqs:SendMessage'],
      [
        queues.process.queue.queueArn,
        queues.number.queue.queueArn,
        queues.deliver.queue.queueArn,
        this.jobsQueue.queue.queueArn,
        this.jobsSerialQueue.queue.queueArn,
      ],
    )
    allow(this.jobsWorker, ['sqs:SendMessage'], [queues.deliver.queue.queueArn])
    for (const target of [this.jobs, this.jobsWorker])
      allow(target, ['secretsmanager:GetSecretValue'], [secrets.helloAssoClientSecret.secretArn])
    allow(this.jobsWorker, ['ses:SendEmail', 'ses:SendRawEmail'], props.mail.sendingResourceArns)
    this.writeUnder(this.jobs, ['s3:AbortMultipartUpload', 's3:PutObject'], ARCHIVE_PREFIXES.jobs)
    this.writeUnder(this.jobsWorker, ['s3:PutObject'], ARCHIVE_PREFIXES.worker)
  }

  /**
   * Writes under their own prefixes only: no read, list or delete (Object Lock keeps every
   * version anyway). A multipart upload is authorized as PutObject, but for its abort.
   */
  private writeUnder(target: AppFunction, actions: string[], prefixes: readonly string[]) {
    const arns = prefixes.map((prefix) => this.archiveBucket.arnForObjects(`${prefix}*`))
    allow(target, actions, arns)
    for (const arn of arns)
      Validations.of(target.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${nagResource(Stack.of(this), arn)}]`,
        reason:
          'Objects under one prefix its jobs write (a key per receipt or year); nothing else.',
      })
  }
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
