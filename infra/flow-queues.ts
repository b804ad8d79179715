import type { Construct } from 'constructs'
import { SQS_MAX_RECEIVE_COUNT } from '../shared/queue/retry-policy.js'
import { Flow } from './flow.js'
import { FUNCTION_SETTINGS } from './function-settings.js'
import { WorkQueue } from './work-queue.js'

/**
 * The queues between the steps, each with its DLQ. Only numbering is FIFO (one message group
 * per organisation: one hot counter per organisation and year); fetching from HelloAsso,
 * analysing and delivering run in parallel on standard queues, made safe by the table's
 * conditions and the delivery lease. Their handler (shared/queue/sqs-batch-handler.ts) backs a
 * transient failure off through the message's visibility, lets it go after
 * SQS_PARK_RECEIVE_COUNT receives (the re-queue sends it again) and records every other end as a
 * dead letter itself: the redrive, later still, is for a handler that never answers.
 */
export class FlowQueues extends Flow {
  readonly process: WorkQueue
  readonly number: WorkQueue
  readonly deliver: WorkQueue

  constructor(scope: Construct, id: string) {
    super(scope, id)
    const s = FUNCTION_SETTINGS
    this.process = new WorkQueue(this, 'ProcessQueue', {
      fifo: false,
      consumerTimeout: s.process.timeout,
      maxReceiveCount: SQS_MAX_RECEIVE_COUNT,
    })
    this.number = new WorkQueue(this, 'NumberQueue', {
      fifo: true,
      consumerTimeout: s.number.timeout,
      maxReceiveCount: SQS_MAX_RECEIVE_COUNT,
    })
    this.deliver = new WorkQueue(this, 'DeliverQueue', {
      fifo: false,
      consumerTimeout: s.deliver.timeout,
      maxReceiveCount: SQS_MAX_RECEIVE_COUNT,
    })
  }

  /** The queue URL variables a function needs to send to the given steps. */
  urls(...steps: ('process' | 'number' | 'deliver')[]): Record<string, string> {
    const names = { process: 'PROCESS', number: 'NUMBER', deliver: 'DELIVER' } as const
    return Object.fromEntries(
      steps.map((step) => [`${names[step]}_QUEUE_URL`, this[step].queue.queueUrl]),
    )
  }
}
