import { errorSummary } from '../errors.js'
import { type MailFeedback, parseSesEvent } from '../mail/ses-event.js'
import type { SqsBatchResponse, SqsEvent } from '../queue/sqs-batch-handler.js'
import { type MailFeedbackDeps, recordMailFeedback } from './record-mail-feedback.js'

/**
 * SQS consumer of the SES events (EventBridge → SQS → here). Any failure to record goes back to
 * the queue for a retry (then to its DLQ, which has an alarm); an event we cannot read is
 * logged and dropped, since no retry would make it readable.
 */
export function createSesEventsHandler(
  deps: MailFeedbackDeps,
  /** Counts an event dropped as unreadable, for its alarm. */
  options: { deadLetterMetric?: () => void } = {},
) {
  return async (event: SqsEvent): Promise<SqsBatchResponse> => {
    const failures: { itemIdentifier: string }[] = []
    for (const record of event.Records) {
      const feedback = readFeedback(record.body)
      if (feedback === 'unreadable') {
        deps.log.error('ses-event.unreadable', { messageId: record.messageId })
        options.deadLetterMetric?.()
        continue
      }
      try {
        const outcome = feedback ? await recordMailFeedback(deps, feedback) : 'ignored'
        deps.log.info('ses-event.recorded', { messageId: record.messageId, outcome })
      } catch (error) {
        deps.log.warn('ses-event.retry', {
          messageId: record.messageId,
          error: errorSummary(error),
        })
        failures.push({ itemIdentifier: record.messageId })
      }
    }
    return { batchItemFailures: failures }
  }
}

function readFeedback(body: string): MailFeedback | undefined | 'unreadable' {
  try {
    return parseSesEvent(JSON.parse(body))
  } catch {
    return 'unreadable'
  }
}
