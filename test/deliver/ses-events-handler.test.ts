import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { beforeEach, describe, expect, it } from 'vitest'
import { parseAssociationConfig } from '../../shared/config/load-association-config.js'
import { deliverEmail } from '../../shared/deliver/deliver-email.js'
import { createSesEventsHandler } from '../../shared/deliver/ses-events-handler.js'
import { createJsonLogger } from '../../shared/log.js'
import type { Mailer } from '../../shared/mail/mailer.js'
import { resendReceipt } from '../../shared/staff/resend-receipt.js'
import { claimDelivery } from '../../shared/store/receipt-delivery-store.js'
import { cancelReceipt, getReceipt, issueReceipt } from '../../shared/store/receipt-store.js'
import { listOpenReviews } from '../../shared/store/review-store.js'
import { getReview } from '../../shared/store/review-updates.js'
import type { TableContext } from '../../shared/store/table-context.js'
import { aNewReceipt } from '../support/builders/a-new-receipt.js'
import { testAssociationConfig } from '../support/test-association-config.js'
import { createTestTable } from '../support/test-table.js'

/**
 * SES bounce and complaint events, as EventBridge puts them on the ses-events queue, recorded
 * against DynamoDB Local on a receipt that the deliver step really sent.
 */
const FIXTURES = new URL('../fixtures/ses/', import.meta.url)
const config = parseAssociationConfig(testAssociationConfig(), 'test')

let table: TableContext
let number: string
let logLines: string[]

function sesEvent(
  fixture: 'email-bounced' | 'email-complaint-received',
  overrides: { messageId: string; receipt?: string; kind?: string },
): string {
  const text = readFileSync(new URL(`${fixture}.json`, FIXTURES), 'utf8')
    .replaceAll('SES-MESSAGE-ID', overrides.messageId)
    .replaceAll('RECEIPT-NUMBER', overrides.receipt ?? number)
  const event = JSON.parse(text)
  if (overrides.kind) event.detail.mail.tags.kind = [overrides.kind]
  return JSON.stringify(event)
}

const sqsEvent = (...bodies: string[]) => ({
  Records: bodies.map((body) => ({ messageId: randomUUID(), body })),
})

function handler() {
  return createSesEventsHandler({
    table,
    now: () => new Date('2026-03-02T09:16:00Z'),
    log: createJsonLogger((line) => logLines.push(line)),
  })
}

/** Sends the receipt email through deliverEmail with a mailer that answers `sesMessageId`. */
async function sendReceipt(sesMessageId: string): Promise<void> {
  const mailer: Mailer = { send: async () => ({ messageId: sesMessageId }) }
  const sent = await deliverEmail(
    { config, table, mailer, now: () => new Date(), log: createJsonLogger(() => {}) },
    number,
    'receipt',
  )
  expect(sent).toBe('sent')
}

beforeEach(async () => {
  const { doc, tableName } = await createTestTable()
  table = { doc, tableName, orgId: 'org' }
  const issued = await issueReceipt(table, aNewReceipt(1))
  if (issued.outcome !== 'issued') throw new Error('setup')
  number = issued.receipt.number
  logLines = []
})

describe('SES events handler', () => {
  it('marks a bounced receipt email failed, with the reason, and opens one review item', async () => {
    await sendReceipt('ses-1')

    const event = sqsEvent(sesEvent('email-bounced', { messageId: 'ses-1' }))
    expect(await handler()(event)).toEqual({ batchItemFailures: [] })
    // SQS delivers at least once: the replay changes nothing.
    expect(await handler()(event)).toEqual({ batchItemFailures: [] })

    const receipt = await getReceipt(table, number)
    expect(receipt?.delivery).toMatchObject({
      status: 'failed',
      messageId: 'ses-1',
      lastError: 'bounce Permanent/General (5.1.1)',
    })
    expect(receipt?.history.at(-1)).toMatchObject({
      event: 'receipt-email-undelivered',
      detail: 'bounce Permanent/General (5.1.1)',
    })
    const reviews = await listOpenReviews(table)
    expect(reviews).toHaveLength(1)
    expect(reviews[0]).toMatchObject({
      reasons: ['delivery-failed'],
      refs: { receiptNumber: number, orderId: expect.any(Number) },
    })
    expect(reviews[0]?.message).toContain(`n° ${number} n’a pas été remis`)
    // Invariant 9: the bounced address is in the event, never in a log line.
    expect(logLines.join('\n')).not.toContain('payeur@example.org')
  })

  it('a staff resend settles the bounced message’s item; a resend that bounces too opens its own', async () => {
    await sendReceipt('ses-1')
    await handler()(sqsEvent(sesEvent('email-bounced', { messageId: 'ses-1' })))
    const [bounced] = await listOpenReviews(table)
    const staff = {
      config,
      table,
      queue: { send: async () => {} },
      now: () => new Date('2026-03-03T10:00:00Z'),
      log: createJsonLogger(() => {}),
    }
    const actor = { id: 'u-1', name: 'Camille Exemple', role: 'staff' }

    await resendReceipt(staff, actor, number, {
      reason: 'corrected-address',
      email: 'bon@example.org',
    })

    expect(await listOpenReviews(table)).toEqual([])
    expect(await getReview(table, bounced?.id ?? '')).toMatchObject({
      status: 'resolved',
      decision: { by: 'Camille Exemple', note: 'renvoyé depuis la page du reçu' },
    })
    await sendReceipt('ses-2')
    await handler()(sqsEvent(sesEvent('email-bounced', { messageId: 'ses-2' })))
    const reopened = await listOpenReviews(table)
    expect(reopened.map((review) => review.id)).toEqual([
      `${bounced?.id.replace('ses-1', 'ses-2')}`,
    ])
  })

  it('ignores a bounce of an older send: the resend that followed stays sent', async () => {
    await sendReceipt('ses-new')
    await handler()(sqsEvent(sesEvent('email-bounced', { messageId: 'ses-old' })))
    expect((await getReceipt(table, number))?.delivery).toMatchObject({
      status: 'sent',
      messageId: 'ses-new',
    })
    expect(await listOpenReviews(table)).toEqual([])
  })

  it('notes a complaint in the history without touching the delivery status', async () => {
    await sendReceipt('ses-2')
    await handler()(sqsEvent(sesEvent('email-complaint-received', { messageId: 'ses-2' })))
    const receipt = await getReceipt(table, number)
    expect(receipt?.delivery.status).toBe('sent')
    expect(receipt?.history.at(-1)).toMatchObject({
      event: 'receipt-email-complaint',
      detail: 'complaint (abuse)',
    })
    expect(await listOpenReviews(table)).toEqual([])
  })

  it('asks SQS to retry a bounce that arrives before the send is recorded', async () => {
    // The deliver step holds the lease: SES answered, `sent` is not written yet.
    expect(await claimDelivery(table, number, 'receipt', new Date(), 60_000)).toBeDefined()
    const event = sqsEvent(sesEvent('email-bounced', { messageId: 'ses-early' }))
    const result = await handler()(event)
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: event.Records[0]?.messageId }])
  })

  it('a bounced cancellation notice asks staff to tell the payer another way: a notice cannot be resent', async () => {
    const receipt = await getReceipt(table, number)
    if (!receipt) throw new Error('setup')
    await cancelReceipt(table, receipt, { at: new Date().toISOString(), reason: 'refund' })
    const mailer: Mailer = { send: async () => ({ messageId: 'ses-notice' }) }
    const deps = { config, table, mailer, now: () => new Date(), log: createJsonLogger(() => {}) }
    expect(await deliverEmail(deps, number, 'cancellation')).toBe('sent')

    const bounce = sesEvent('email-bounced', { messageId: 'ses-notice', kind: 'cancellation' })
    expect(await handler()(sqsEvent(bounce))).toEqual({ batchItemFailures: [] })

    expect((await getReceipt(table, number))?.cancellationDelivery?.status).toBe('failed')
    const [item, ...others] = await listOpenReviews(table)
    expect(others).toEqual([])
    expect(item?.message).toContain(`L’avis d’annulation du reçu n° ${number} n’a pas été remis`)
    expect(item?.message).toContain('prévenez le payeur autrement')
    expect(item?.message).not.toMatch(/renvoyez/)
    // Nothing about the payment to issue or analyse again: the page offers « Classer ».
    expect(item?.refs.paymentId).toBeUndefined()
  })

  it('a bounce of the receipt email that comes after the receipt was cancelled leaves no item to act on', async () => {
    await sendReceipt('ses-late')
    const receipt = await getReceipt(table, number)
    if (!receipt) throw new Error('setup')
    await cancelReceipt(table, receipt, { at: new Date().toISOString(), reason: 'refund' })

    await handler()(sqsEvent(sesEvent('email-bounced', { messageId: 'ses-late' })))

    // Recorded as it happened, but nothing is left to resend: no open item.
    expect((await getReceipt(table, number))?.delivery.status).toBe('failed')
    expect(await listOpenReviews(table)).toEqual([])
  })

  it('drops events it cannot use: untagged mail, unknown receipt, unreadable body', async () => {
    await sendReceipt('ses-3')
    const untagged = JSON.parse(sesEvent('email-bounced', { messageId: 'ses-3' }))
    untagged.detail.mail.tags = { 'ses:configuration-set': ['x'] }
    const result = await handler()(
      sqsEvent(
        JSON.stringify(untagged),
        sesEvent('email-bounced', { messageId: 'ses-3', receipt: '2026-99999' }),
        sesEvent('email-bounced', { messageId: 'ses-3', kind: 'newsletter' }),
        'not json',
      ),
    )
    expect(result).toEqual({ batchItemFailures: [] })
    expect((await getReceipt(table, number))?.delivery.status).toBe('sent')
    expect(logLines.filter((line) => line.includes('ses-event.unreadable'))).toHaveLength(1)
  })
})
