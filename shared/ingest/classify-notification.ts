import * as z from 'zod/mini'
import { NotificationEnvelopeSchema } from '../helloasso/schemas.js'

/** What the ingest step can tell from the body alone, before anything is trusted. */
export type Classified =
  | { kind: 'payment-event'; eventType: 'Order' | 'Payment'; organizationSlug?: string }
  | { kind: 'form' }
  | { kind: 'organization'; oldSlug: string; newSlug: string }
  | { kind: 'unknown-event'; eventType: string }
  | { kind: 'malformed'; why: string }

const id = z.int().check(z.positive())
const OrderDataSchema = z.looseObject({ id, organizationSlug: z.nullish(z.string()) })
const PaymentDataSchema = z.looseObject({
  id,
  order: z.looseObject({ id, organizationSlug: z.nullish(z.string()) }),
})
const OrganizationDataSchema = z.looseObject({
  old_slug_organization: z.string().check(z.minLength(1)),
  new_slug_organization: z.string().check(z.minLength(1)),
})

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
  const envelope = NotificationEnvelopeSchema.safeParse(json)
  if (!envelope.success) return { kind: 'malformed', why: 'no eventType/data' }
  const { eventType, data } = envelope.data
  switch (eventType) {
    case 'Order': {
      const parsed = OrderDataSchema.safeParse(data)
      if (!parsed.success) return { kind: 'malformed', why: 'Order without a valid data.id' }
      return { kind: 'payment-event', eventType, ...slug(parsed.data.organizationSlug) }
    }
    case 'Payment': {
      const parsed = PaymentDataSchema.safeParse(data)
      if (!parsed.success)
        return { kind: 'malformed', why: 'Payment without valid data.id / data.order.id' }
      return { kind: 'payment-event', eventType, ...slug(parsed.data.order.organizationSlug) }
    }
    case 'Form':
      return { kind: 'form' }
    case 'Organization': {
      const parsed = OrganizationDataSchema.safeParse(data)
      if (!parsed.success) return { kind: 'malformed', why: 'Organization without slugs' }
      return {
        kind: 'organization',
        oldSlug: parsed.data.old_slug_organization,
        newSlug: parsed.data.new_slug_organization,
      }
    }
    default:
      return { kind: 'unknown-event', eventType }
  }
}

function slug(value: string | null | undefined): { organizationSlug?: string } {
  return value ? { organizationSlug: value } : {}
}
