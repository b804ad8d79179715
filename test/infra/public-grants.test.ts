import type { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { createPublicApp } from '../../functions/public/app.js'
import { silentLogger } from '../../shared/log.js'
import { createOutboxMailer } from '../../shared/mail/outbox-mailer.js'
import { getReceipt } from '../../shared/store/receipt-store.js'
import { useFlowHarness } from '../support/flow-harness.js'
import { publicBrowser } from '../support/public-browser.js'
import { storySteps } from '../support/story-steps.js'
import { notGranted, recordingTable } from './support/recorded-actions.js'

/**
 * The public Lambda's role must allow every DynamoDB action its pages send: a call its role
 * lacks fails on AWS only (AccessDenied), while every local test passes. A receipt is made by
 * the real flow on a plain table; then the public app, built as its Lambda builds it, verifies
 * it and serves its donor through a table whose client records what it sends, and the record is
 * held against the synthesized role.
 */
const CAMILLE = 'camille.arnaud@example.org'
const PUBLIC_BASE_URL = 'https://recus.example.org'

const { fake, t } = useFlowHarness()
const { deliver } = storySteps(fake, t)

/** The public app as functions/public/lambda.ts builds it, its mail left in the runtime's outbox. */
function publicLambdaApp(sent: Set<string>): Hono {
  return createPublicApp({
    config: t.runtime.jobs.process.config,
    table: recordingTable(t.runtime.table, sent),
    mailer: createOutboxMailer(t.runtime.outboxDir),
    now: () => new Date(),
    log: silentLogger,
    publicBaseUrl: PUBLIC_BASE_URL,
    answerMs: 0,
    clientIp: () => '192.0.2.10',
  })
}

/** The path of the receipt's verification link, as its QR code holds it. */
async function verificationPath(number: string): Promise<string> {
  const url = (await getReceipt(t.runtime.table, number))?.snapshot.verification?.url
  if (!url) throw new Error(`receipt ${number} has no verification link`)
  return new URL(url).pathname
}

/** The path of the « Vos reçus fiscaux » link emailed last. */
async function emailedDonorLink(): Promise<string> {
  const mails = (await t.outbox()).filter((mail) => mail.subject?.startsWith('Vos reçus fiscaux'))
  const link = /(https:\/\/\S+\/mes-recus\/[A-Za-z0-9_-]+)/.exec(mails.at(-1)?.text ?? '')?.[1]
  if (!link) throw new Error('no donor link emailed')
  return new URL(link).pathname
}

/** The body of an answer that must be a success; the status names the route that failed. */
async function ok(answer: Promise<Response>, route: string): Promise<string> {
  const response = await answer
  const body = await response.text()
  expect(response.status, `${route}: ${body.slice(0, 300)}`).toBeLessThan(400)
  return body
}

describe('the PublicPages role allows the DynamoDB actions the public pages send', () => {
  it('verification page and public key, /mes-recus: request, open, download, data, correction', async () => {
    await deliver('01_order_membership_individual_50eur_with_tip')
    const sent = new Set<string>()
    const app = publicLambdaApp(sent)
    const browser = publicBrowser(app)

    expect(await ok(browser.get('/verifier'), 'public key')).toContain('BEGIN PUBLIC KEY')
    const verification = await ok(browser.get(await verificationPath('2025-00001')), 'verifier')
    expect(verification).toContain('Ce reçu est valide')

    const request = (email: string) =>
      ok(browser.submit('/mes-recus', '/mes-recus', { email }), email)
    await request('personne@example.org')
    await request(CAMILLE)
    const link = await emailedDonorLink()
    expect(await ok(browser.get(link), 'donor page')).toContain('2025-00001')
    await ok(browser.get(`${link}/recus/2025-00001.pdf`), 'pdf')
    await ok(browser.get(`${link}/donnees.json`), 'data export')
    const correction = await browser.submit(link, `${link}/correction`, {
      recu: '2025-00001',
      message: 'Mon prénom est mal orthographié.',
    })
    expect(correction.headers.get('location')).toContain('correction=envoyee')

    // The run reached the writes: rate limits, the donor link, the correction's review item.
    expect(sent).toContain('dynamodb:UpdateItem')
    expect(sent).toContain('dynamodb:PutItem')
    expect(notGranted('PublicPages', sent)).toEqual([])
  })
})
