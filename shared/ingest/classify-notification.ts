/** What the ingest step can tell from the body alone, before anything is trusted. */
export type Classified =
  | { kind: 'payment-event'; eventType: 'Order' | 'Payment'; organizationSlug?: string }
  | { kind: 'form' }
  | { kind: 'organization'; oldSlug: string; newSlug: string }
  | { kind: 'unknown-event'; eventType: string }
  | { kind: 'malformed'; why: string }

// Plain checks rather than zod: the ingest Lambda's cold start is the one HelloAsso waits on,
// and these five shapes cost a few lines where a schema library costs 25 KB of bundle.
type Json = Record<string, unknown>
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
const isId = (value: unknown): value is number => Number.isSafeInteger(value) && Number(value) > 0
const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0
/** An absent or null slug is fine; anything but text is a malformed body. */
const hasSlugOrNone = (value: Json): boolean =>
  value.organizationSlug == null || typeof value.organizationSlug === 'string'
const slugOf = (value: Json): string | undefined =>
  typeof value.organizationSlug === 'string' ? value.organizationSlug : undefined

export function classifyNotification(rawBody: string, contentType: string): Classified {
  if (!/^application\/(.+\+)?json\b/i.test(contentType))
    return { kind: 'malformed', why: `content type ${contentType || 'missing'}` }
  if (!rawBody.trim()) return { kind: 'malformed', why: 'empty body' }
  let json: unknown
  try {
    json = JSON.parse(rawBody)
  } catch {
    return { kind: 'malformed', why: 'not JSON' }
  }
  if (!isObject(json) || !isText(json.eventType) || !isObject(json.data))
    return { kind: 'malformed', why: 'no eventType/data' }
  const { eventType, data } = json
  switch (eventType) {
    case 'Order': {
      if (!isId(data.id) || !hasSlugOrNone(data))
        return { kind: 'malformed', why: 'Order without a valid data.id' }
      return { kind: 'payment-event', eventType, ...slug(slugOf(data)) }
    }
    case 'Payment': {
      const order = data.order
      if (!isId(data.id) || !isObject(order) || !isId(order.id) || !hasSlugOrNone(order))
        return { kind: 'malformed', why: 'Payment without valid data.id / data.order.id' }
      return { kind: 'payment-event', eventType, ...slug(slugOf(order)) }
    }
    case 'Form':
      return { kind: 'form' }
    case 'Organization': {
      const { old_slug_organization: oldSlug, new_slug_organization: newSlug } = data
      if (!isText(oldSlug) || !isText(newSlug))
        return { kind: 'malformed', why: 'Organization without slugs' }
      return { kind: 'organization', oldSlug, newSlug }
    }
    default:
      return { kind: 'unknown-event', eventType }
  }
}

function slug(value: string | undefined): { organizationSlug?: string } {
  return value ? { organizationSlug: value } : {}
}
