import { Duration } from 'aws-cdk-lib'
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2'
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch'
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions'
import type { IFunction } from 'aws-cdk-lib/aws-lambda'
import { FilterPattern, type ILogGroup, MetricFilter } from 'aws-cdk-lib/aws-logs'
import { Topic } from 'aws-cdk-lib/aws-sns'
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions'
import type { IQueue } from 'aws-cdk-lib/aws-sqs'
import { Construct } from 'constructs'

/** SES reviews an account above 5 % bounces and may pause it at 10 %: warn well before. */
export const SES_BOUNCE_RATE_THRESHOLD = 0.04
/** SES reviews above 0.1 % complaints. */
export const SES_COMPLAINT_RATE_THRESHOLD = 0.0008
/** HelloAsso failures (retries of the process step) in 15 minutes before someone is told. */
export const HELLOASSO_FAILURES_THRESHOLD = 5
/**
 * A notification acknowledged this long ago and still not processed: the pipeline is stuck
 * (two re-queue runs went by). Normal processing takes seconds.
 */
export const PENDING_AGE_THRESHOLD = Duration.minutes(30)

/** Where the app's own metrics go (log metric filters, the jobs' EMF lines). */
export function metricsNamespace(stage: string): string {
  return `RecusFiscaux/${stage}`
}

export interface MonitoringProps {
  stage: string
  alarmEmail: string
  functions: Record<string, IFunction>
  /** Work queues and their DLQs, by name. */
  queues: Record<string, { queue: IQueue; deadLetterQueue: IQueue }>
  /** Dead-letter queues of something other than a queue (a schedule), by name, with what to do. */
  deadLetterQueues?: Record<string, { queue: IQueue; action: string }>
  api: HttpApi
  /** Log group of the process function, whose JSON lines tell HelloAsso failures. */
  processLogs: ILogGroup
  /** The staff function (also in `functions`, for its alarms) and its logs, for its own row. */
  staff?: { fn: IFunction; logs: ILogGroup }
  /** The metric the re-queue run publishes: age (s) of the oldest pending notification. */
  pendingAgeMetric?: string
}

/**
 * Alarms to one SNS topic (email subscription from the deployment config) and one dashboard.
 * Every alarm is about something a person must act on: a message in a DLQ, a function that
 * fails or is throttled, SES reputation, HelloAsso failing for a while.
 */
export class Monitoring extends Construct {
  readonly topic: Topic
  readonly alarms: Alarm[] = []
  readonly dashboard: Dashboard
  readonly helloAssoFailures: Metric

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id)
    this.topic = new Topic(this, 'AlarmTopic', {
      displayName: `Reçus fiscaux (${props.stage}) : alarmes`,
      enforceSSL: true,
    })
    this.topic.addSubscription(new EmailSubscription(props.alarmEmail))

    const deadLetterQueues: Record<string, { queue: IQueue; action: string }> = {
      ...Object.fromEntries(
        Object.entries(props.queues).map(([name, { deadLetterQueue }]) => [
          name,
          { queue: deadLetterQueue, action: 'find the cause in the logs, then redrive them' },
        ]),
      ),
      ...props.deadLetterQueues,
    }
    for (const [name, { queue: deadLetterQueue, action }] of Object.entries(deadLetterQueues)) {
      this.alarm(`${name}DeadLetters`, {
        description: `Messages in the ${name} DLQ: ${action}`,
        metric: deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: 'Maximum',
        }),
        threshold: 0,
      })
    }
    for (const [name, fn] of Object.entries(props.functions)) {
      this.alarm(`${name}Errors`, {
        description: `The ${name} function failed (exception, timeout or cold-start error)`,
        metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 0,
      })
      this.alarm(`${name}Throttles`, {
        description: `The ${name} function was throttled (account concurrency exhausted?)`,
        metric: fn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 0,
      })
    }
    this.alarm('Api5xx', {
      description:
        'The API answered 5xx: HelloAsso will replay, but storage, a queue or Cognito (staff) is failing',
      metric: props.api.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 0,
    })
    this.alarm('SesBounceRate', {
      description: 'SES account bounce rate: check the addresses before SES pauses sending',
      metric: sesMetric('Reputation.BounceRate'),
      threshold: SES_BOUNCE_RATE_THRESHOLD,
    })
    this.alarm('SesComplaintRate', {
      description: 'SES account complaint rate',
      metric: sesMetric('Reputation.ComplaintRate'),
      threshold: SES_COMPLAINT_RATE_THRESHOLD,
    })

    // The process function logs `sqs.retry` with the error code of each transient failure
    // (shared/queue/sqs-batch-handler.ts): the HelloAsso ones are its API or token failing.
    const namespace = metricsNamespace(props.stage)
    new MetricFilter(this, 'HelloAssoFailuresFilter', {
      logGroup: props.processLogs,
      filterPattern: FilterPattern.all(
        FilterPattern.stringValue('$.event', '=', 'sqs.retry'),
        FilterPattern.stringValue('$.error', '=', 'helloasso.*'),
      ),
      metricNamespace: namespace,
      metricName: 'HelloAssoFailures',
      metricValue: '1',
    })
    this.helloAssoFailures = new Metric({
      namespace,
      metricName: 'HelloAssoFailures',
      period: Duration.minutes(15),
      statistic: 'Sum',
    })
    this.alarm('HelloAssoFailures', {
      description: 'The HelloAsso API keeps failing for the process step (outage, revoked client?)',
      metric: this.helloAssoFailures,
      threshold: HELLOASSO_FAILURES_THRESHOLD - 1,
    })

    const pendingAge = props.pendingAgeMetric
      ? new Metric({
          namespace,
          metricName: props.pendingAgeMetric,
          period: Duration.minutes(15),
          statistic: 'Maximum',
        })
      : undefined
    if (pendingAge)
      this.alarm('PendingNotificationAge', {
        description:
          'A notification acknowledged to HelloAsso is still not processed: the process queue, its function or HelloAsso is stuck',
        metric: pendingAge,
        threshold: PENDING_AGE_THRESHOLD.toSeconds(),
      })

    const staffRow = props.staff ? [this.staffWidgets(props.staff, namespace)] : []
    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `recus-fiscaux-${props.stage}`,
      widgets: [
        [
          graph('API requests', [
            props.api.metricCount(),
            props.api.metricClientError(),
            props.api.metricServerError(),
          ]),
          graph('API latency (p99)', [props.api.metricLatency({ statistic: 'p99' })]),
          graph('HelloAsso failures', [this.helloAssoFailures]),
        ],
        ...(pendingAge ? [[graph('Oldest pending notification (s)', [pendingAge])]] : []),
        [
          graph(
            'Invocations',
            Object.entries(props.functions).map(([name, fn]) =>
              fn.metricInvocations({ label: name }),
            ),
          ),
          graph(
            'Errors and throttles',
            Object.entries(props.functions).flatMap(([name, fn]) => [
              fn.metricErrors({ label: `${name} errors` }),
              fn.metricThrottles({ label: `${name} throttles` }),
            ]),
          ),
          graph(
            'Duration (p99)',
            Object.entries(props.functions).map(([name, fn]) =>
              fn.metricDuration({ label: name, statistic: 'p99' }),
            ),
          ),
        ],
        [
          graph(
            'Queue depth',
            Object.entries(props.queues).map(([name, { queue }]) =>
              queue.metricApproximateNumberOfMessagesVisible({ label: name }),
            ),
          ),
          graph(
            'Oldest message age (s)',
            Object.entries(props.queues).map(([name, { queue }]) =>
              queue.metricApproximateAgeOfOldestMessage({ label: name }),
            ),
          ),
          graph(
            'Dead letters',
            Object.entries(deadLetterQueues).map(([name, { queue }]) =>
              queue.metricApproximateNumberOfMessagesVisible({ label: name }),
            ),
          ),
        ],
        [
          graph('SES reputation', [
            sesMetric('Reputation.BounceRate'),
            sesMetric('Reputation.ComplaintRate'),
          ]),
        ],
        ...staffRow,
      ],
    })
  }

  /**
   * The staff app's requests, and the credentials it refused (staff-auth-middleware.ts logs
   * `staff.auth.refused`): a steady stream of refusals is someone guessing. No alarm: a person
   * mistyping is not an incident, and the threat protection of the user pool acts on its own.
   */
  private staffWidgets(
    staff: { fn: IFunction; logs: ILogGroup },
    namespace: string,
  ): GraphWidget[] {
    new MetricFilter(this, 'StaffAuthRefusedFilter', {
      logGroup: staff.logs,
      filterPattern: FilterPattern.stringValue('$.event', '=', 'staff.auth.refused'),
      metricNamespace: namespace,
      metricName: 'StaffAuthRefused',
      metricValue: '1',
    })
    const refused = new Metric({
      namespace,
      metricName: 'StaffAuthRefused',
      period: Duration.minutes(5),
      statistic: 'Sum',
      label: 'refused credentials',
    })
    return [
      graph('Staff app requests', [
        staff.fn.metricInvocations({ label: 'requests' }),
        staff.fn.metricErrors({ label: 'errors' }),
      ]),
      graph('Staff app latency (p99)', [staff.fn.metricDuration({ statistic: 'p99' })]),
      graph('Staff sign-in refusals', [refused]),
    ]
  }

  private alarm(id: string, props: { description: string; metric: IMetric; threshold: number }) {
    const alarm = new Alarm(this, id, {
      alarmDescription: props.description,
      metric: props.metric,
      threshold: props.threshold,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    })
    alarm.addAlarmAction(new SnsAction(this.topic))
    alarm.addOkAction(new SnsAction(this.topic))
    this.alarms.push(alarm)
  }
}

/** Account-level SES reputation metrics (published hourly-ish, hence the long period). */
function sesMetric(metricName: string): Metric {
  return new Metric({
    namespace: 'AWS/SES',
    metricName,
    period: Duration.hours(1),
    statistic: 'Maximum',
  })
}

function graph(title: string, left: IMetric[]): GraphWidget {
  return new GraphWidget({ title, left, width: 8 })
}
