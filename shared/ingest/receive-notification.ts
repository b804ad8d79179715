import { randomUUID } from 'node:crypto'
import type { AssociationConfig } from '../config/association-config-schema.js'
import type { ReviewItem } from '../domain/records.js'
import type { Logger } from '../log.js'
import type { MessageQueue } from '../queue/queue-message.js'
import { type NotificationStatus, saveNotification } from '../store/notification-store.js'
import { getKnownSlugs } from '../store/slug-store.js'
import type { TableContext } from '../store/table-context.js'
import { type Classified, classifyNotification } from './classify-notification.js'

export interface IngestDeps {
  config: AssociationConfig
  table: TableContext
  queue: MessageQueue
  now: () => Date
  log: Logger
  newId?: () => string
}

export interface Received {
  id: string
  status: NotificationStatus
  outcome: string
}

/**
 * Step 1 of the flow, after authentication: keep the raw body durably, then queue it. Bad or
 * foreign input is kept for review and acknowledged (a 4xx would only make HelloAsso replay it);
 * a storage or queue failure throws, and the caller answers 503 so HelloAsso retries.
 */
export async function receiveNotification(
  deps: IngestDeps,
  rawBody: string,
  contentType: string,
): Promise<Received> {
  const id = deps.newId?.() ?? randomUUID()
  const receivedAt = deps.now().toISOString()
  const classified = classifyNotification(rawBody, contentType)
  const { status, outcome, review } = await triage(deps, classified, id, receivedAt)
  const eventType = 'eventType' in classified ? classified.eventType : classified.kind
  await saveNotification(
    deps.table,
    { id, receivedAt, rawBody, contentType, eventType, status, outcome },
    review,
  )
  if (status === 'received')
    await deps.queue.send({ type: 'process', orgId: deps.table.orgId, notificationId: id })
  deps.log.info('notification.received', { notificationId: id, eventType, status })
  return { id, status, outcome }
}

interface Triaged {
  status: NotificationStatus
  outcome: string
  /** Opened with the notification, in one transaction. */
  review?: ReviewItem
}

async function triage(
  deps: IngestDeps,
  classified: Classified,
  id: string,
  at: string,
): Promise<Triaged> {
  switch (classified.kind) {
    case 'payment-event': {
      const known = await getKnownSlugs(deps.table, deps.config.helloAsso.organizationSlug)
      if (classified.organizationSlug && !known.includes(classified.organizationSlug)) {
        return {
          status: 'ignored',
          outcome: 'foreign organisation',
          review: reviewItem(
            deps,
            id,
            at,
            'foreign-organisation',
            `Notification reçue pour une autre organisation (« ${classified.organizationSlug} ») : conservée, non traitée.`,
          ),
        }
      }
      return { status: 'received', outcome: 'queued' }
    }
    case 'form':
      return { status: 'ignored', outcome: 'form event stored' }
    case 'organization':
      // The body alone never moves the slug: processing asks HelloAsso's API to confirm it.
      return { status: 'received', outcome: 'queued for slug confirmation' }
    case 'unknown-event':
      return { status: 'ignored', outcome: `unknown event type ${classified.eventType}` }
    case 'malformed':
      return {
        status: 'malformed',
        outcome: classified.why,
        review: reviewItem(
          deps,
          id,
          at,
          'malformed-notification',
          `Notification illisible (${classified.why}) : conservée pour examen.`,
        ),
      }
  }
}

function reviewItem(
  deps: IngestDeps,
  id: string,
  at: string,
  reason: 'foreign-organisation' | 'malformed-notification',
  message: string,
): ReviewItem {
  return {
    orgId: deps.table.orgId,
    id: `notification-${id}`,
    reasons: [reason],
    message,
    status: 'open',
    createdAt: at,
    refs: { notificationId: id },
  }
}
