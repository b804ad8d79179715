import { Duration } from 'aws-cdk-lib'
import { FilterPattern } from 'aws-cdk-lib/aws-logs'
import type { Construct } from 'constructs'
import type { AppFunction } from './app-function.js'
import type { AppSecrets } from './app-secrets.js'
import { Flow } from './flow.js'
import {
  allow,
  consume,
  type FunctionContext,
  flowFunction,
  ITEM_READ_WRITE,
} from './flow-function.js'
import type { FlowQueues } from './flow-queues.js'
import { FUNCTION_SETTINGS } from './function-settings.js'
import { DLQ_ACTION, graph, type Monitoring } from './monitoring.js'

/** HelloAsso failures (retries of the process step) in 15 minutes before someone is told. */
export const HELLOASSO_FAILURES_THRESHOLD = 5

export interface ProcessingFlowProps {
  context: FunctionContext
  queues: FlowQueues
  secrets: AppSecrets
  /** HelloAsso client id, secret ARN and URLs. */
  helloAsso: Record<string, string>
  monitoring: Monitoring
}

/**
 * process (standard queue, in parallel): re-fetch from HelloAsso, analyse, draft the receipt,
 * queue its numbering. number (FIFO queue, one group per organisation): allocate the number
 * and write the receipt in one short transaction, queue its delivery. Only the second is
 * serialized, and it calls nothing outside DynamoDB.
 */
export class ProcessingFlow extends Flow {
  readonly process: AppFunction
  readonly number: AppFunction

  constructor(scope: Construct, id: string, props: ProcessingFlowProps) {
    super(scope, id)
    const { context, queues, secrets } = props
    const s = FUNCTION_SETTINGS
    this.process = flowFunction(this, 'Process', context, {
      name: 'process',
      description: 'Checks payments with HelloAsso, drafts receipts for numbering',
      settings: s.process,
      // Numbering for drafted receipts, delivery for cancellation notices (refunds).
      environment: {
        ...queues.urls('number', 'deliver'),
        ...props.helloAsso,
        METRICS_NAMESPACE: props.monitoring.namespace,
      },
    })
    this.number = flowFunction(this, 'Number', context, {
      name: 'number',
      description: 'Numbers drafted receipts, one at a time per organisation',
      settings: s.number,
      environment: { ...queues.urls('deliver'), METRICS_NAMESPACE: props.monitoring.namespace },
    })
    const table = [context.table.tableArn]
    // A paid payment's claim, review item and memberships are read in one BatchGetItem, its
    // members' search entries written in BatchWriteItems (draft-payment-receipt.ts).
    allow(
      this.process,
      ['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem', ...ITEM_READ_WRITE],
      table,
    )
    allow(
      this.process,
      ['sqs:SendMessage'],
      [queues.number.queue.queueArn, queues.deliver.queue.queueArn],
    )
    allow(
      this.process,
      ['secretsmanager:GetSecretValue'],
      [secrets.helloAssoClientSecret.secretArn],
    )
    consume(this.process, queues.process.queue, s.process.batchSize)
    // Reads the draft and the claim; the transaction puts, deletes, updates and checks items. A
    // draft saved by an earlier version has its members' search entries written here (batches).
    allow(this.number, ['dynamodb:BatchWriteItem', ...ITEM_READ_WRITE], table)
    allow(this.number, ['sqs:SendMessage'], [queues.deliver.queue.queueArn])
    consume(this.number, queues.number.queue, s.number.batchSize)
    this.monitor(props.monitoring, queues)
  }

  private monitor(monitoring: Monitoring, queues: FlowQueues): void {
    monitoring.watchFunction('Process', this.process.fn)
    monitoring.watchFunction('Number', this.number.fn)
    for (const [name, queue] of [
      ['Process', queues.process],
      ['Number', queues.number],
    ] as const)
      monitoring.watchDeadLetterQueue(name, queue.deadLetterQueue, DLQ_ACTION)
    const deadLetters = [
      monitoring.watchDeadLetters(
        'Process',
        'process',
        'a notification (HelloAsso answered what we cannot use, or a bug); its review item says which. Fix the cause, then replay it (docs/operating.md)',
      ),
      monitoring.watchDeadLetters(
        'Number',
        'number',
        'a drafted receipt could not be numbered; its review item says which payment. Fix the cause, then replay it (docs/operating.md)',
      ),
    ]
    // The process function logs `sqs.retry` with the error code of each transient failure
    // (shared/queue/sqs-batch-handler.ts): the HelloAsso ones are its API or token failing.
    monitoring.countLogLines(
      'HelloAssoFailuresFilter',
      this.process.logGroup,
      FilterPattern.all(
        FilterPattern.stringValue('$.event', '=', 'sqs.retry'),
        FilterPattern.stringValue('$.error', '=', 'helloasso.*'),
      ),
      'HelloAssoFailures',
    )
    const helloAssoFailures = monitoring.appMetric('HelloAssoFailures', {
      period: Duration.minutes(15),
      statistic: 'Sum',
    })
    monitoring.alarm('HelloAssoFailures', {
      description: 'The HelloAsso API keeps failing for the process step (outage, revoked client?)',
      metric: helloAssoFailures,
      threshold: HELLOASSO_FAILURES_THRESHOLD - 1,
    })
    const pendingAges = [
      monitoring.watchPendingAge(
        'PendingNotificationAge',
        'notifications',
        'A notification acknowledged to HelloAsso is still not processed after 30 minutes: HelloAsso is down (the work waits it out), or the process queue or function is stuck',
      ),
      monitoring.watchPendingAge(
        'PendingDraftAge',
        'drafts',
        "A receipt drafted 30 minutes ago is still not numbered: the number queue or function is stuck (DynamoDB throttled? an organisation's FIFO group held?)",
      ),
    ]
    monitoring.row(
      graph('HelloAsso failures', [helloAssoFailures]),
      graph('Processing: oldest pending work (s)', pendingAges),
      graph('Processing: dead letters', deadLetters),
    )
    monitoring.functionsRow('Processing', { process: this.process.fn, number: this.number.fn })
    monitoring.queuesRow('Processing', { process: queues.process, number: queues.number })
  }
}
