import { Duration } from 'aws-cdk-lib'
import type { IRole } from 'aws-cdk-lib/aws-iam'
import type { IFunction } from 'aws-cdk-lib/aws-lambda'
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler'
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets'
import type { IQueue } from 'aws-cdk-lib/aws-sqs'
import { Construct } from 'constructs'

/** What the schedule sends the jobs function (functions/jobs/scheduled-command.ts). */
export const REQUEUE_COMMAND = { command: 'requeue' } as const

export const REQUEUE_RATE = Duration.minutes(15)

/** A missed run is covered by the next one, 15 minutes later: a few tries, briefly. */
export const REQUEUE_RETRY = { retryAttempts: 2, maxEventAge: Duration.minutes(10) }

export interface RequeueScheduleProps {
  /** The jobs function. */
  target: IFunction
  /** The jobs' scheduler role (it may invoke the function and write the dead-letter queue). */
  role: IRole
  deadLetterQueue: IQueue
}

/**
 * Re-queues the work recorded but not finished (a send that failed after its record was
 * written) every 15 minutes, whatever reconciliation does: on, off, failing or timing out.
 * The run publishes the age of the oldest pending notification, which an alarm watches.
 */
export class RequeueSchedule extends Construct {
  readonly schedule: Schedule

  constructor(scope: Construct, id: string, props: RequeueScheduleProps) {
    super(scope, id)
    this.schedule = new Schedule(this, 'Schedule', {
      description: 'Re-queues pending work every 15 minutes (jobs function)',
      schedule: ScheduleExpression.rate(REQUEUE_RATE),
      target: new LambdaInvoke(props.target, {
        role: props.role,
        input: ScheduleTargetInput.fromObject(REQUEUE_COMMAND),
        deadLetterQueue: props.deadLetterQueue,
        ...REQUEUE_RETRY,
      }),
    })
  }
}
