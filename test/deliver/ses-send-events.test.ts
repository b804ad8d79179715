import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { SESv2Client } from '@aws-sdk/client-sesv2'
import { HttpResponse, http } from 'msw'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { parseAssociationConfig } from '../../shared/config/load-association-config.js'
import type { DeliverDeps } from '../../shared/deliver/deliver-deps.js'
import { DELIVERY_LEASE_MS, deliverEmail } from '../../shared/deliver/deliver-email.js'
import { createSesEventsHandler } from '../../shared/deliver/ses-events-handler.js'
import { withSesSendLookup } from '../../shared/deliver/ses-send-lookup.js'
import { silentLogger } from '../../shared/log.js'
import type { Mailer } from '../../shared/mail/mailer.js'
import { createSesMailer } from '../../shared/mail/ses-mailer.js'
import { findSesSend } from '../../shared/store/receipt-delivery-store.js'
import { getReceipt, issueReceipt } from '../../shared/store/receipt-store.js'
import type { TableContext } from '../../shared/store/table-context.js'
import { aNewReceipt } from '../support/builders/a-new-receipt.js'
import { setupMswServer } from '../support/msw-server.js'
import { testAssociationConfig } from '../support/test-association-config.js'
import { createTestTable } from '../support/test-table.js'

/**
 * One email per sending on SES (issue 19, point 6): every message is tagged with its sending,
 * SES's send events come back through ses-events, and a retry of a sending cut short asks for
 * that event (waiting a little) before it sends. SES is msw; the table is DynamoDB Local.
 */
const SEND_URL = 'https://email.eu-west-3.amazonaws.com/v2/email/outbound-emails'
const server = setupMswServer()
const config = parseAssociationConfig(testAssociationConfig(), 'test')

let table: TableContext
let number: string
/** Every SendEmail SES received: its tags and the MessageId it answered. */
let requests: { tags: Record<string, string>; messageId: string }[]

beforeEach(async () => {
  const { doc, tableName } = await createTestTable()
  table = { doc, tableName, orgId: 'org' }
  const issued = await issueReceipt(table, aNewReceipt(1))
  if (issued.outcome !== 'issued') throw new Error('setup')
  number = issued.receipt.number
  requests = []
  server.use(
    http.post(SEND_URL, async ({ request }) => {
      const body = (await request.json()) as { EmailTags?: { Name: string; Value: string }[] }
      const messageId = `ses-${requests.length + 1}`
      requests.push({
        tags: Object.fromEntries((body.EmailTags ?? []).map((tag) => [tag.Name, tag.Value])),
        messageId,
      })
      return HttpResponse.json({ MessageId: messageId })
    }),
  )
})

function sesClient(): SESv2Client {
  return new SESv2Client({
    region: 'eu-west-3',
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' },
    maxAttempts: 1,
  })
}

/** The deliver function's mailer, composed as on AWS; `sleep` stands for the wait between looks. */
function awsMailer(sleep: (ms: number) => Promise<void> = async () => {}): Mailer {
  return withSesSendLookup(createSesMailer(sesClient(), { configurationSetName: 'recus' }), table, {
    waitMs: 15_000,
    pollMs: 1_000,
    sleep,
  })
}

const deps = (mailer: Mailer, now: Date = new Date()): DeliverDeps => ({
  config,
  table,
  mailer,
  now: () => now,
  log: silentLogger,
})

/** SES takes the message; the worker dies before recording it (its send never returns). */
function takenThenDies(): Mailer {
  const ses = awsMailer()
  return {
    send: async (email) => {
      await ses.send(email)
      return new Promise(() => {})
    },
  }
}

/** The "Email Sent" event SES publishes for request `index`, as the ses-events queue holds it. */
function sendEvent(index = 0): { Records: { messageId: string; body: string }[] } {
  const request = requests[index]
  if (!request) throw new Error(`SES received no request ${index}`)
  const body = readFileSync(new URL('../fixtures/ses/email-sent.json', import.meta.url), 'utf8')
    .replaceAll('SES-MESSAGE-ID', request.messageId)
    .replaceAll('RECEIPT-NUMBER', request.tags.receipt ?? '')
    .replaceAll('SEND-ID', request.tags.send ?? '')
  return { Records: [{ messageId: randomUUID(), body }] }
}

const sesEvents = () => createSesEventsHandler({ table, now: () => new Date(), log: silentLogger })

const afterLease = (from: Date) => new Date(from.getTime() + DELIVERY_LEASE_MS + 1)

describe('one email per sending through SES', () => {
  it('a worker killed after SES took the message: the takeover finds the send event and records « sent », sending nothing', async () => {
    const killedAt = new Date()
    void deliverEmail(deps(takenThenDies(), killedAt), number, 'receipt').catch(() => {})
    await vi.waitFor(() => expect(requests).toHaveLength(1), { timeout: 30_000 })
    expect(requests[0]?.tags).toMatchObject({ receipt: number, kind: 'receipt' })
    expect(requests[0]?.tags.send).toMatch(/^\d{8}T\d{9}Z-\d{6}-[0-9a-f]{8}$/)
    expect(await sesEvents()(sendEvent())).toEqual({ batchItemFailures: [] })

    const takeover = await deliverEmail(deps(awsMailer(), afterLease(killedAt)), number, 'receipt')

    expect(takeover).toBe('already-sent')
    expect(requests).toHaveLength(1)
    const receipt = await getReceipt(table, number)
    expect(receipt?.delivery).toMatchObject({ status: 'sent', messageId: 'ses-1' })
    expect(receipt?.delivery.sendId).toBeUndefined()
    expect(receipt?.history.at(-1)).toMatchObject({
      event: 'receipt-email-sent',
      detail: expect.stringContaining('not sent again'),
    })
    // SES's word is kept only while the sending is unfinished.
    expect(await findSesSend(table, requests[0]?.tags.send ?? '')).toBeUndefined()
  })

  it('the send event comes while the takeover waits for it: nothing is sent again', async () => {
    const killedAt = new Date()
    void deliverEmail(deps(takenThenDies(), killedAt), number, 'receipt').catch(() => {})
    await vi.waitFor(() => expect(requests).toHaveLength(1), { timeout: 30_000 })
    let looks = 0
    const late = awsMailer(async () => {
      looks++
      // EventBridge, SQS and ses-events take a few seconds: the event lands during the wait.
      if (looks === 3) await sesEvents()(sendEvent())
    })

    expect(await deliverEmail(deps(late, afterLease(killedAt)), number, 'receipt')).toBe(
      'already-sent',
    )
    expect(looks).toBe(3)
    expect(requests).toHaveLength(1)
  })

  it('no send event (the worker died before SES took it): the takeover waits its while, then sends once', async () => {
    const killedAt = new Date()
    const diesBeforeSending: Mailer = { send: () => new Promise(() => {}) }
    void deliverEmail(deps(diesBeforeSending, killedAt), number, 'receipt').catch(() => {})
    await vi.waitFor(
      async () => expect((await getReceipt(table, number))?.delivery.status).toBe('sending'),
      { timeout: 30_000 },
    )
    const waits: number[] = []
    const patient = awsMailer(async (ms) => {
      waits.push(ms)
    })

    expect(await deliverEmail(deps(patient, afterLease(killedAt)), number, 'receipt')).toBe('sent')
    expect(waits.reduce((sum, ms) => sum + ms, 0)).toBe(15_000)
    expect(requests).toHaveLength(1)
    expect((await getReceipt(table, number))?.delivery).toMatchObject({
      status: 'sent',
      messageId: 'ses-1',
    })
  })

  it('SES took the message but its answer was lost: the retry finds the send event, without waiting', async () => {
    let lost = true
    server.use(
      http.post(SEND_URL, async ({ request }) => {
        const body = (await request.json()) as { EmailTags?: { Name: string; Value: string }[] }
        requests.push({
          tags: Object.fromEntries((body.EmailTags ?? []).map((tag) => [tag.Name, tag.Value])),
          messageId: `ses-${requests.length + 1}`,
        })
        if (lost) return HttpResponse.error()
        return HttpResponse.json({ MessageId: `ses-${requests.length}` })
      }),
    )
    const waits: number[] = []
    const mailer = awsMailer(async (ms) => {
      waits.push(ms)
    })
    await expect(deliverEmail(deps(mailer), number, 'receipt')).rejects.toMatchObject({
      code: 'mail.unavailable',
    })
    expect((await getReceipt(table, number))?.delivery.status).toBe('pending')
    await sesEvents()(sendEvent())
    lost = false

    expect(await deliverEmail(deps(mailer), number, 'receipt')).toBe('already-sent')
    expect(requests).toHaveLength(1)
    expect(waits).toEqual([])
    expect((await getReceipt(table, number))?.delivery.messageId).toBe('ses-1')
  })

  it('a send event after the delivery recorded its outcome is not kept', async () => {
    expect(await deliverEmail(deps(awsMailer()), number, 'receipt')).toBe('sent')
    expect(await sesEvents()(sendEvent())).toEqual({ batchItemFailures: [] })
    expect(await findSesSend(table, requests[0]?.tags.send ?? '')).toBeUndefined()
    expect((await getReceipt(table, number))?.delivery).toMatchObject({
      status: 'sent',
      messageId: 'ses-1',
    })
  })
})
