import { readFileSync } from 'node:fs'
import { beforeEach, describe, expect, it } from 'vitest'
import { createFakeHelloAsso } from '../../functions/demo/fake-helloasso.js'
import { createIngestApp } from '../../functions/ingest/app.js'
import type { AwsBase } from '../../shared/aws/aws-composition.js'
import { withReceiptSigning } from '../../shared/aws/receipt-signing.js'
import { loadEnv } from '../../shared/config/env.js'
import { DELIVERY_LEASE_MS } from '../../shared/deliver/deliver-email.js'
import { createSesEventsHandler } from '../../shared/deliver/ses-events-handler.js'
import { UNKNOWN_ERROR_MAX_ATTEMPTS } from '../../shared/errors.js'
import { ingestSettingsFromEnv } from '../../shared/ingest/ingest-settings.js'
import { createJsonLogger } from '../../shared/log.js'
import type { Mailer } from '../../shared/mail/mailer.js'
import { deadLetterId } from '../../shared/queue/dead-letter-id.js'
import type { QueueMessage, QueueMessageType } from '../../shared/queue/queue-message.js'
import type { SqsEvent } from '../../shared/queue/sqs-batch-handler.js'
import { resendReceipt } from '../../shared/staff/resend-receipt.js'
import { getDeadLetter } from '../../shared/store/dead-letter-store.js'
import { listPendingEntries } from '../../shared/store/pending-work.js'
import { claimDelivery } from '../../shared/store/receipt-delivery-store.js'
import { getReceipt } from '../../shared/store/receipt-store.js'
import { listOpenReviews } from '../../shared/store/review-store.js'
import { loadFixture } from '../support/fixtures.js'
import { setupMswServer } from '../support/msw-server.js'
import { TEST_API_URL, TEST_TOKEN_URL } from '../support/test-runtime.js'
import {
  createLambdaBase,
  createSesStandIn,
  createSqsStandIn,
  deliverLambda,
  numberLambda,
  processLambda,
  type SesSend,
  seedFlow,
  sqsEventOf,
} from './support/lambda-flow.js'
import { notGranted, type RoleOwner, recordingTable } from './support/recorded-actions.js'

/**
 * Each Lambda's role must allow every DynamoDB action its code sends on the paths off the happy
 * one too (step-grants.test.ts covers that one): SES's word on the emails sent, the takeover and
 * the resend it leads to, the queue consumers' retries, dead letters and unreadable messages,
 * the bodies ingest refuses or keeps for review. These run seldom, so a call a role lacks would
 * fail on AWS only (AccessDenied; DynamoDB Local checks no IAM), and only on the day a payer's
 * address bounces or HelloAsso answers garbage, when the failure's own record is what is lost.
 * Real work is seeded through the flow first, unrecorded; then each path runs as its Lambda
 * runs it, on a table recording what it sends, and the record is held against the role.
 */
const helloAsso = createFakeHelloAsso({ apiUrl: TEST_API_URL, tokenUrl: TEST_TOKEN_URL })
const sqs = createSqsStandIn()
const ses = createSesStandIn()
setupMswServer(...helloAsso.handlers, sqs.handler, ses.handler)

// Orders that end in a receipt emailed, and a refund of the first.
const ORDER = '01_order_membership_individual_50eur_with_tip'
const SECOND_ORDER = '02_order_membership_reduced_25eur'
const DONATION = '16_order_donation_form'
const REFUND_OF_ORDER = '07_payment_refunded'
/** The receive count at which a message failing in an unknown way is dead-lettered. */
const LAST_ATTEMPT = UNKNOWN_ERROR_MAX_ATTEMPTS
const DONE = { batchItemFailures: [] }

let base: AwsBase
let recorded: Map<RoleOwner, Set<string>>

beforeEach(async () => {
  sqs.queued.length = 0
  sqs.hidden.length = 0
  sqs.answerSends(200)
  ses.failWith(undefined)
  base = await createLambdaBase(helloAsso)
  recorded = new Map()
})

/** `base` as `owner`'s Lambda has it: its table records what it sends. */
function as(owner: RoleOwner, from: AwsBase = base): AwsBase {
  const sent = recorded.get(owner) ?? new Set<string>()
  recorded.set(owner, sent)
  return { ...from, table: recordingTable(from.table, sent) }
}

function expectGranted(owner: RoleOwner): void {
  expect(recorded.get(owner)?.size, `${owner} recorded nothing`).toBeGreaterThan(0)
  expect(notGranted(owner, recorded.get(owner) ?? []), owner).toEqual([])
}

/** Work of `type` seeded through the flow, one message per fixture, left for a Lambda to run. */
async function seedWork<T extends QueueMessageType, F extends string[]>(
  type: T,
  fixtures: [...F],
): Promise<{ [K in keyof F]: Extract<QueueMessage, { type: T }> }> {
  const held = await seedFlow(base, sqs, fixtures, type)
  expect(held.map((message) => message.type)).toEqual(fixtures.map(() => type))
  return held as { [K in keyof F]: Extract<QueueMessage, { type: T }> }
}

const givenBack = (event: SqsEvent) => ({
  batchItemFailures: event.Records.map((record) => ({ itemIdentifier: record.messageId })),
})

async function expectDeadLetter(message: QueueMessage): Promise<void> {
  expect(await getDeadLetter(base.table, deadLetterId(message))).toMatchObject({ message })
}

/** A body that is no message of ours, kept raw as a dead letter by `consume`. */
async function expectUnreadableKept(
  queue: QueueMessageType,
  consume: (event: SqsEvent) => Promise<unknown>,
): Promise<void> {
  const event = sqsEventOf(queue, '{"type":"nonsense"')
  expect(await consume(event)).toEqual(DONE)
  const id = `unreadable-${event.Records[0]?.messageId}`
  expect(await getDeadLetter(base.table, id)).toMatchObject({ rawBody: '{"type":"nonsense"' })
}

/** Whether the queue's retry noted the work as tried (notePendingAttempt). */
async function notedAsTried(): Promise<boolean> {
  const entries = await listPendingEntries(base.table)
  return entries.some((entry) => entry.lastActiveAt !== entry.since)
}

describe('the queue consumers’ failure paths run on what their roles allow', () => {
  it('process: HelloAsso down (retried), HelloAsso answering garbage (dead letter), an unreadable message', async () => {
    const [message] = await seedWork('process', [ORDER])
    const consume = processLambda(as('Process'))

    helloAsso.failNext(1, 'status500')
    const retried = sqsEventOf('process', message)
    expect(await consume(retried)).toEqual(givenBack(retried))
    expect(sqs.hidden).toEqual([retried.Records[0]?.receiptHandle])
    expect(await notedAsTried()).toBe(true)

    helloAsso.failNext(1, 'invalidBody')
    expect(await consume(sqsEventOf('process', message, LAST_ATTEMPT))).toEqual(DONE)
    await expectDeadLetter(message)

    await expectUnreadableKept('process', consume)
    expectGranted('Process')
  })

  it('number: SQS refusing the delivery message (retried), the signing failing (dead letter), an unreadable message', async () => {
    const [retried, failing] = await seedWork('number', [SECOND_ORDER, DONATION])
    // A cold start of the number function publishes the verification key.
    const lambda = await withReceiptSigning(as('Number'))
    const consume = numberLambda(lambda)

    sqs.answerSends(500)
    const retry = sqsEventOf('number', retried)
    expect(await consume(retry)).toEqual(givenBack(retry))
    expect(sqs.hidden).toEqual([retry.Records[0]?.receiptHandle])
    sqs.answerSends(200)

    const unusableKey = () => {
      throw new Error('the signing key cannot sign')
    }
    const unsigned = numberLambda({
      ...lambda,
      table: { ...lambda.table, sealReceipt: unusableKey },
    })
    expect(await unsigned(sqsEventOf('number', failing, LAST_ATTEMPT))).toEqual(DONE)
    await expectDeadLetter(failing)

    await expectUnreadableKept('number', consume)
    expectGranted('Number')
  })

  it('deliver: SES down (retried), SES refusing the message, the mailer failing unexpectedly (dead letter), an unreadable message', async () => {
    const [down, refused, broken] = await seedWork('deliver', [ORDER, SECOND_ORDER, DONATION])
    const lambda = as('Deliver')
    const consume = deliverLambda(lambda)

    ses.failWith({ status: 500, type: 'InternalFailure' })
    const retry = sqsEventOf('deliver', down)
    expect(await consume(retry)).toEqual(givenBack(retry))
    expect(await notedAsTried()).toBe(true)

    ses.failWith({ status: 400, type: 'MessageRejected' })
    expect(await consume(sqsEventOf('deliver', refused))).toEqual(DONE)
    expect(await listOpenReviews(base.table)).toHaveLength(1)
    ses.failWith(undefined)

    const failingMailer: Mailer = {
      send: () => Promise.reject(new TypeError('unexpected mailer failure')),
    }
    const failing = deliverLambda(lambda, failingMailer)
    expect(await failing(sqsEventOf('deliver', broken, LAST_ATTEMPT))).toEqual(DONE)
    await expectDeadLetter(broken)

    await expectUnreadableKept('deliver', consume)
    expectGranted('Deliver')
  })
})

const SES_FIXTURES = new URL('../fixtures/ses/', import.meta.url)

/** The SES event `fixture` about one email SES took, as the ses-events queue carries it. */
function sesEvent(
  fixture: 'email-sent' | 'email-bounced' | 'email-complaint-received',
  send: SesSend,
): string {
  const event = JSON.parse(readFileSync(new URL(`${fixture}.json`, SES_FIXTURES), 'utf8'))
  event.detail.mail.messageId = send.messageId
  event.detail.mail.tags = Object.fromEntries(
    Object.entries(send.tags).map(([name, value]) => [name, [value]]),
  )
  return JSON.stringify(event)
}

/** SES rejecting a message (a virus): the bounce fixture, made an "Email Rejected" event. */
function rejectEvent(send: SesSend): string {
  const event = JSON.parse(sesEvent('email-bounced', send))
  event['detail-type'] = 'Email Rejected'
  event.detail.eventType = 'Reject'
  delete event.detail.bounce
  event.detail.reject = { reason: 'Bad content' }
  return JSON.stringify(event)
}

const sqsBatch = (...bodies: string[]): SqsEvent => ({
  Records: bodies.map((body, index) => ({ messageId: `ses-event-${index}`, body })),
})

describe('the SES events and what they lead to run on what the roles allow', () => {
  it('ses-events: a send, a complaint, bounces, a rejection; then the takeover and the resend', async () => {
    // R1's email and cancellation notice, R2's email sent; R3 numbered, its email not sent.
    await seedFlow(base, sqs, [ORDER, REFUND_OF_ORDER, DONATION])
    const [r3Email] = await seedWork('deliver', [SECOND_ORDER])
    expect(ses.sent.map((send) => send.tags.kind)).toEqual(['receipt', 'cancellation', 'receipt'])
    const [r1Email, r1Notice, r2Email] = ses.sent as [SesSend, SesSend, SesSend]
    // A deliver worker claimed R3's email, SES took it, the worker died before recording it.
    const killedAt = new Date()
    const claim = await claimDelivery(
      base.table,
      r3Email.receiptNumber,
      'receipt',
      killedAt,
      DELIVERY_LEASE_MS,
    )
    const r3Taken: SesSend = {
      messageId: 'ses-taken',
      tags: { receipt: r3Email.receiptNumber, kind: 'receipt', send: claim?.sendId ?? '' },
    }

    const lines: string[] = []
    const sesEvents = createSesEventsHandler({
      ...as('SesEvents'),
      log: createJsonLogger((line) => lines.push(line)),
    })
    const events = sqsBatch(
      sesEvent('email-sent', r2Email),
      sesEvent('email-complaint-received', r2Email),
      sesEvent('email-bounced', r2Email),
      sesEvent('email-bounced', r2Email),
      sesEvent('email-bounced', r1Email),
      rejectEvent(r1Notice),
      sesEvent('email-sent', r3Taken),
      'not json',
    )
    expect(await sesEvents(events)).toEqual(DONE)
    const outcomes = lines
      .map((line) => JSON.parse(line) as { event: string; outcome?: string })
      .filter((line) => line.event === 'ses-event.recorded')
      .map((line) => line.outcome)
    expect(new Set(outcomes)).toEqual(
      new Set(['stale', 'complaint-noted', 'marked-undelivered', 'send-recorded']),
    )

    // The takeover of R3's email finds SES's word: recorded, not sent again.
    const afterLease = new Date(killedAt.getTime() + DELIVERY_LEASE_MS + 1)
    const deliver = deliverLambda(as('Deliver', { ...base, now: () => afterLease }))
    expect(await deliver(sqsEventOf('deliver', r3Email))).toEqual(DONE)
    expect((await getReceipt(base.table, r3Email.receiptNumber))?.delivery).toMatchObject({
      status: 'sent',
      messageId: 'ses-taken',
    })

    // Staff resend R2's bounced email from the receipt's page; it goes.
    const r2 = r2Email.tags.receipt ?? ''
    const staff = { ...as('StaffApp'), config: base.association.config }
    const actor = { id: 'staff-1', name: 'Staff', role: 'manager' }
    await resendReceipt(staff, actor, r2, { reason: 'not-received' })
    const [resend] = sqs.queued.splice(0) as [QueueMessage]
    expect(await deliverLambda(as('Deliver'))(sqsEventOf('deliver', resend))).toEqual(DONE)
    expect((await getReceipt(base.table, r2))?.delivery).toMatchObject({
      status: 'sent',
      resend: true,
      messageId: ses.sent.at(-1)?.messageId,
    })

    expectGranted('SesEvents')
    expectGranted('Deliver')
    expectGranted('StaffApp')
  })
})

describe('the bodies ingest refuses or keeps for review run on what its role allows', () => {
  it('ingest: an oversized body, a malformed one, one for another organisation', async () => {
    const env = loadEnv({ WEBHOOK_SECRET: 'grants-secret', MAX_BODY_BYTES: '4096' })
    const ingest = createIngestApp({
      ...as('Ingest'),
      config: base.association.config,
      settings: ingestSettingsFromEnv(env, { requireSecret: true }),
      remoteAddress: () => '203.0.113.7',
    })
    const post = (body: string) =>
      ingest.request('/webhooks/helloasso/grants-secret', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      })
    const foreign = loadFixture(ORDER) as { data: { organizationSlug: string } }
    foreign.data.organizationSlug = 'another-association'

    expect((await post('x'.repeat(5000))).status).toBe(413)
    expect((await post('{"eventType": "Order", "data":')).status).toBe(200)
    expect((await post(JSON.stringify(foreign))).status).toBe(200)
    const reasons = (await listOpenReviews(base.table)).flatMap((item) => item.reasons)
    expect(reasons.sort()).toEqual([
      'foreign-organisation',
      'malformed-notification',
      'oversized-notification',
    ])
    expectGranted('Ingest')
  })
})
