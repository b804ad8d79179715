import { Duration } from 'aws-cdk-lib'
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  type IWidget,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch'
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions'
import type { IFunction } from 'aws-cdk-lib/aws-lambda'
import { type IFilterPattern, type ILogGroup, MetricFilter } from 'aws-cdk-lib/aws-logs'
import { Topic } from 'aws-cdk-lib/aws-sns'
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions'
import type { IQueue } from 'aws-cdk-lib/aws-sqs'
import { Construct } from 'constructs'
import { PENDING_AGE_METRICS, type PendingLane } from '../shared/jobs/pending-age.js'
import { DEAD_LETTERS_METRIC, type DeadLetterStep } from '../shared/queue/dead-letter-metric.js'

/**
 * Pending work this old is stuck (two re-queue runs went by): a step takes seconds, a retry
 * waits minutes at most. Only an outage waited out, a failing step or an idle consumer get there.
 */
export const PENDING_AGE_THRESHOLD = Duration.minutes(30)

/**
 * What to do about a message in a work queue's DLQ. The handlers record a dead letter
 * themselves, so SQS only moves a message there when the function crashed or timed out on
 * every receive, or could not record the dead letter: nothing about it is in the table.
 */
export const DLQ_ACTION =
  'the function crashed, timed out or could not write to the table on every receive, so nothing was recorded; find the cause in its logs, then move the messages back (docs/deploying.md)'

/** Where the app's own metrics go (log metric filters, the functions' EMF lines). */
export function metricsNamespace(stage: string): string {
  return `RecusFiscaux/${stage}`
}

export interface MonitoringProps {
  stage: string
  alarmEmail: string
}

/**
 * One SNS topic (email subscription from the deployment config) and one dashboard, on which
 * each flow registers its own alarms and rows: the flow that builds a function, a queue or a
 * metric knows what it means when it goes wrong. Every alarm is about something a person must
 * act on; its description says what (docs/operating.md says more).
 */
export class Monitoring extends Construct {
  readonly topic: Topic
  readonly alarms: Alarm[] = []
  readonly dashboard: Dashboard
  /** The namespace of the app's own metrics. */
  readonly namespace: string

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id)
    this.namespace = metricsNamespace(props.stage)
    this.topic = new Topic(this, 'AlarmTopic', {
      displayName: `Reçus fiscaux (${props.stage}) : alarmes`,
      enforceSSL: true,
    })
    this.topic.addSubscription(new EmailSubscription(props.alarmEmail))
    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `recus-fiscaux-${props.stage}`,
    })
  }

  /** Mailed when it fires and when it clears; above `threshold`, in one period. */
  alarm(id: string, props: { description: string; metric: IMetric; threshold: number }): Alarm {
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
    return alarm
  }

  /** A function that failed (exception, timeout, cold-start error) or found no room to run. */
  watchFunction(name: string, fn: IFunction): void {
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

  /** A message in a dead-letter queue, and what to do about it. */
  watchDeadLetterQueue(name: string, queue: IQueue, action: string): void {
    this.alarm(`${name}DeadLetters`, {
      description: `Messages in the ${name} DLQ: ${action}`,
      metric: queue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      threshold: 0,
    })
  }

  /**
   * Work a step ended for good: the DeadLetters count its function publishes (an EMF line per
   * dead letter recorded or unreadable message dropped, shared/queue/dead-letter-metric.ts).
   */
  watchDeadLetters(name: string, step: DeadLetterStep, what: string): Metric {
    const metric = this.appMetric(DEAD_LETTERS_METRIC, {
      period: Duration.minutes(5),
      statistic: 'Sum',
      dimensionsMap: { Step: step },
    })
    this.alarm(`${name}FailedForGood`, {
      description: `The ${step} step ended work for good: ${what}`,
      metric,
      threshold: 0,
    })
    // A label would make the alarm's metric a math expression: the graphs' copy only.
    return metric.with({ label: step })
  }

  /**
   * The oldest pending work of a lane (seconds), published by the re-queue run every 15
   * minutes; above PENDING_AGE_THRESHOLD the lane is stuck.
   */
  watchPendingAge(id: string, lane: PendingLane, description: string): Metric {
    const metric = this.appMetric(PENDING_AGE_METRICS[lane], {
      period: Duration.minutes(15),
      statistic: 'Maximum',
    })
    this.alarm(id, {
      description,
      metric,
      threshold: PENDING_AGE_THRESHOLD.toSeconds(),
    })
    return metric.with({ label: lane })
  }

  /** A metric of the app's namespace. */
  appMetric(
    metricName: string,
    props: {
      period: Duration
      statistic: 'Sum' | 'Maximum'
      dimensionsMap?: Record<string, string>
      label?: string
    },
  ): Metric {
    return new Metric({ namespace: this.namespace, metricName, ...props })
  }

  /** Counts the JSON log lines of a function that match `pattern`, as a metric of the app. */
  countLogLines(
    id: string,
    logGroup: ILogGroup,
    pattern: IFilterPattern,
    metricName: string,
  ): void {
    new MetricFilter(this, id, {
      logGroup,
      filterPattern: pattern,
      metricNamespace: this.namespace,
      metricName,
      metricValue: '1',
    })
  }

  /** A row of the dashboard, left to right (three graphs fill it). */
  row(...widgets: IWidget[]): void {
    this.dashboard.addWidgets(...widgets)
  }

  /** Invocations, errors and throttles, and duration of a flow's functions. */
  functionsRow(flow: string, functions: Record<string, IFunction>): void {
    const entries = Object.entries(functions)
    this.row(
      graph(
        `${flow}: invocations`,
        entries.map(([name, fn]) => fn.metricInvocations({ label: name })),
      ),
      graph(
        `${flow}: errors and throttles`,
        entries.flatMap(([name, fn]) => [
          fn.metricErrors({ label: `${name} errors` }),
          fn.metricThrottles({ label: `${name} throttles` }),
        ]),
      ),
      graph(
        `${flow}: duration (p99)`,
        entries.map(([name, fn]) => fn.metricDuration({ label: name, statistic: 'p99' })),
      ),
    )
  }

  /** Depth and oldest message of work queues, and what their DLQs (and the others) hold. */
  queuesRow(
    flow: string,
    queues: Record<string, { queue: IQueue; deadLetterQueue: IQueue }>,
    otherDeadLetterQueues: Record<string, IQueue> = {},
  ): void {
    const entries = Object.entries(queues)
    const deadLetterQueues = [
      ...entries.map(([name, { deadLetterQueue }]) => [name, deadLetterQueue] as const),
      ...Object.entries(otherDeadLetterQueues),
    ]
    this.row(
      graph(
        `${flow}: queue depth`,
        entries.map(([name, { queue }]) =>
          queue.metricApproximateNumberOfMessagesVisible({ label: name }),
        ),
      ),
      graph(
        `${flow}: oldest message age (s)`,
        entries.map(([name, { queue }]) =>
          queue.metricApproximateAgeOfOldestMessage({ label: name }),
        ),
      ),
      graph(
        `${flow}: dead-letter queues`,
        deadLetterQueues.map(([name, queue]) =>
          queue.metricApproximateNumberOfMessagesVisible({ label: name }),
        ),
      ),
    )
  }
}

export function graph(title: string, left: IMetric[]): GraphWidget {
  return new GraphWidget({ title, left, width: 8 })
}
