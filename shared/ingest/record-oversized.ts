import type { ReviewItem } from '../domain/records.js'
import { openReview } from '../store/review-store.js'
import type { TableContext } from '../store/table-context.js'

/** Headers worth keeping about a refused body; secrets (signature, cookies, tokens) never are. */
const KEPT_HEADERS = [
  'content-type',
  'content-length',
  'content-encoding',
  'transfer-encoding',
  'user-agent',
  'x-forwarded-for',
]

export interface OversizedBody {
  bytes: number
  maxBytes: number
  receivedAt: string
  headers: Headers
  sourceIp: string | undefined
}

/**
 * An authenticated body too large to keep leaves a trace for review: its size, when, from where
 * and its plain headers, never the body. HelloAsso replays what it did not get a 2xx for, so the
 * same size on the same day is one item, not one per replay.
 */
export async function recordOversizedBody(table: TableContext, body: OversizedBody): Promise<void> {
  const headers = KEPT_HEADERS.flatMap((name) => {
    const value = body.headers.get(name)
    return value ? [`${name}: ${value.slice(0, 200)}`] : []
  })
  const day = body.receivedAt.slice(0, 10)
  const id = `oversized-${day}-${body.bytes}`
  const item: ReviewItem = {
    orgId: table.orgId,
    id,
    reasons: ['oversized-notification'],
    message: `Notification refusée (413) le ${body.receivedAt} : ${body.bytes} octets, au-delà de la limite de ${body.maxBytes} (MAX_BODY_BYTES). Le contenu n’est pas conservé. Source : ${body.sourceIp ?? 'inconnue'}. En-têtes : ${headers.join(' ; ') || 'aucun'}. Si elle vient de HelloAsso, relevez MAX_BODY_BYTES : HelloAsso la renverra.`,
    status: 'open',
    createdAt: body.receivedAt,
    refs: {},
  }
  await openReview(table, item)
}
