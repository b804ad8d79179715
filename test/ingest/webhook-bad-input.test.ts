import { ScanCommand } from '@aws-sdk/lib-dynamodb'
import { describe, expect, it } from 'vitest'
import { signHelloAssoBody } from '../../shared/ingest/verify-signature.js'
import { loadFixture, loadFixtureText, orderFromNotification } from '../support/fixtures.js'
import {
  type CurrentTestRuntime,
  useFakeHelloAsso,
  useTestRuntime,
} from '../support/flow-harness.js'

const { fake } = useFakeHelloAsso()
const FIXTURE = '01_order_membership_individual_50eur_with_tip'

/** Items of the table, but the receipt-signing public key the runtime publishes as it starts. */
async function itemCount(t: CurrentTestRuntime): Promise<number> {
  const result = await t.runtime.table.doc.send(
    new ScanCommand({
      TableName: t.runtime.table.tableName,
      Select: 'COUNT',
      FilterExpression: 'NOT contains(pk, :keys)',
      ExpressionAttributeValues: { ':keys': '#VERIFICATION-KEYS' },
    }),
  )
  return result.Count ?? 0
}

describe('bad input gets a clear answer and changes nothing (invariant 8)', () => {
  const t = useTestRuntime()

  it('a wrong secret answers 404 and writes nothing', async () => {
    const response = await t.post(loadFixture(FIXTURE), { secret: 'wrong-secret' })
    expect(response.status).toBe(404)
    expect(await itemCount(t)).toBe(0)
  })

  it('a body over the size limit answers 413 and keeps only a trace for review, not the body', async () => {
    const response = await t.post('x'.repeat(2 * 1024 * 1024))
    expect(response.status).toBe(413)
    expect((await t.reviews()).flatMap((r) => r.reasons)).toEqual(['oversized-notification'])
    expect(await t.receipts(2025)).toHaveLength(0)
  })

  it.each([
    ['non-JSON', 'ceci n’est pas du JSON', 'application/json'],
    ['an empty body', '', 'application/json'],
    ['a wrong content type', loadFixtureText(FIXTURE), 'text/plain'],
    [
      'fields of the wrong type',
      JSON.stringify({ eventType: 'Order', data: { id: 'abc' } }),
      'application/json',
    ],
    ['no eventType', JSON.stringify({ data: {} }), 'application/json'],
  ])(
    '%s is kept for review and acknowledged with 200, no receipt',
    async (_name, body, contentType) => {
      const response = await t.post(body, { contentType })
      expect(response.status).toBe(200)
      expect(await response.json()).toMatchObject({ status: 'malformed' })
      await t.settle()
      expect(await t.receipts(2025)).toHaveLength(0)
      expect((await t.reviews()).flatMap((r) => r.reasons)).toEqual(['malformed-notification'])
    },
  )

  it('an unknown event type is stored and acknowledged', async () => {
    const response = await t.post({ eventType: 'SomethingNew', data: { id: 1 } })
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ status: 'ignored' })
    expect(await itemCount(t)).toBe(1)
  })

  it('a foreign organisation slug is stored for review, not processed', async () => {
    const body = structuredClone(loadFixture(FIXTURE)) as { data: { organizationSlug: string } }
    body.data.organizationSlug = 'une-autre-asso'
    const response = await t.post(body)
    expect(response.status).toBe(200)
    await t.settle()
    expect(fake.calls.orders).toBe(0)
    expect((await t.reviews()).flatMap((r) => r.reasons)).toEqual(['foreign-organisation'])
  })

  it('an Organization event the API confirms moves the slug: notifications under the new slug are processed', async () => {
    fake.putOrganization({ organizationSlug: 'rtl-drome', rnaNumber: 'W261000000' })
    const response = await t.post({
      eventType: 'Organization',
      data: {
        old_slug_organization: 'reseau-tiers-lieux-drome',
        new_slug_organization: 'rtl-drome',
      },
    })
    expect(response.status).toBe(200)
    await t.settle()
    const order = orderFromNotification(loadFixture(FIXTURE))
    fake.putOrder({ ...order, organizationSlug: 'rtl-drome' })
    const body = structuredClone(loadFixture(FIXTURE)) as { data: { organizationSlug: string } }
    body.data.organizationSlug = 'rtl-drome'
    await t.post(body)
    await t.settle()
    expect(await t.receipts(2025)).toHaveLength(1)
  })

  it('GET /healthz answers', async () => {
    expect((await t.runtime.app.request('/healthz')).status).toBe(200)
  })
})

describe('optional signature and IP allow-list', () => {
  const t = useTestRuntime({
    env: {
      HELLOASSO_SIGNATURE_KEY: 'sig-key',
      HELLOASSO_IP_ALLOWLIST: 'helloasso',
      TRUSTED_PROXY_HOPS: '1',
    },
    // As behind a reverse proxy on this host (TRUSTED_PROXIES defaults to loopback).
    remoteAddress: () => '127.0.0.1',
  })

  const fromHelloAsso = { 'x-forwarded-for': '51.138.206.200' }

  it('accepts a correctly signed body from HelloAsso’s address', async () => {
    const raw = loadFixtureText(FIXTURE)
    const response = await t.post(raw, {
      headers: { ...fromHelloAsso, 'x-ha-signature': signHelloAssoBody(raw, 'sig-key') },
    })
    expect(response.status).toBe(200)
  })

  it('refuses a bad signature with 401 and writes nothing', async () => {
    const response = await t.post(loadFixtureText(FIXTURE), {
      headers: { ...fromHelloAsso, 'x-ha-signature': '00'.repeat(32) },
    })
    expect(response.status).toBe(401)
    expect(await itemCount(t)).toBe(0)
  })

  it('an oversized body with a bad signature is refused like any (401) and writes nothing: no review item from a forger (issue 19 point 8)', async () => {
    const response = await t.post('x'.repeat(2 * 1024 * 1024), {
      headers: { ...fromHelloAsso, 'x-ha-signature': '00'.repeat(32) },
    })
    expect(response.status).toBe(401)
    expect(await itemCount(t)).toBe(0)
  })

  it('an oversized body with no signature: 401, nothing written', async () => {
    const response = await t.post('x'.repeat(2 * 1024 * 1024), { headers: fromHelloAsso })
    expect(response.status).toBe(401)
    expect(await itemCount(t)).toBe(0)
  })

  it('an oversized body HelloAsso signed answers 413 and leaves its trace for review', async () => {
    const raw = 'x'.repeat(2 * 1024 * 1024)
    const response = await t.post(raw, {
      headers: { ...fromHelloAsso, 'x-ha-signature': signHelloAssoBody(raw, 'sig-key') },
    })
    expect(response.status).toBe(413)
    expect((await t.reviews()).flatMap((r) => r.reasons)).toEqual(['oversized-notification'])
  })

  it('refuses another source address with 403 and writes nothing', async () => {
    const raw = loadFixtureText(FIXTURE)
    const response = await t.post(raw, {
      headers: {
        'x-forwarded-for': '203.0.113.9',
        'x-ha-signature': signHelloAssoBody(raw, 'sig-key'),
      },
    })
    expect(response.status).toBe(403)
    expect(await itemCount(t)).toBe(0)
  })
})
