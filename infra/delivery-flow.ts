import type { Construct } from 'constructs'
import type { AppFunction } from './app-function.js'
import type { DeploymentConfig } from './deployment-config.js'
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
import { MailSending } from './mail-sending.js'
import { DLQ_ACTION, graph, type Monitoring } from './monitoring.js'

export interface DeliveryFlowProps {
  context: FunctionContext
  queues: FlowQueues
  deployment: DeploymentConfig
  monitoring: Monitoring
}

/**
 * deliver (standard queue, in parallel, each email guarded by its lease in the table): render
 * the PDF, send it through SES. ses-events records sends, bounces and complaints coming back.
 */
export class DeliveryFlow extends Flow {
  readonly deliver: AppFunction
  readonly sesEvents: AppFunction
  readonly mail: MailSending

  constructor(scope: Construct, id: string, props: DeliveryFlowProps) {
    super(scope, id)
    const { context, queues, deployment } = props
    const s = FUNCTION_SETTINGS
    this.mail = new MailSending(this, 'Mail', {
      stage: deployment.stage,
      senderIdentity: deployment.senderIdentity,
      eventsConsumerTimeout: s.sesEvents.timeout,
      monitoring: props.monitoring,
    })
    this.deliver = flowFunction(this, 'Deliver', context, {
      name: 'deliver',
      description: 'Renders receipt PDFs and emails them through SES',
      settings: s.deliver,
      environment: {
        SES_CONFIGURATION_SET: this.mail.configurationSet.configurationSetName,
        METRICS_NAMESPACE: props.monitoring.namespace,
      },
      fonts: true,
    })
    this.sesEvents = flowFunction(this, 'SesEvents', context, {
      name: 'ses-events',
      description: 'Records SES sends, bounces and complaints',
      settings: s.sesEvents,
      environment: { METRICS_NAMESPACE: props.monitoring.namespace },
    })
    const table = [context.table.tableArn]
    allow(this.deliver, ITEM_READ_WRITE, table)
    // SESv2 SendEmail with raw content is authorized as both actions, on identity and set.
    allow(this.deliver, ['ses:SendEmail', 'ses:SendRawEmail'], this.mail.sendingResourceArns)
    consume(this.deliver, queues.deliver.queue, s.deliver.batchSize)
    // ConditionCheckItem: SES's word on a sending is kept only while that sending is unfinished.
    allow(
      this.sesEvents,
      [
        'dynamodb:ConditionCheckItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
      ],
      table,
    )
    consume(this.sesEvents, this.mail.events.queue, s.sesEvents.batchSize)
    this.monitor(props.monitoring, queues)
  }

  private monitor(monitoring: Monitoring, queues: FlowQueues): void {
    monitoring.watchFunction('Deliver', this.deliver.fn)
    monitoring.watchFunction('SesEvents', this.sesEvents.fn)
    monitoring.watchDeadLetterQueue('Deliver', queues.deliver.deadLetterQueue, DLQ_ACTION)
    const deadLetters = [
      monitoring.watchDeadLetters(
        'Deliver',
        'deliver',
        'an email could not be sent; its review item says which receipt. Fix the cause, then replay it or resend from the staff app (docs/operating.md)',
      ),
      monitoring.watchDeadLetters(
        'SesEvents',
        'ses-events',
        'an SES event could not be read and was dropped; its messageId is in the ses-events logs (`ses-event.unreadable`)',
      ),
    ]
    const pendingAge = monitoring.watchPendingAge(
      'PendingDeliveryAge',
      'deliveries',
      'An email asked for 30 minutes ago is still not sent: SES is refusing or throttling (the work waits it out), or the deliver queue or function is stuck',
    )
    monitoring.row(
      graph('Delivery: oldest pending email (s)', [pendingAge]),
      graph('Delivery: dead letters', deadLetters),
    )
    monitoring.functionsRow('Delivery', { deliver: this.deliver.fn, sesEvents: this.sesEvents.fn })
    monitoring.queuesRow('Delivery', { deliver: queues.deliver, sesEvents: this.mail.events })
  }
}
