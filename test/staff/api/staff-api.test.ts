import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { createStaffApiRoutes } from '../../../functions/staff/api-routes.js'
import { createStaffAuth } from '../../../functions/staff/auth/staff-auth-middleware.js'
import { parseAssociationConfig } from '../../../shared/config/load-association-config.js'
import type { ReceiptRecord } from '../../../shared/domain/records.js'
import { silentLogger } from '../../../shared/log.js'
import { loadFixture, orderFromNotification } from '../../support/fixtures.js'
import { useFlowHarness } from '../../support/flow-harness.js'
import { extractPdfText } from '../../support/pdf-text.js'
import { testAssociationConfig } from '../../support/test-association-config.js'

const MANAGER = { authorization: 'Bearer test-staff-token-0123456789abcdef' }
const VIEWER = { authorization: 'Bearer test-viewer-token-0123456789abcdef' }
const { fake, t } = useFlowHarness({
  env: { STAFF_VIEWER_TOKEN: 'test-viewer-token-0123456789abcdef' },
})

async function aReceipt(
  fixture = '01_order_membership_individual_50eur_with_tip',
  edit?: (order: ReturnType<typeof orderFromNotification>) => void,
): Promise<string> {
  const order = orderFromNotification(loadFixture(fixture))
  edit?.(order)
  fake.putOrder(order)
  await t.post({ eventType: 'Order', data: order })
  await t.settle()
  const receipts = await t.receipts(2025)
  const receipt = receipts.find((r) => r.orderId === order.id)
  if (!receipt) throw new Error('no receipt issued')
  return receipt.number
}

const api = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
  t.runtime.app.request(`/staff/api${path}`, init)
const post = (path: string, body: unknown, headers = MANAGER) =>
  api(path, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })

describe('staff API: authentication and roles', () => {
  it('answers nothing without authentication (401), with a French message', async () => {
    for (const path of [
      '/receipts',
      '/receipts/2025-00001',
      '/review',
      '/export.csv?year=2025',
      '/openapi.json',
    ]) {
      const response = await api(path)
      expect(response.status, path).toBe(401)
    }
    expect(
      (await post('/receipts/2025-00001/cancel', { reason: 'test' }, {} as never)).status,
    ).toBe(401)
    expect((await api('/receipts', { headers: { authorization: 'Bearer wrong' } })).status).toBe(
      401,
    )
  })

  it('a viewer reads but cannot act (403)', async () => {
    const number = await aReceipt()
    expect((await api(`/receipts/${number}`, { headers: VIEWER })).status).toBe(200)
    for (const action of ['resend', 'cancel', 'correct']) {
      const response = await post(`/receipts/${number}/${action}`, { reason: 'essai' }, VIEWER)
      expect(response.status, action).toBe(403)
    }
    expect((await t.receipts(2025))[0]?.status).toBe('issued')
  })

  it('an identity of another organisation is refused, whatever its role', async () => {
    const deps = {
      config: parseAssociationConfig(testAssociationConfig(), 'test'),
      table: t.runtime.table,
      queue: { send: async () => {} },
      now: () => new Date(),
      log: silentLogger,
    }
    const auth = createStaffAuth({
      orgId: 'another-org',
      sessionKey: 'k'.repeat(32),
      local: { managerToken: 'other-organisation-token-0123456789' },
      secureCookies: false,
    })
    const app = new Hono().route('/staff/api', createStaffApiRoutes(deps, auth))
    const response = await app.request('/staff/api/receipts', {
      headers: { authorization: 'Bearer other-organisation-token-0123456789' },
    })
    expect(response.status).toBe(403)
  })
})

describe('staff API: search and read', () => {
  it('finds a receipt by number, email, order id, payment id and name prefix whatever the accents', async () => {
    const number = await aReceipt('01_order_membership_individual_50eur_with_tip', (order) => {
      if (order.payer)
        Object.assign(order.payer, { lastName: 'Nguyễn-Ødegård', firstName: 'Łucja' })
    })
    const receipt = (await t.receipts(2025))[0] as ReceiptRecord
    const cases: [string, string][] = [
      [number, 'number'],
      [number.replace(/-0+/, '-'), 'number'],
      [receipt.payerEmail.toUpperCase(), 'email'],
      [String(receipt.orderId), 'helloasso-id'],
      [String(receipt.paymentId), 'helloasso-id'],
      ['nguyen', 'name'],
      ['ODEG', 'name'],
      ['lucja ngu', 'name'],
    ]
    for (const [q, matchedBy] of cases) {
      const body = (await (
        await api(`/receipts?q=${encodeURIComponent(q)}`, { headers: VIEWER })
      ).json()) as { matchedBy: string; items: { number: string }[] }
      expect(body.matchedBy, q).toBe(matchedBy)
      expect(
        body.items.map((i) => i.number),
        q,
      ).toEqual([number])
    }
    const none = (await (await api('/receipts?q=zzz', { headers: VIEWER })).json()) as {
      items: unknown[]
    }
    expect(none.items).toEqual([])
  })

  it('lists a year with filters, and refuses bad parameters with 400', async () => {
    await aReceipt()
    const listed = (await (
      await api('/receipts?year=2025&status=issued', { headers: VIEWER })
    ).json()) as { matchedBy: string; items: unknown[] }
    expect(listed).toMatchObject({ matchedBy: 'year' })
    expect(listed.items).toHaveLength(1)
    expect(
      (
        (await (await api('/receipts?year=2025&status=cancelled', { headers: VIEWER })).json()) as {
          items: unknown[]
        }
      ).items,
    ).toHaveLength(0)
    const bad = await api('/receipts?year=deux-mille&limit=500', { headers: VIEWER })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { error: string }).error).toMatch(/year|limit/)
    expect((await api('/receipts?cursor=pas-un-curseur', { headers: VIEWER })).status).toBe(400)
  })

  it('gives the detail, 404 for an unknown number, 400 for a malformed one', async () => {
    const number = await aReceipt()
    const detail = (await (await api(`/receipts/${number}`, { headers: VIEWER })).json()) as {
      receipt: ReceiptRecord
      memberships: unknown[]
      payment: { state: string }
    }
    expect(detail.receipt.provenance).toMatchObject({ tipCents: 500, eligibleCents: 5000 })
    expect(detail.memberships).toHaveLength(1)
    expect(detail.payment.state).toBe('Authorized')
    expect((await api('/receipts/2025-09999', { headers: VIEWER })).status).toBe(404)
    expect((await api('/receipts/pas-un-numero', { headers: VIEWER })).status).toBe(400)
  })

  it('serves the original PDF byte-identical to the one emailed, or a DUPLICATA reprint, and says which', async () => {
    const number = await aReceipt()
    const [mail] = await t.outbox()
    const original = await api(`/receipts/${number}/pdf`, { headers: VIEWER })
    expect(original.headers.get('x-receipt-pdf')).toBe('original')
    expect(original.headers.get('x-receipt-pdf-matches-sent')).toBe('true')
    expect(
      Buffer.from(await original.arrayBuffer()).equals(mail?.attachments[0]?.content as Buffer),
    ).toBe(true)
    const duplicata = await api(`/receipts/${number}/pdf?kind=duplicata`, { headers: VIEWER })
    expect(duplicata.headers.get('x-receipt-pdf')).toBe('duplicata')
    const text = await extractPdfText(new Uint8Array(await duplicata.arrayBuffer()))
    expect(text).toContain('DUPLICATA')
    expect(text).toContain(number)
  })

  it('publishes its OpenAPI document, generated from the schemas', async () => {
    const doc = (await (await api('/openapi.json', { headers: VIEWER })).json()) as {
      openapi: string
      paths: Record<string, Record<string, { requestBody?: unknown }>>
    }
    expect(doc.openapi).toBe('3.1.0')
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/staff/api/receipts',
        '/staff/api/receipts/{number}/correct',
        '/staff/api/export.csv',
      ]),
    )
    expect(
      JSON.stringify(doc.paths['/staff/api/receipts/{number}/cancel']?.post?.requestBody),
    ).toContain('reason')
  })

  it('exports the year as CSV for the accountant', async () => {
    const number = await aReceipt()
    const response = await api('/export.csv?year=2025', { headers: VIEWER })
    expect(response.headers.get('content-type')).toContain('text/csv')
    const csv = await response.text()
    const [header, row, ...rest] = csv
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n')
    expect(header?.split(';')[0]).toBe('numero')
    expect(row).toContain(`"${number}"`)
    expect(row).toContain('"50,00"')
    // The register's word for the status, not the stored code.
    expect(header?.split(';')[4]).toBe('statut')
    expect(row?.split(';')[4]).toBe('"émis"')
    expect(rest).toHaveLength(0)
    expect((await api('/export.csv', { headers: VIEWER })).status).toBe(400)
  })

  it('finds members with their memberships', async () => {
    await aReceipt()
    const body = (await (await api('/members?q=arnaud', { headers: VIEWER })).json()) as {
      members: { name: string; memberships: { validFrom: string }[] }[]
    }
    expect(body.members).toEqual([
      expect.objectContaining({
        name: 'Camille Arnaud',
        memberships: [expect.objectContaining({ validFrom: '2025-09-01' })],
      }),
    ])
    expect((await api('/members?q=a', { headers: VIEWER })).status).toBe(400)
  })
})

describe('staff API: actions, each audited', () => {
  it('resends to a corrected address: new .eml to that address, change recorded', async () => {
    const number = await aReceipt()
    const response = await post(`/receipts/${number}/resend`, {
      reason: 'corrected-address',
      email: 'Corrige@Example.org',
    })
    expect(response.status).toBe(200)
    await t.settle()
    const mails = await t.outbox()
    expect(mails).toHaveLength(2)
    expect(mails[1]?.to && 'text' in mails[1].to ? mails[1].to.text : '').toContain(
      'corrige@example.org',
    )
    const detail = (await (await api(`/receipts/${number}`, { headers: VIEWER })).json()) as {
      receipt: ReceiptRecord
      audit: { action: string; actor: { role: string }; before: unknown; after: unknown }[]
    }
    expect(detail.receipt.payerEmail).toBe('corrige@example.org')
    expect(detail.audit).toEqual([
      expect.objectContaining({
        action: 'receipt.resend',
        before: { payerEmail: expect.any(String) },
        after: { payerEmail: 'corrige@example.org' },
      }),
    ])
    expect(
      (
        await post(`/receipts/${number}/resend`, {
          reason: 'corrected-address',
          email: 'pas-une-adresse',
        })
      ).status,
    ).toBe(400)
  })

  it('cancels with a mandatory reason: number kept, donor notified, second cancel is a 409', async () => {
    const number = await aReceipt()
    expect((await post(`/receipts/${number}/cancel`, {})).status).toBe(400)
    const response = await post(`/receipts/${number}/cancel`, { reason: 'Don fait par erreur' })
    expect(response.status).toBe(200)
    await t.settle()
    const receipt = (await t.receipts(2025))[0]
    expect(receipt).toMatchObject({
      number,
      status: 'cancelled',
      cancellation: { reason: 'staff', note: 'Don fait par erreur' },
      cancellationDelivery: { status: 'sent' },
    })
    expect(await t.outboxFiles()).toHaveLength(2)
    expect((await post(`/receipts/${number}/cancel`, { reason: 'encore' })).status).toBe(409)
  })

  it('cancels without notifying the donor when told not to', async () => {
    const number = await aReceipt()
    await post(`/receipts/${number}/cancel`, { reason: 'Prévenu par téléphone', notify: false })
    await t.settle()
    expect(await t.outboxFiles()).toHaveLength(1)
  })

  it('corrects: old cancelled, new number next in the series, both linked and audited, donor emailed the new PDF', async () => {
    const number = await aReceipt()
    await aReceipt('02_order_membership_reduced_25eur')
    const donor = {
      kind: 'individual',
      lastName: 'Arnaud-Morel',
      firstNames: 'Camille',
      address: { street: '4 rue Neuve', postalCode: '26400', city: 'Crest', country: 'France' },
    }
    const response = await post(`/receipts/${number}/correct`, {
      donor,
      reason: 'Nom d’usage corrigé',
    })
    expect(response.status).toBe(200)
    const fresh = (await response.json()) as ReceiptRecord
    expect(fresh.number).toBe('2025-00003')
    expect(fresh.snapshot.replaces).toEqual({
      number,
      issuedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    })
    expect(fresh.snapshot.layoutVersion).toBe(3)
    await t.settle()
    const old = (await (await api(`/receipts/${number}`, { headers: VIEWER })).json()) as {
      receipt: ReceiptRecord
      links: unknown
      audit: { action: string }[]
    }
    expect(old.receipt).toMatchObject({ status: 'replaced', replacedBy: { number: '2025-00003' } })
    expect(old.links).toEqual({ replacedBy: '2025-00003' })
    expect(old.audit.map((a) => a.action)).toEqual(['receipt.correct'])
    const mails = await t.outbox()
    const last = mails[mails.length - 1]
    expect(last?.attachments[0]?.filename).toBe('recu-fiscal-2025-00003.pdf')
    const text = await extractPdfText(new Uint8Array(last?.attachments[0]?.content ?? []))
    expect(text).toMatch(/Annule et remplace le reçu n° 2025-00001 du \d{2}\/\d{2}\/\d{4}/)
    expect(text).toContain('Arnaud-Morel')
    expect((await post(`/receipts/${number}/correct`, { donor, reason: 'encore' })).status).toBe(
      409,
    )
    expect(
      (
        await post('/receipts/2025-00003/correct', {
          donor: { kind: 'company', name: 'X' },
          reason: 'test',
        })
      ).status,
    ).toBe(400)
  })

  it('resolves the review queue: complete the data and issue, or dismiss with a reason', async () => {
    fake.putOrder(orderFromNotification(loadFixture('14_order_membership_payer_without_address')))
    await t.post(loadFixture('14_order_membership_payer_without_address'))
    fake.putOrder(orderFromNotification(loadFixture('12_order_membership_discount_code')))
    await t.post(loadFixture('12_order_membership_discount_code'))
    await t.settle()
    const queue = (await (await api('/review', { headers: VIEWER })).json()) as {
      total: number
      byReason: Record<string, number>
      items: { id: string; reasons: string[] }[]
    }
    expect(queue.total).toBe(2)
    expect(queue.byReason).toMatchObject({ 'address-missing': 1, 'amount-mismatch': 1 })
    const missingAddress = queue.items.find((i) => i.reasons.includes('address-missing')) as {
      id: string
    }
    const discount = queue.items.find((i) => i.reasons.includes('amount-mismatch')) as {
      id: string
    }
    const donor = {
      kind: 'individual',
      lastName: 'Haddad',
      firstNames: 'Karim',
      address: {
        street: '1 place du Marché',
        postalCode: '26000',
        city: 'Valence',
        country: 'France',
      },
    }
    expect(
      (
        await post(
          `/review/${missingAddress.id}/issue`,
          { donor, note: 'Adresse donnée par téléphone' },
          VIEWER,
        )
      ).status,
    ).toBe(403)
    const issued = await post(`/review/${missingAddress.id}/issue`, {
      donor,
      note: 'Adresse donnée par téléphone',
    })
    expect(issued.status).toBe(200)
    const { receiptNumber } = (await issued.json()) as { receiptNumber: string }
    expect(receiptNumber).toMatch(/^2025-\d{5}$/)
    expect(
      (
        await post(`/review/${discount.id}/dismiss`, {
          reason: 'Réduction : pas de reçu pour ce montant',
        })
      ).status,
    ).toBe(200)
    expect((await post(`/review/${discount.id}/dismiss`, { reason: 'deux fois' })).status).toBe(409)
    expect((await post('/review/inconnu/dismiss', { reason: 'introuvable' })).status).toBe(404)
    await t.settle()
    const after = (await (await api('/review', { headers: VIEWER })).json()) as { total: number }
    expect(after.total).toBe(0)
    const receipt = (await t.receipts(2025)).find((r) => r.number === receiptNumber)
    expect(receipt).toMatchObject({
      delivery: { status: 'sent' },
      provenance: { staffDecision: { reason: 'Adresse donnée par téléphone' } },
    })
  })
})
