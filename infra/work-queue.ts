import { Duration } from 'aws-cdk-lib'
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs'
import { Construct } from 'constructs'

/**
 * Receives before a message moves to the DLQ: ~5 visibility timeouts of retries. The flow
 * queues (process, number, deliver) pass their own, higher figure (SQS_MAX_RECEIVE_COUNT): their
 * handler waits out an outage and decides the end of every message itself.
 */
export const MAX_RECEIVE_COUNT = 5

/** AWS's advice for Lambda consumers: visibility ≥ 6 × the function timeout. */
export const VISIBILITY_PER_TIMEOUT = 6

export interface WorkQueueProps {
  /** FIFO: one message group per organisation keeps number allocation serial (numbering only). */
  fifo: boolean
  /** Timeout of the function that consumes the queue. */
  consumerTimeout: Duration
  /** Receives before SQS moves a message to the DLQ (default MAX_RECEIVE_COUNT). */
  maxReceiveCount?: number
}

/**
 * A queue and its dead-letter queue, both encrypted (SQS-managed keys: nothing to rotate or
 * pay for, and EventBridge can write to them) and refusing plain HTTP. The DLQ keeps messages
 * 14 days, the longest SQS allows: on a FIFO queue the age counts from the first send.
 */
export class WorkQueue extends Construct {
  readonly queue: Queue
  readonly deadLetterQueue: Queue

  constructor(scope: Construct, id: string, props: WorkQueueProps) {
    super(scope, id)
    const common = {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      ...(props.fifo ? { fifo: true, contentBasedDeduplication: false } : {}),
    }
    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      ...common,
      retentionPeriod: Duration.days(14),
    })
    this.queue = new Queue(this, 'Queue', {
      ...common,
      retentionPeriod: Duration.days(4),
      visibilityTimeout: Duration.seconds(
        props.consumerTimeout.toSeconds() * VISIBILITY_PER_TIMEOUT,
      ),
      deadLetterQueue: {
        queue: this.deadLetterQueue,
        maxReceiveCount: props.maxReceiveCount ?? MAX_RECEIVE_COUNT,
      },
    })
  }
}
