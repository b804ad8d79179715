import { describe, expect, it } from 'vitest'
import { classifyNotification } from '../../shared/ingest/classify-notification.js'

const json = (body: unknown) => classifyNotification(JSON.stringify(body), 'application/json')

/** What ingest tells from the body alone; the same answers as the zod schemas it replaces. */
describe('classifyNotification', () => {
  it('recognises orders and payments, with their slug when they carry one', () => {
    expect(json({ eventType: 'Order', data: { id: 12, organizationSlug: 'rtld' } })).toEqual({
      kind: 'payment-event',
      eventType: 'Order',
      organizationSlug: 'rtld',
    })
    expect(json({ eventType: 'Order', data: { id: 12, organizationSlug: null } })).toEqual({
      kind: 'payment-event',
      eventType: 'Order',
    })
    expect(
      json({ eventType: 'Payment', data: { id: 5, order: { id: 12, organizationSlug: 'x' } } }),
    ).toEqual({
      kind: 'payment-event',
      eventType: 'Payment',
      organizationSlug: 'x',
    })
  })

  it('recognises forms, slug changes and unknown events', () => {
    expect(json({ eventType: 'Form', data: {} })).toEqual({ kind: 'form' })
    expect(
      json({
        eventType: 'Organization',
        data: { old_slug_organization: 'a', new_slug_organization: 'b' },
      }),
    ).toEqual({ kind: 'organization', oldSlug: 'a', newSlug: 'b' })
    expect(json({ eventType: 'Membership', data: {} })).toEqual({
      kind: 'unknown-event',
      eventType: 'Membership',
    })
  })

  it.each([
    [[], 'no eventType/data'],
    [{ eventType: '', data: {} }, 'no eventType/data'],
    [{ eventType: 'Order', data: [] }, 'no eventType/data'],
    [{ eventType: 'Order', data: { id: 0 } }, 'Order without a valid data.id'],
    [{ eventType: 'Order', data: { id: 1.5 } }, 'Order without a valid data.id'],
    [{ eventType: 'Order', data: { id: '12' } }, 'Order without a valid data.id'],
    [
      { eventType: 'Order', data: { id: 12, organizationSlug: 7 } },
      'Order without a valid data.id',
    ],
    [{ eventType: 'Payment', data: { id: 5 } }, 'Payment without valid data.id / data.order.id'],
    [
      { eventType: 'Payment', data: { id: 5, order: { id: -1 } } },
      'Payment without valid data.id / data.order.id',
    ],
    [
      { eventType: 'Organization', data: { old_slug_organization: 'a' } },
      'Organization without slugs',
    ],
  ])('%j is malformed: %s', (body, why) => {
    expect(json(body)).toEqual({ kind: 'malformed', why })
  })

  it('refuses what is not JSON before looking inside', () => {
    expect(classifyNotification('{}', 'text/plain')).toEqual({
      kind: 'malformed',
      why: 'content type text/plain',
    })
    expect(classifyNotification(' ', 'application/json')).toEqual({
      kind: 'malformed',
      why: 'empty body',
    })
    expect(classifyNotification('{', 'application/json')).toEqual({
      kind: 'malformed',
      why: 'not JSON',
    })
  })
})
