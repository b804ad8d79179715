import type { IRole } from 'aws-cdk-lib/aws-iam'
import type { IFunction } from 'aws-cdk-lib/aws-lambda'
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler'
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets'
import type { IQueue } from 'aws-cdk-lib/aws-sqs'
import { Construct } from 'constructs'
import { RECONCILE_RETRY, RECONCILE_TIME_ZONE } from './reconcile-schedule.js'

/**
 * What the schedule sends the jobs function: erase what the retention period allows
 * (functions/jobs/scheduled-command.ts works out the year).
 */
export const PURGE_COMMAND = { command: 'purge' } as const

export interface PurgeScheduleProps {
  target: IFunction
  role: IRole
  deadLetterQueue: IQueue
  /** Off by default: erasing is the association's decision (deployment `jobs.purgeEnabled`). */
  enabled: boolean
}

/**
 * The scheduled twin of `npm run receipts -- purge`: once a year, on 15 January at 04:30 Paris
 * time, after the year's declaration figures are drawn up. Deployed disabled unless asked.
 */
export class PurgeSchedule extends Construct {
  readonly schedule: Schedule

  constructor(scope: Construct, id: string, props: PurgeScheduleProps) {
    super(scope, id)
    this.schedule = new Schedule(this, 'Schedule', {
      description: 'Yearly erasure of personal data past the retention period (jobs function)',
      enabled: props.enabled,
      schedule: ScheduleExpression.cron({
        month: '1',
        day: '15',
        hour: '4',
        minute: '30',
        timeZone: RECONCILE_TIME_ZONE,
      }),
      target: new LambdaInvoke(props.target, {
        role: props.role,
        input: ScheduleTargetInput.fromObject(PURGE_COMMAND),
        deadLetterQueue: props.deadLetterQueue,
        ...RECONCILE_RETRY,
      }),
    })
  }
}
