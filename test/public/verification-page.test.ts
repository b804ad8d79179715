import { UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { describe, expect, it } from 'vitest'
import { keys } from '../../shared/store/keys.js'
import { getReceipt } from '../../shared/store/receipt-store.js'
import { tokenOfSnapshot } from '../../shared/verification/seal-receipt.js'
import { publicKeyFromPem } from '../../shared/verification/signing-key.js'
import {
  decodeVerificationToken,
  tokenSignatureValid,
} from '../../shared/verification/verification-token.js'
import { loadFixture, paymentFromNotification } from '../support/fixtures.js'
import { useFakeHelloAsso, useFlowHarness, useTestRuntime } from '../support/flow-harness.js'
import { decodeQrCodes } from '../support/qr-codes.js'
import { NOE_NEW_ADDRESS, storySteps } from '../support/story-steps.js'
import { STAFF_TEST_TOKEN } from '../support/test-runtime.js'

const FIXTURE_01 = '01_order_membership_individual_50eur_with_tip'
const MANAGER = { authorization: `Bearer ${STAFF_TEST_TOKEN}`, 'content-type': 'application/json' }

/** The path of a receipt's verification link, as its QR code holds it. */
async function linkOf(t: { runtime: { table: Parameters<typeof getReceipt>[0] } }, number: string) {
  const receipt = await getReceipt(t.runtime.table, number)
  const url = receipt?.snapshot.verification?.url
  if (!url) throw new Error(`receipt ${number} has no verification link`)
  return url
}

async function pageText(response: Response): Promise<string> {
  return (await response.text()).replace(/<[^>]+>/g, ' ').replace(/[ \t\n]+/g, ' ')
}

describe('GET /verifier/<token>: the page a receipt’s link opens', () => {
  const { fake, t } = useFlowHarness()
  const { deliver } = storySteps(fake, t)

  it('the QR code of the emailed PDF, read from its picture, opens it: « valide », then « annulé » after a refund', async () => {
    await deliver(FIXTURE_01)
    const [mail] = await t.outbox()
    const pdf = mail?.attachments.find((a) => a.contentType === 'application/pdf')
    if (!pdf) throw new Error('the receipt email has no PDF')
    // As a phone would: the printed page as a picture, its QR code decoded by zbarimg.
    const [scanned] = decodeQrCodes(pdf.content, 150)
    expect(scanned).toBe(await linkOf(t, '2025-00001'))
    const path = new URL(scanned as string).pathname
    expect(await pageText(await t.runtime.app.request(path))).toContain('Ce reçu est valide')

    const refund = paymentFromNotification(loadFixture('07_payment_refunded'))
    fake.putPayment(refund)
    fake.setPaymentState(refund.id, 'Refunded', { refundOperations: refund.refundOperations })
    expect((await t.post(loadFixture('07_payment_refunded'))).status).toBe(200)
    await t.settle()
    expect(await pageText(await t.runtime.app.request(path))).toMatch(
      /Ce reçu est annulé le \d{2}\/\d{2}\/\d{4} \(remboursement\)/,
    )
  })

  it('says « valide » with the organisation, number, date, amount and model, the donor as initials only', async () => {
    await deliver(FIXTURE_01)
    const url = await linkOf(t, '2025-00001')
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:3000\/verifier\/[A-Za-z0-9_-]{150,200}$/)
    const response = await t.runtime.app.request(new URL(url).pathname)
    expect(response.status).toBe(200)
    expect(response.headers.get('referrer-policy')).toBe('same-origin')
    const text = await pageText(response)
    expect(text).toContain('Ce reçu est valide')
    expect(text).toContain('2025-00001')
    expect(text).toContain('50,00\u00a0€')
    expect(text).toMatch(/Cerfa n° 11580\*0\d/)
    const receipt = await getReceipt(t.runtime.table, '2025-00001')
    const donor = receipt?.snapshot.donor
    if (donor?.kind !== 'individual') throw new Error('fixture 01 is an individual')
    expect(text).toContain(
      `${donor.firstNames[0]?.toUpperCase()}. ${donor.lastName[0]?.toUpperCase()}.`,
    )
    expect(text).not.toContain(donor.lastName)
    expect(text).not.toContain(donor.address.street)
  })

  it('says « annulé le … (remboursement) » after a refund, on the same link', async () => {
    await deliver(FIXTURE_01)
    const url = await linkOf(t, '2025-00001')
    const refund = paymentFromNotification(loadFixture('07_payment_refunded'))
    fake.putPayment(refund)
    fake.setPaymentState(refund.id, 'Refunded', { refundOperations: refund.refundOperations })
    expect((await t.post(loadFixture('07_payment_refunded'))).status).toBe(200)
    await t.settle()
    const text = await pageText(await t.runtime.app.request(new URL(url).pathname))
    expect(text).toMatch(/Ce reçu est annulé le \d{2}\/\d{2}\/\d{4} \(remboursement\)/)
    expect(text).not.toContain('est valide')
  })

  it('says « remplacé par le reçu n° … » after a staff correction; the new receipt’s own link says « valide »', async () => {
    await deliver(FIXTURE_01)
    const oldUrl = await linkOf(t, '2025-00001')
    const corrected = await t.runtime.app.request('/staff/api/receipts/2025-00001/correct', {
      method: 'POST',
      headers: MANAGER,
      body: JSON.stringify({ donor: NOE_NEW_ADDRESS, reason: 'Adresse corrigée' }),
    })
    expect(corrected.status).toBe(200)
    await t.settle()
    const old = await pageText(await t.runtime.app.request(new URL(oldUrl).pathname))
    expect(old).toContain('remplacé par le reçu n° 2025-00002')
    const newUrl = await linkOf(t, '2025-00002')
    expect(newUrl).not.toBe(oldUrl)
    const fresh = await pageText(await t.runtime.app.request(new URL(newUrl).pathname))
    expect(fresh).toContain('Ce reçu est valide')
    expect(fresh).toContain('2025-00002')
  })

  it('answers 404 « Ce lien ne correspond à aucun reçu » to a token with one character changed, wherever', async () => {
    await deliver(FIXTURE_01)
    const path = new URL(await linkOf(t, '2025-00001')).pathname
    const token = path.slice('/verifier/'.length)
    for (const at of [
      0,
      1,
      5,
      12,
      Math.floor(token.length / 2),
      token.length - 2,
      token.length - 1,
    ]) {
      const original = token[at] as string
      // The next character of the alphabet: in the last position it may change only spare bits.
      const changed = original === 'A' ? 'B' : 'A'
      const altered = `${token.slice(0, at)}${changed}${token.slice(at + 1)}`
      const response = await t.runtime.app.request(`/verifier/${altered}`)
      expect(response.status, `character ${at}`).toBe(404)
      expect(await pageText(response)).toContain('Ce lien ne correspond à aucun reçu')
    }
    for (const junk of ['2025-00001', 'x', `${token}A`, token.slice(1)]) {
      expect((await t.runtime.app.request(`/verifier/${junk}`)).status).toBe(404)
    }
  })

  it('answers 404 when the stored receipt no longer hashes to what was signed', async () => {
    await deliver(FIXTURE_01)
    const path = new URL(await linkOf(t, '2025-00001')).pathname
    const { table } = t.runtime
    await table.doc.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: keys.receipt(table.orgId, '2025-00001'),
        UpdateExpression: 'SET #r.#s.#a = :a',
        ExpressionAttributeNames: { '#r': 'record', '#s': 'snapshot', '#a': 'amountCents' },
        ExpressionAttributeValues: { ':a': 500_000 },
      }),
    )
    expect((await t.runtime.app.request(path)).status).toBe(404)
  })

  it('publishes the public key on /verifier, and it checks the token’s signature', async () => {
    await deliver(FIXTURE_01)
    const receipt = await getReceipt(t.runtime.table, '2025-00001')
    const token = tokenOfSnapshot(receipt?.snapshot ?? ({} as never)) as string
    const html = await (await t.runtime.app.request('/verifier')).text()
    const pem = /-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/.exec(html)?.[0]
    expect(pem).toBeDefined()
    const decoded = decodeVerificationToken(token)
    expect(decoded?.claims).toEqual({
      orgId: t.runtime.table.orgId,
      number: '2025-00001',
      amountCents: 5000,
      issuedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      snapshotSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    })
    expect(html).toContain(`Clé ${decoded?.keyId}`)
    expect(tokenSignatureValid(decoded as never, publicKeyFromPem(pem as string))).toBe(true)
  })
})

describe('the verification page of a SPECIMEN', () => {
  const { fake } = useFakeHelloAsso()
  const t = useTestRuntime({ verified: false })

  it('says it is a SPECIMEN, never « valide »', async () => {
    void fake
    const posted = await t.post(loadFixture(FIXTURE_01))
    expect(posted.status).toBe(200)
    await t.settle()
    const [receipt] = await t.receipts(2025)
    const url = receipt?.snapshot.verification?.url as string
    const text = await pageText(await t.runtime.app.request(new URL(url).pathname))
    expect(text).toContain('Ce reçu est un SPECIMEN : il n’a aucune valeur fiscale.')
    expect(text).not.toContain('est valide')
  })
})
