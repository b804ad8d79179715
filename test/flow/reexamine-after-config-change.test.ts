import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { reexamineOpenReviews } from '../../shared/process/reexamine-review.js'
import { getReview } from '../../shared/store/review-updates.js'
import { loadFixture, orderFromNotification } from '../support/fixtures.js'
import { useFakeHelloAsso } from '../support/flow-harness.js'
import { signInStaff } from '../support/staff-session.js'
import {
  testAssociationConfig,
  testConfigWithIndividualTierMatch,
} from '../support/test-association-config.js'
import { createTestRuntime, STAFF_TEST_TOKEN, type TestRuntime } from '../support/test-runtime.js'

/**
 * A tier-unknown review item, then the configuration fixed and the server restarted on the same
 * data: the payment is receipted once, at start-up or on « Réexaminer », never twice.
 */
const { fake } = useFakeHelloAsso()
const FIXTURE = '01_order_membership_individual_50eur_with_tip'
const order = orderFromNotification(loadFixture(FIXTURE))
const paymentId = order.payments[0]?.id ?? 0
const REVIEW_ID = `payment-${paymentId}`
const MANAGER = { authorization: `Bearer ${STAFF_TEST_TOKEN}`, 'content-type': 'application/json' }

let dataDir: string
let env: Record<string, string>
let running: TestRuntime[] = []
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'receipts-reexamine-'))
  env = { DATA_DIR: dataDir, TABLE_NAME: `test-${randomUUID()}` }
})
afterEach(async () => {
  for (const runtime of running) await runtime.stop()
  running = []
  await rm(dataDir, { recursive: true, force: true })
})

async function start(config: unknown): Promise<TestRuntime> {
  const runtime = await createTestRuntime({ env, config })
  running.push(runtime)
  return runtime
}

/** The first server: the notification arrives, the tier is unknown, the item waits. */
async function reviewedWithTheOldConfiguration(): Promise<void> {
  const before = await start(testConfigWithIndividualTierMatch())
  fake.putOrder(order)
  await before.post(loadFixture(FIXTURE))
  await before.settle()
  const [review] = await before.reviews()
  expect(review?.reasons).toEqual(['tier-unknown'])
  expect(review?.message).toContain(
    'ajouter l’id 16402811 à « tiers[].match.tierIds » du palier dans le fichier de configuration (pris en compte au prochain démarrage)',
  )
  await before.stop()
  running = running.filter((r) => r !== before)
}

describe('a tier-unknown item resolved by a configuration change', () => {
  it('is receipted once after the restart, and a second start-up issues nothing more', async () => {
    await reviewedWithTheOldConfiguration()
    const after = await start(testAssociationConfig())
    expect(await reexamineOpenReviews(after.runtime.jobs.process)).toBe(1)
    await after.settle()
    const receipts = await after.receipts(2025)
    expect(receipts.map((r) => [r.paymentId, r.snapshot.amountCents])).toEqual([[paymentId, 5000]])
    expect(await after.reviews()).toEqual([])
    expect(await getReview(after.runtime.table, REVIEW_ID)).toMatchObject({
      status: 'resolved',
      decision: { by: 'réexamen automatique', receiptNumber: receipts[0]?.number },
    })
    expect(await after.outbox()).toHaveLength(1)

    expect(await reexamineOpenReviews(after.runtime.jobs.process)).toBe(0)
    await after.post(loadFixture(FIXTURE))
    await after.settle()
    expect(await after.receipts(2025)).toHaveLength(1)
    expect(await after.outbox()).toHaveLength(1)
  })

  it('« Réexaminer » through the staff API issues it once, even asked twice at once', async () => {
    await reviewedWithTheOldConfiguration()
    const after = await start(testAssociationConfig())
    const reexamine = () =>
      after.runtime.app.request(`/staff/api/review/${REVIEW_ID}/reexamine`, {
        method: 'POST',
        headers: MANAGER,
      })
    const answers = await Promise.all([reexamine(), reexamine()])
    expect(answers.map((a) => a.status)).toEqual([200, 200])
    expect(await answers[0]?.json()).toEqual({ kind: 'requeued' })
    await after.settle()
    expect(await after.receipts(2025)).toHaveLength(1)
    expect(await after.outbox()).toHaveLength(1)
    expect(await after.reviews()).toEqual([])
    const again = await reexamine()
    expect(again.status).toBe(409)
    expect(((await again.json()) as { error: string }).error).toBe('Cet élément a déjà été traité.')
  })

  it('the number step dies between the receipt and closing the item: « Réexaminer » closes it on that receipt (issue 19 point 8)', async () => {
    await reviewedWithTheOldConfiguration()
    const after = await start(testAssociationConfig())
    // The close of the item fails once, as if the process were killed right after numbering.
    const doc = after.runtime.table.doc
    const send = doc.send.bind(doc) as (command: unknown) => Promise<unknown>
    let killed = false
    vi.spyOn(doc, 'send').mockImplementation((async (command: unknown) => {
      const closesItem =
        command instanceof TransactWriteCommand &&
        JSON.stringify(command.input).includes(`REVIEW#${REVIEW_ID}`)
      if (closesItem && !killed) {
        killed = true
        throw new Error('killed')
      }
      return send(command)
    }) as never)
    const reexamine = () =>
      after.runtime.app.request(`/staff/api/review/${REVIEW_ID}/reexamine`, {
        method: 'POST',
        headers: MANAGER,
      })
    expect((await reexamine()).status).toBe(200)
    await after.settle()
    expect(killed).toBe(true)
    const [receipt] = await after.receipts(2025)
    expect(receipt?.paymentId).toBe(paymentId)
    expect(await getReview(after.runtime.table, REVIEW_ID)).toMatchObject({ status: 'open' })

    // What staff do next: « Réexaminer » again. It settles the item on the receipt it has.
    expect((await reexamine()).status).toBe(200)
    await after.settle()
    expect(await getReview(after.runtime.table, REVIEW_ID)).toMatchObject({
      status: 'resolved',
      decision: { receiptNumber: receipt?.number },
    })
    expect(await after.receipts(2025)).toHaveLength(1)
    expect(await after.outbox()).toHaveLength(1)
  })

  it('« Réexaminer » with the configuration still wrong keeps the item and says why', async () => {
    await reviewedWithTheOldConfiguration()
    const still = await start(testConfigWithIndividualTierMatch())
    const staff = await signInStaff(still.runtime.app)
    const page = await (await staff.get('/staff/a-verifier')).text()
    expect(page).toContain('Réexaminer')
    expect(page).toContain('Cerfa n°\u00a011580*05 (particulier, art. 200 du CGI)')
    expect(page).toContain('Paiement HelloAsso\u00a0: 50,00\u00a0€.')
    const answer = await staff.post(`/staff/a-verifier/${REVIEW_ID}/reexaminer`, {})
    expect(answer.status).toBe(409)
    const html = await answer.text()
    expect(html).toContain('Toujours à vérifier avec la configuration actuelle')
    expect(html).toContain('ajouter l’id 16402811')
    await still.settle()
    expect(await still.receipts(2025)).toEqual([])
    expect(await still.reviews()).toHaveLength(1)
  })
})

describe('the « Compléter et émettre le reçu » form', () => {
  it('shows the amount and the model the receipt will carry before it is issued', async () => {
    const runtime = await start(testAssociationConfig())
    const noAddress = orderFromNotification(
      loadFixture('14_order_membership_payer_without_address'),
    )
    fake.putOrder(noAddress)
    await runtime.post(loadFixture('14_order_membership_payer_without_address'))
    await runtime.settle()
    expect((await runtime.reviews()).map((r) => r.reasons)).toEqual([['address-missing']])
    const staff = await signInStaff(runtime.runtime.app)
    const page = await (await staff.get('/staff/a-verifier')).text()
    const preview = /<div class="receipt-preview"[^>]*>(.*?)<\/div>/s.exec(page)?.[1] ?? ''
    const text = preview.replace(/<[^>]+>/g, '')
    expect(text).toContain(
      'Le reçu portera\u00a0: 50,00\u00a0€, le montant calculé par le barème, sauf si vous en indiquez un autre ci-dessous.',
    )
    expect(text).toContain('Modèle\u00a0: Cerfa n°\u00a011580*05 (particulier, art. 200 du CGI)')
    expect(page).toContain('vide pour le montant calculé (50,00\u00a0€)')
  })
})
