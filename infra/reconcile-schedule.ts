import { Duration, Stack, TimeZone, Validations } from 'aws-cdk-lib'
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam'
import { EventInvokeConfig, type IFunction } from 'aws-cdk-lib/aws-lambda'
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations'
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler'
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets'
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs'
import { Construct } from 'constructs'

/** What the schedule sends the jobs function (functions/jobs/scheduled-command.ts). */
export const RECONCILE_COMMAND = { command: 'reconcile' } as const

/** Receipts are French: the schedule follows Paris time, daylight saving included. */
export const RECONCILE_TIME_ZONE = TimeZone.EUROPE_PARIS

/**
 * Scheduler retries an invocation it could not make (Lambda throttled or unavailable): the
 * invocation is asynchronous, the function's own failures are Lambda's to retry. After an hour
 * the attempt is not worth it: the next night covers the same days.
 */
export const RECONCILE_RETRY = { retryAttempts: 3, maxEventAge: Duration.hours(1) }

/**
 * A run that fails inside the function (HelloAsso down all night) is retried twice by Lambda,
 * then its event and error land in the same dead-letter queue instead of vanishing: the alarm
 * on that queue says the night was missed, and the message says why.
 */
export const RECONCILE_ASYNC_RETRY = { retryAttempts: 2, maxEventAge: Duration.hours(6) }

export interface ReconcileScheduleProps {
  /** The jobs function. */
  target: IFunction
  /** Paris time. */
  hour: number
  minute: number
  /** A disabled schedule stays deployed (and can be switched on) but never fires. */
  enabled: boolean
}

/**
 * The nightly reconciliation: an EventBridge Scheduler schedule invoking the jobs function with
 * `{"command":"reconcile"}`, and a dead-letter queue for the invocations Scheduler gave up on
 * and for the runs that failed inside the function.
 * Its role is ours, not the target's default: that one would invoke `<function>:*` (every
 * version and alias) when the unqualified function is all there is.
 */
export class ReconcileSchedule extends Construct {
  readonly schedule: Schedule
  readonly deadLetterQueue: Queue
  readonly role: Role

  constructor(scope: Construct, id: string, props: ReconcileScheduleProps) {
    super(scope, id)
    const stack = Stack.of(this)
    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    })
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'It is the dead-letter queue of the schedule (Scheduler writes to it); its alarm calls a person.',
    })
    // Scheduler's confused-deputy guard: only schedules of this account's default group.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: {
            'aws:SourceAccount': stack.account,
            'aws:SourceArn': stack.formatArn({
              service: 'scheduler',
              resource: 'schedule-group',
              resourceName: 'default',
            }),
          },
        },
      }),
      description: 'EventBridge Scheduler: the jobs function (reconciliation, re-queue)',
    })
    this.role.addToPolicy(
      new PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [props.target.functionArn],
      }),
    )
    this.role.addToPolicy(
      new PolicyStatement({
        actions: ['sqs:SendMessage'],
        resources: [this.deadLetterQueue.queueArn],
      }),
    )
    this.schedule = new Schedule(this, 'Schedule', {
      description: 'Nightly reconciliation with HelloAsso (jobs function)',
      enabled: props.enabled,
      schedule: ScheduleExpression.cron({
        hour: String(props.hour),
        minute: String(props.minute),
        timeZone: RECONCILE_TIME_ZONE,
      }),
      target: new LambdaInvoke(props.target, {
        // The statements above are the whole policy: the target adds none of its own.
        role: this.role.withoutPolicyUpdates(),
        input: ScheduleTargetInput.fromObject(RECONCILE_COMMAND),
        deadLetterQueue: this.deadLetterQueue,
        ...RECONCILE_RETRY,
      }),
    })
    new EventInvokeConfig(this, 'FailedRuns', {
      function: props.target,
      onFailure: new SqsDestination(this.deadLetterQueue),
      ...RECONCILE_ASYNC_RETRY,
    })
  }
}
