import { describe, expect, it } from 'vitest'
import type { Order } from '../../shared/helloasso/schemas.js'
import { listAudit } from '../../shared/store/audit-store.js'
import { getReview } from '../../shared/store/review-updates.js'
import { listTierMappings } from '../../shared/store/tier-mapping-store.js'
import { loadFixture, orderFromNotification } from '../support/fixtures.js'
import {
  type CurrentTestRuntime,
  useFakeHelloAsso,
  useTestRuntime,
} from '../support/flow-harness.js'
import { withIds } from '../support/order-variants.js'
import { STAFF_VIEWER_TOKEN, signInStaff } from '../support/staff-session.js'
import { testConfigWithIndividualTierMatch } from '../support/test-association-config.js'
import { STAFF_TEST_TOKEN } from '../support/test-runtime.js'

/**
 * An unknown HelloAsso tier attached to a configured tier from the staff API: stored in the
 * table, applied at once by the running process (no restart), to the open items of that tier
 * and to every later payment of it.
 */
const { fake } = useFakeHelloAsso()
const FIXTURE = '01_order_membership_individual_50eur_with_tip'
const HELLOASSO_TIER = 16402811
const order = orderFromNotification(loadFixture(FIXTURE))
const paymentId = order.payments[0]?.id ?? 0
const REVIEW_ID = `payment-${paymentId}`

function headers(token = STAFF_TEST_TOKEN) {
  return { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
}

function mapTier(t: CurrentTestRuntime, id: string, body: unknown, token?: string) {
  return t.runtime.app.request(`/staff/api/review/${id}/map-tier`, {
    method: 'POST',
    headers: headers(token),
    body: JSON.stringify(body),
  })
}

async function deliver(t: CurrentTestRuntime, paid: Order) {
  fake.putOrder(paid)
  expect((await t.post({ eventType: 'Order', data: paid })).status).toBe(200)
  await t.settle()
}

describe('POST /staff/api/review/{id}/map-tier', () => {
  const t = useTestRuntime({
    config: testConfigWithIndividualTierMatch(),
    env: { STAFF_VIEWER_TOKEN },
  })

  it('receipts the waiting payment at once, and the next payment of that tier directly', async () => {
    await deliver(t, order)
    const [review] = await t.reviews()
    expect(review?.reasons).toEqual(['tier-unknown'])
    expect(review?.message).toContain('« Rattacher à un palier »')
    expect(review?.message).not.toContain('redémarrez')

    const answer = await mapTier(t, REVIEW_ID, { tierKey: 'individuelle' })
    expect(answer.status).toBe(200)
    expect(await answer.json()).toEqual({
      tierId: HELLOASSO_TIER,
      tierKey: 'individuelle',
      requeued: [REVIEW_ID],
      stillOpen: [],
    })
    await t.settle()
    const receipts = await t.receipts(2025)
    expect(receipts.map((r) => [r.paymentId, r.snapshot.amountCents])).toEqual([[paymentId, 5000]])
    expect(await t.reviews()).toEqual([])
    expect(await getReview(t.runtime.table, REVIEW_ID)).toMatchObject({ status: 'resolved' })
    expect(await t.outbox()).toHaveLength(1)

    // Another member buys the same HelloAsso tier: no review any more.
    await deliver(t, withIds(order, order.id + 1000, 1000, 1000))
    expect(await t.reviews()).toEqual([])
    const after = await t.receipts(2025)
    expect(after.map((r) => r.paymentId).sort()).toEqual([paymentId, paymentId + 1000])
    expect(await t.outbox()).toHaveLength(2)
  })

  it('records the mapping with its date and author, and audits it on the item', async () => {
    const now = new Date().toISOString()
    await deliver(t, order)
    expect((await mapTier(t, REVIEW_ID, { tierKey: 'individuelle' })).status).toBe(200)
    const [mapping, ...others] = await listTierMappings(t.runtime.table)
    expect(others).toEqual([])
    expect(mapping).toMatchObject({
      helloAssoTierId: HELLOASSO_TIER,
      tierKey: 'individuelle',
      helloAssoLabel: 'Adhésion individuelle',
      amountCents: 5000,
      reviewId: REVIEW_ID,
      mappedBy: expect.any(String),
    })
    expect(mapping && mapping.mappedAt >= now).toBe(true)
    const audit = await listAudit(t.runtime.table, REVIEW_ID)
    expect(audit.map((entry) => entry.action)).toEqual(['tier.map'])
    expect(audit[0]?.detail).toContain(`${HELLOASSO_TIER}`)
  })

  it('re-examines every open item of that HelloAsso tier, not those of other tiers', async () => {
    const second = withIds(order, order.id + 2000, 2000, 2000)
    const reduced = orderFromNotification(loadFixture('02_order_membership_reduced_25eur'))
    const otherTier: Order = {
      ...reduced,
      items: reduced.items.map((item) => ({ ...item, tierId: 16408888, name: 'Adhésion duo' })),
    }
    await deliver(t, order)
    await deliver(t, second)
    await deliver(t, otherTier)
    expect(await t.reviews()).toHaveLength(3)
    const answer = await mapTier(t, REVIEW_ID, { tierKey: 'individuelle' })
    expect(((await answer.json()) as { requeued: string[] }).requeued.sort()).toEqual(
      [REVIEW_ID, `payment-${paymentId + 2000}`].sort(),
    )
    await t.settle()
    expect((await t.receipts(2025)).map((r) => r.paymentId).sort()).toEqual([
      paymentId,
      paymentId + 2000,
    ])
    expect((await t.reviews()).map((r) => r.refs.orderId)).toEqual([otherTier.id])
  })

  it('says what is left when the chosen tier does not fit the payment, and updates the item', async () => {
    await deliver(t, order)
    // « Adhésion tarif réduit » costs 25 €: a 50 € payment under it is an amount to decide.
    const answer = await mapTier(t, REVIEW_ID, { tierKey: 'reduite' })
    expect(answer.status).toBe(200)
    const body = (await answer.json()) as {
      requeued: string[]
      stillOpen: { id: string; reasons: string[]; message: string }[]
    }
    expect(body.requeued).toEqual([])
    expect(body.stillOpen).toEqual([
      { id: REVIEW_ID, reasons: ['amount-mismatch'], message: expect.stringContaining('25,00') },
    ])
    await t.settle()
    expect(await t.receipts(2025)).toEqual([])
    const [review] = await t.reviews()
    expect(review?.reasons).toEqual(['amount-mismatch'])
    expect(review?.message).toContain('payée 50,00 € au lieu de 25,00 €')
  })

  it('refuses a viewer, an unknown tier key, and an item of another reason, changing nothing', async () => {
    await deliver(t, order)
    // A payer without address, of the tier the file knows: « Adresse manquante » alone.
    const withoutAddress = orderFromNotification(
      loadFixture('14_order_membership_payer_without_address'),
    )
    const noAddress: Order = {
      ...withoutAddress,
      items: withoutAddress.items.map((item) => ({ ...item, tierId: 16409999 })),
    }
    await deliver(t, noAddress)
    const addressReview = `payment-${noAddress.payments[0]?.id}`
    expect((await t.reviews()).map((r) => r.reasons).sort()).toEqual([
      ['address-missing'],
      ['tier-unknown'],
    ])

    const viewer = await mapTier(t, REVIEW_ID, { tierKey: 'individuelle' }, STAFF_VIEWER_TOKEN)
    expect(viewer.status).toBe(403)

    const badKey = await mapTier(t, REVIEW_ID, { tierKey: 'individuel' })
    expect(badKey.status).toBe(400)
    const badKeyError = ((await badKey.json()) as { error: string }).error
    expect(badKeyError).toContain('« individuel »')
    expect(badKeyError).toContain('individuelle')

    const noKey = await mapTier(t, REVIEW_ID, {})
    expect(noKey.status).toBe(400)

    const otherReason = await mapTier(t, addressReview, { tierKey: 'individuelle' })
    expect(otherReason.status).toBe(409)
    expect(((await otherReason.json()) as { error: string }).error).toContain('Palier inconnu')

    const missing = await mapTier(t, 'payment-1', { tierKey: 'individuelle' })
    expect(missing.status).toBe(404)

    await t.settle()
    expect(await listTierMappings(t.runtime.table)).toEqual([])
    expect(await listAudit(t.runtime.table, REVIEW_ID)).toEqual([])
    expect(await t.receipts(2025)).toEqual([])
    expect(await t.reviews()).toHaveLength(2)
  })

  it('refuses an item already decided', async () => {
    await deliver(t, order)
    expect((await mapTier(t, REVIEW_ID, { tierKey: 'individuelle' })).status).toBe(200)
    await t.settle()
    const again = await mapTier(t, REVIEW_ID, { tierKey: 'reduite' })
    expect(again.status).toBe(409)
    expect(((await again.json()) as { error: string }).error).toBe('Cet élément a déjà été traité.')
    expect((await listTierMappings(t.runtime.table)).map((m) => m.tierKey)).toEqual([
      'individuelle',
    ])
  })
})

describe('« Rattacher à un palier » on the review page', () => {
  const t = useTestRuntime({ config: testConfigWithIndividualTierMatch() })

  it('offers the configured tiers with their amount and Cerfa model, and attaches through the form', async () => {
    await deliver(t, order)
    const staff = await signInStaff(t.runtime.app)
    const page = await (await staff.get('/staff/a-verifier')).text()
    expect(page).toContain('Rattacher à un palier')
    expect(page).toContain(
      'Palier HelloAsso\u00a0: «\u00a0Adhésion individuelle\u00a0» (id 16402811, 50,00\u00a0€)',
    )
    const options = [...page.matchAll(/<option value="([^"]*)"[^>]*>([^<]*)<\/option>/g)].map(
      (m) => [m[1], m[2]],
    )
    expect(options).toContainEqual([
      'individuelle',
      'Adhésion individuelle — 50,00\u00a0€ — Cerfa 11580*05 (particulier)',
    ])
    expect(options).toContainEqual([
      'structure-petite',
      'Structure &lt; 100 k€ — 500,00\u00a0€ — Cerfa 16216*02 (organisation)',
    ])

    const refused = await staff.post(`/staff/a-verifier/${REVIEW_ID}/rattacher`, {
      palier: 'inconnu',
      confirme: 'oui',
    })
    expect(refused.status).toBe(400)
    expect(await refused.text()).toContain('Palier « inconnu » inconnu')
    expect(await listTierMappings(t.runtime.table)).toEqual([])

    const done = await staff.post(`/staff/a-verifier/${REVIEW_ID}/rattacher`, {
      palier: 'individuelle',
      confirme: 'oui',
    })
    expect(done.status).toBe(303)
    const location = done.headers.get('location') ?? ''
    expect(location).toBe('/staff/a-verifier?ok=rattache&emis=1&reste=0')
    await t.settle()
    expect(await t.receipts(2025)).toHaveLength(1)
    const after = await (await staff.get(location)).text()
    expect(after).toContain(
      'Palier rattaché\u00a0: 1\u00a0paiement réexaminé, son reçu est émis et envoyé.',
    )
    expect(after).toContain('Rien à vérifier')
  })

  it('offers « Réexaminer » only where a configuration change can help', async () => {
    const withoutAddress = orderFromNotification(
      loadFixture('14_order_membership_payer_without_address'),
    )
    await deliver(t, {
      ...withoutAddress,
      items: withoutAddress.items.map((item) => ({ ...item, tierId: 16409999 })),
    })
    const staff = await signInStaff(t.runtime.app)
    const page = await (await staff.get('/staff/a-verifier')).text()
    expect(page).toContain('Adresse manquante')
    expect(page).toContain('Compléter et émettre le reçu')
    expect(page).not.toContain('Réexaminer')
    expect(page).not.toContain('Rattacher à un palier')
    await deliver(t, order)
    const both = await (await staff.get('/staff/a-verifier')).text()
    expect(both.match(/>\s*Réexaminer\s*</g)).toHaveLength(1)
    expect(both.match(/<summary>Rattacher à un palier<\/summary>/g)).toHaveLength(1)
  })
})
