import { Duration, Stack } from 'aws-cdk-lib'
import { Metric } from 'aws-cdk-lib/aws-cloudwatch'
import { EventBus, Rule } from 'aws-cdk-lib/aws-events'
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets'
import {
  ConfigurationSet,
  ConfigurationSetTlsPolicy,
  EmailIdentity,
  EmailSendingEvent,
  EventDestination,
  Identity,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses'
import { Construct } from 'constructs'
import { graph, type Monitoring } from './monitoring.js'
import { WorkQueue } from './work-queue.js'

/** SES reviews an account above 5 % bounces and may pause it at 10 %: warn well before. */
export const SES_BOUNCE_RATE_THRESHOLD = 0.04
/** SES reviews above 0.1 % complaints. */
export const SES_COMPLAINT_RATE_THRESHOLD = 0.0008

/**
 * SES events ses-events records: an email taken by SES (a retry after a crash asks for it before
 * sending again: one email per sending), and those that say an email did not reach, or annoyed,
 * its recipient.
 */
export const SES_FEEDBACK_DETAIL_TYPES = [
  'Email Sent',
  'Email Bounced',
  'Email Complaint Received',
  'Email Rejected',
] as const

export interface MailSendingProps {
  stage: string
  /** Address ("recus@x.org") or domain ("x.org") identity. */
  senderIdentity: string
  /** Timeout of the ses-events function, which consumes `events`. */
  eventsConsumerTimeout: Duration
  monitoring: Monitoring
}

/**
 * Sending through SES: the sender identity, a configuration set that the deliver function names
 * on every send, and the way back for sends, bounces, rejections and complaints: SES → EventBridge
 * (default bus, filtered on this configuration set) → an SQS queue with a DLQ → ses-events.
 * The queue in between keeps an event through a failing or throttled function.
 */
export class MailSending extends Construct {
  readonly identity: EmailIdentity
  readonly configurationSet: ConfigurationSet
  readonly events: WorkQueue

  constructor(scope: Construct, id: string, props: MailSendingProps) {
    super(scope, id)
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: `recus-fiscaux-${props.stage}`,
      // Receipts carry names, addresses and amounts: never in clear text between servers.
      tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE,
      reputationMetrics: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    })
    this.configurationSet.addEventDestination('ToEventBridge', {
      destination: EventDestination.eventBus(
        EventBus.fromEventBusName(this, 'DefaultBus', 'default'),
      ),
      events: [
        EmailSendingEvent.SEND,
        EmailSendingEvent.BOUNCE,
        EmailSendingEvent.COMPLAINT,
        EmailSendingEvent.REJECT,
      ],
    })
    this.identity = new EmailIdentity(this, 'Identity', {
      identity: props.senderIdentity.includes('@')
        ? Identity.email(props.senderIdentity)
        : Identity.domain(props.senderIdentity),
      configurationSet: this.configurationSet,
    })

    this.events = new WorkQueue(this, 'Events', {
      fifo: false,
      consumerTimeout: props.eventsConsumerTimeout,
    })
    new Rule(this, 'FeedbackRule', {
      description: 'SES sends, bounces, rejections and complaints of the receipt emails',
      eventPattern: {
        source: ['aws.ses'],
        detailType: [...SES_FEEDBACK_DETAIL_TYPES],
        detail: {
          mail: { tags: { 'ses:configuration-set': [this.configurationSet.configurationSetName] } },
        },
      },
      targets: [new SqsQueue(this.events.queue)],
    })
    this.monitor(props.monitoring)
  }

  /** The account's reputation, which SES acts on (review, then pause), and the events' DLQ. */
  private monitor(monitoring: Monitoring): void {
    monitoring.alarm('SesBounceRate', {
      description: 'SES account bounce rate: check the addresses before SES pauses sending',
      metric: sesMetric('Reputation.BounceRate'),
      threshold: SES_BOUNCE_RATE_THRESHOLD,
    })
    monitoring.alarm('SesComplaintRate', {
      description: 'SES account complaint rate',
      metric: sesMetric('Reputation.ComplaintRate'),
      threshold: SES_COMPLAINT_RATE_THRESHOLD,
    })
    monitoring.watchDeadLetterQueue(
      'SesEvents',
      this.events.deadLetterQueue,
      'SES events (bounces, complaints) the ses-events function failed to record 5 times; find the cause in its logs, then move the messages back (docs/deploying.md)',
    )
    monitoring.row(
      graph('SES reputation', [
        sesMetric('Reputation.BounceRate'),
        sesMetric('Reputation.ComplaintRate'),
      ]),
    )
  }

  /** The ARNs that SendEmail is authorized against: the identity and the configuration set. */
  get sendingResourceArns(): string[] {
    return [
      this.identity.emailIdentityArn,
      Stack.of(this).formatArn({
        service: 'ses',
        resource: 'configuration-set',
        resourceName: this.configurationSet.configurationSetName,
      }),
    ]
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
