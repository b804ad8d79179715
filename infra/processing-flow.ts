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

export interface ProcessingFlowProps {
  context: FunctionContext
  queues: FlowQueues
  secrets: AppSecrets
  /** HelloAsso client id, secret ARN and URLs. */
  helloAsso: Record<string, string>
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
      environment: { ...queues.urls('number', 'deliver'), ...props.helloAsso },
    })
    this.number = flowFunction(this, 'Number', context, {
      name: 'number',
      description: 'Numbers drafted receipts, one at a time per organisation',
      settings: s.number,
      environment: queues.urls('deliver'),
    })
    const table = [context.table.tableArn]
    allow(this.process, ITEM_READ_WRITE, table)
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
    // Reads the draft and the claim; the transaction puts, deletes, updates and checks items.
    allow(this.number, ITEM_READ_WRITE, table)
    allow(this.number, ['sqs:SendMessage'], [queues.deliver.queue.queueArn])
    consume(this.number, queues.number.queue, s.number.batchSize)
  }
}
