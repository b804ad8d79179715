import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { createStaffApp } from '../../functions/staff/app.js'
import { createStaffAuth } from '../../functions/staff/auth/staff-auth-middleware.js'
import { createStaffPages } from '../../functions/staff/pages/staff-pages.js'
import type { ReceiptRecord } from '../../shared/domain/records.js'
import { silentLogger } from '../../shared/log.js'
import type { QueueMessage } from '../../shared/queue/queue-message.js'
import { recordDelivery } from '../../shared/store/receipt-delivery-store.js'
import { enableReceiptSigning } from '../../shared/verification/enable-receipt-signing.js'
import { generateSigningKeyPem } from '../../shared/verification/signing-key.js'
import { loadFixture, orderFromNotification } from '../support/fixtures.js'
import { useFlowHarness } from '../support/flow-harness.js'
import { receiptsFromFixtures } from '../support/staff-receipts.js'
import { STAFF_MANAGER_TOKEN, type StaffSession, signInStaff } from '../support/staff-session.js'
import { testConfigWithIndividualTierMatch } from '../support/test-association-config.js'
import { notGranted, recordingTable } from './support/recorded-actions.js'

/**
 * The staff Lambda's role must allow every DynamoDB action its routes send: a call its role
 * lacks fails on AWS only (AccessDenied), while every local test passes. The data is made by the
 * real flow on a plain table; then the staff app, built as its Lambda builds it, reads and acts
 * on it through a table whose client records what it sends, and the record is held against the
 * synthesized role. Process and deliver run on the plain table: their Lambdas are tested apart.
 */
const UNKNOWN_TIER_ORDER = '01_order_membership_individual_50eur_with_tip'
const ADDRESS_MISSING_ORDER = '14_order_membership_payer_without_address'
const FREE_PRICE_ORDER = '13_order_membership_pwyw_amount_matches_no_tier'
const NOE = 'noe.guillot@example.org'
const DONOR = 'vincent.caron@example.org'
const MANAGER = { authorization: `Bearer ${STAFF_MANAGER_TOKEN}` }

const { fake, t } = useFlowHarness({ config: testConfigWithIndividualTierMatch() })

interface Seeded {
  noe: ReceiptRecord
  donation: ReceiptRecord
  /** Review item ids by the fixture whose payment they are about. */
  review: Record<string, string>
}

/** Two receipts, one failed delivery, three review items: what every staff route reads. */
async function seedThroughTheFlow(): Promise<Seeded> {
  await receiptsFromFixtures(fake, t, [
    { fixture: '02_order_membership_reduced_25eur' },
    { fixture: '16_order_donation_form' },
    { fixture: UNKNOWN_TIER_ORDER },
    { fixture: ADDRESS_MISSING_ORDER },
    { fixture: FREE_PRICE_ORDER },
  ])
  const receipts = await t.receipts(2025)
  const byEmail = (email: string) => {
    const receipt = receipts.find((r) => r.payerEmail === email)
    if (!receipt) throw new Error(`no receipt for ${email}`)
    return receipt
  }
  const donation = byEmail(DONOR)
  await recordDelivery(
    t.runtime.table,
    donation.number,
    'receipt',
    { status: 'failed', attempts: 1, lastError: 'mail.rejected: address unknown' },
    { at: new Date().toISOString(), event: 'receipt-email-failed' },
  )
  const review: Record<string, string> = {}
  for (const fixture of [UNKNOWN_TIER_ORDER, ADDRESS_MISSING_ORDER, FREE_PRICE_ORDER])
    review[fixture] = await reviewIdOf(fixture)
  return { noe: byEmail(NOE), donation, review }
}

async function reviewIdOf(fixture: string): Promise<string> {
  const orderId = orderFromNotification(loadFixture(fixture)).id
  const item = (await t.reviews()).find((r) => r.refs.orderId === orderId)
  if (!item) throw new Error(`no review item for ${fixture}`)
  return item.id
}

/**
 * The staff app as functions/staff/lambda.ts builds it, on a recording table: its cold start
 * publishes the verification key, then the API and the pages share the deps. Its queue is the
 * runtime's, whose process and deliver steps use the plain table; `queued` keeps the kinds sent.
 */
async function staffLambdaApp(sent: Set<string>, queued: Set<string>): Promise<Hono> {
  const table = await enableReceiptSigning(recordingTable(t.runtime.table, sent), {
    signingKey: generateSigningKeyPem(),
    publicBaseUrl: 'https://recus.example.org',
    now: () => new Date(),
  })
  const deps = {
    config: t.runtime.jobs.process.config,
    table,
    queue: {
      send: (message: QueueMessage) => {
        queued.add(message.type)
        return t.runtime.queue.send(message)
      },
    },
    now: () => new Date(),
    log: silentLogger,
  }
  const auth = createStaffAuth({
    orgId: table.orgId,
    sessionKey: 'staff-grants-session-key-0123456789abcdef',
    local: { managerToken: STAFF_MANAGER_TOKEN },
    secureCookies: false,
  })
  // Mounted at the root, as the local runtime mounts it: the same routes, a plain Hono type.
  return new Hono().route('/', createStaffApp({ deps, auth, pages: createStaffPages }))
}

/** The body of an answer that must be a success; the status names the route that failed. */
async function ok(answer: Response | Promise<Response>, route: string): Promise<string> {
  const response = await answer
  const body = await response.text()
  expect(response.status, `${route}: ${body.slice(0, 300)}`).toBeLessThan(400)
  return body
}

function apiPost(app: Hono, path: string, body: unknown): Response | Promise<Response> {
  return app.request(`/staff/api${path}`, {
    method: 'POST',
    headers: { ...MANAGER, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
}

/** Every page and API read: lists, each kind of search, detail, PDFs, members, exports. */
async function readEverything(app: Hono, staff: StaffSession, { noe }: Seeded): Promise<void> {
  const pages = [
    '/staff?annee=2025',
    '/staff/recus?annee=2025',
    '/staff/recus?envoi=echec&annee=2025',
    `/staff/recus?q=${noe.number}`,
    `/staff/recus?q=${encodeURIComponent(noe.payerEmail)}`,
    `/staff/recus?q=${noe.orderId}`,
    '/staff/recus?q=guillot',
    `/staff/recus/${noe.number}`,
    '/staff/a-verifier',
    '/staff/membres',
    '/staff/membres?q=guillot',
    '/staff/membres/export.csv',
  ]
  for (const path of pages) await ok(staff.get(path), path)
  const api = (path: string) => ok(app.request(`/staff/api${path}`, { headers: MANAGER }), path)
  const firstPage = JSON.parse(await api('/receipts?year=2025&limit=1')) as { cursor?: string }
  expect(firstPage.cursor).toBeDefined()
  for (const path of [
    `/receipts?year=2025&limit=1&cursor=${encodeURIComponent(firstPage.cursor as string)}`,
    `/receipts?q=${noe.paymentId}&status=issued`,
    `/receipts/${noe.number}`,
    `/receipts/${noe.number}/pdf`,
    `/receipts/${noe.number}/pdf?kind=duplicata`,
    `/receipts/${noe.number}/pdf?kind=emailed`,
    '/review',
    '/members?q=guillot',
    '/export.csv?year=2025',
  ])
    await api(path)
}

/** Resend (each reason), cancel with and without the email, and a correction that renumbers. */
async function actOnReceipts(app: Hono, { noe, donation }: Seeded): Promise<void> {
  const on = (number: string, action: string, body: unknown) =>
    ok(apiPost(app, `/receipts/${number}/${action}`, body), action)
  await on(noe.number, 'resend', { reason: 'not-received' })
  await t.settle()
  await on(noe.number, 'resend', { reason: 'donor-request' })
  await t.settle()
  await on(noe.number, 'resend', { reason: 'corrected-address', email: 'noe.g@example.org' })
  await t.settle()
  const corrected = JSON.parse(
    await on(noe.number, 'correct', {
      donor: {
        kind: 'individual',
        lastName: 'Guillot',
        firstNames: 'Noé',
        address: { street: '5 rue des Écoles', postalCode: '26400', city: 'Crest' },
      },
      reason: 'déménagement signalé par le membre',
    }),
  ) as ReceiptRecord
  await t.settle()
  await on(corrected.number, 'cancel', { reason: 'adhésion remboursée à part', notify: false })
  await on(donation.number, 'cancel', { reason: 'doublon de saisie' })
  await t.settle()
  await ok(app.request(`/staff/api/receipts/${noe.number}/pdf`, { headers: MANAGER }), 'stamped')
}

/**
 * Each review decision: dismiss, re-examine (still open), map the unknown tier (which requeues
 * one item and rewords another), then issue the reworded item's receipt with its address.
 */
async function decideReviews(app: Hono, { review }: Seeded): Promise<void> {
  const on = (fixture: string, decision: string, body: unknown = {}) =>
    ok(apiPost(app, `/review/${review[fixture]}/${decision}`, body), decision)
  await on(FREE_PRICE_ORDER, 'dismiss', { reason: 'prix libre réglé avec le membre' })
  const reexamined = JSON.parse(await on(ADDRESS_MISSING_ORDER, 'reexamine'))
  expect(reexamined).toMatchObject({ kind: 'still-open' })
  const mapped = JSON.parse(await on(UNKNOWN_TIER_ORDER, 'map-tier', { tierKey: 'individuelle' }))
  expect(mapped).toMatchObject({
    requeued: [review[UNKNOWN_TIER_ORDER]],
    stillOpen: [{ id: review[ADDRESS_MISSING_ORDER] }],
  })
  await t.settle()
  const issued = JSON.parse(
    await on(ADDRESS_MISSING_ORDER, 'issue', {
      donor: {
        kind: 'individual',
        lastName: 'Haddad',
        firstNames: 'Karim',
        address: { street: '12 avenue Exemple', postalCode: '26000', city: 'Valence' },
      },
      note: 'adresse donnée par téléphone',
    }),
  ) as { receiptNumber: string }
  expect(issued.receiptNumber).toMatch(/^2025-\d{5}$/)
  await t.settle()
}

describe('the StaffApp role allows the DynamoDB actions the staff app sends', () => {
  it('pages and JSON API: reads, searches, PDFs, exports, receipt actions, review decisions', async () => {
    const seeded = await seedThroughTheFlow()
    const sent = new Set<string>()
    const queued = new Set<string>()
    const app = await staffLambdaApp(sent, queued)
    const staff = await signInStaff(app)
    await readEverything(app, staff, seeded)
    await actOnReceipts(app, seeded)
    await decideReviews(app, seeded)

    // The run reached the writes: numbered transactions (corrections, issue) and index queries.
    expect(sent).toContain('dynamodb:ConditionCheckItem')
    expect(sent).toContain('dynamodb:Query@index')
    expect(notGranted('StaffApp', sent)).toEqual([])
    // The two queues its role may send to (pinned in service-stack.test.ts), and no other.
    expect([...queued].sort()).toEqual(['deliver', 'process'])
  })
})
