import { SESv2Client } from '@aws-sdk/client-sesv2'
import { HttpResponse, http } from 'msw'
import { describe, expect, it } from 'vitest'
import { newSendId } from '../../shared/domain/send-id.js'
import { AppError } from '../../shared/errors.js'
import { composeCancellationEmail } from '../../shared/mail/compose-cancellation-email.js'
import { composeReceiptEmail } from '../../shared/mail/compose-receipt-email.js'
import { createSesMailer, emailTagsOf } from '../../shared/mail/ses-mailer.js'
import { aReceiptSnapshot } from '../support/builders/a-receipt-snapshot.js'
import { setupMswServer } from '../support/msw-server.js'
import { dummyPdf, FROM, TO } from './support/mail-constants.js'

const SEND_URL = 'https://email.eu-west-3.amazonaws.com/v2/email/outbound-emails'

const server = setupMswServer()

function aClient(): SESv2Client {
  return new SESv2Client({
    region: 'eu-west-3',
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' },
    // One attempt: retries are the queue's business, and tests must not wait for backoff.
    maxAttempts: 1,
  })
}

function anEmail() {
  return composeReceiptEmail({ snapshot: aReceiptSnapshot(), pdf: dummyPdf, from: FROM, to: TO })
}

function sesError(status: number, errorType: string) {
  return () =>
    HttpResponse.json(
      // SES messages can quote addresses: the mailer must not pass them on.
      { message: `Email address is not verified: ${TO}` },
      { status, headers: { 'x-amzn-ErrorType': errorType } },
    )
}

describe('createSesMailer', () => {
  it('sends the MIME bytes unchanged as a raw message', async () => {
    let body: Record<string, unknown> = {}
    server.use(
      http.post(SEND_URL, async ({ request }) => {
        body = (await request.json()) as Record<string, unknown>
        return HttpResponse.json({ MessageId: 'ses-0001' })
      }),
    )
    const email = await anEmail()

    const result = await createSesMailer(aClient(), { configurationSetName: 'receipts' }).send(
      email,
    )

    expect(result).toEqual({ messageId: 'ses-0001' })
    expect(body).toMatchObject({
      FromEmailAddress: 'recus@jardin.example.org',
      Destination: { ToAddresses: [TO] },
      ConfigurationSetName: 'receipts',
    })
    const data = (body.Content as { Raw: { Data: string } }).Raw.Data
    expect(new Uint8Array(Buffer.from(data, 'base64'))).toEqual(email.raw)
  })

  it('names no configuration set unless told to', async () => {
    let body: Record<string, unknown> = {}
    server.use(
      http.post(SEND_URL, async ({ request }) => {
        body = (await request.json()) as Record<string, unknown>
        return HttpResponse.json({ MessageId: 'ses-0002' })
      }),
    )
    await createSesMailer(aClient()).send(await anEmail())
    expect(body).not.toHaveProperty('ConfigurationSetName')
  })

  it.each([
    [400, 'MessageRejected', 'mail.rejected'],
    [400, 'MailFromDomainNotVerifiedException', 'mail.rejected'],
    [400, 'BadRequestException', 'mail.rejected'],
    [404, 'NotFoundException', 'mail.rejected'],
    [400, 'AccountSuspendedException', 'mail.unavailable'],
    [400, 'SendingPausedException', 'mail.unavailable'],
    [429, 'TooManyRequestsException', 'mail.unavailable'],
    [400, 'LimitExceededException', 'mail.unavailable'],
    [500, 'InternalFailure', 'mail.unavailable'],
    [503, 'ServiceUnavailable', 'mail.unavailable'],
  ] as const)('translates %i %s into %s', async (status, errorType, code) => {
    server.use(http.post(SEND_URL, sesError(status, errorType)))

    const error = await createSesMailer(aClient())
      .send(await anEmail())
      .catch((e: unknown) => e)

    expect(error).toBeInstanceOf(AppError)
    expect(error).toMatchObject({ code, cause: expect.objectContaining({ name: errorType }) })
    expect((error as AppError).message).toContain(errorType)
    expect((error as AppError).message).not.toContain('@')
  })

  it('translates a network failure into mail.unavailable', async () => {
    server.use(http.post(SEND_URL, () => HttpResponse.error()))

    const error = await createSesMailer(aClient())
      .send(await anEmail())
      .catch((e: unknown) => e)

    expect(error).toBeInstanceOf(AppError)
    expect(error).toMatchObject({ code: 'mail.unavailable', cause: expect.any(Error) })
    expect((error as AppError).message).toMatch(/could not be reached/)
  })

  it('tags receipt emails so that bounce and complaint events lead back to the receipt', async () => {
    let body: Record<string, unknown> = {}
    server.use(
      http.post(SEND_URL, async ({ request }) => {
        body = (await request.json()) as Record<string, unknown>
        return HttpResponse.json({ MessageId: 'ses-0003' })
      }),
    )
    await createSesMailer(aClient()).send(await anEmail())
    expect(body.EmailTags).toEqual([
      { Name: 'receipt', Value: '2026-00042' },
      { Name: 'kind', Value: 'receipt' },
    ])
  })

  it('tags the email of a sending with its sendId, so SES’s send event leads back to the sending', async () => {
    let body: Record<string, unknown> = {}
    server.use(
      http.post(SEND_URL, async ({ request }) => {
        body = (await request.json()) as Record<string, unknown>
        return HttpResponse.json({ MessageId: 'ses-0004' })
      }),
    )
    const sendId = newSendId()
    const email = await composeReceiptEmail({
      snapshot: aReceiptSnapshot(),
      pdf: dummyPdf,
      from: FROM,
      to: TO,
      sendId,
    })
    await createSesMailer(aClient()).send(email)
    expect(body.EmailTags).toEqual([
      { Name: 'receipt', Value: '2026-00042' },
      { Name: 'kind', Value: 'receipt' },
      { Name: 'send', Value: sendId },
    ])
    // SES tag values: letters, digits, '_' and '-' only.
    expect(sendId).toMatch(/^[A-Za-z0-9_-]+$/)
  })

  it('reads the tags from the references the compose functions give', async () => {
    const cancellation = await composeCancellationEmail({
      snapshot: aReceiptSnapshot(),
      from: FROM,
      to: TO,
      reason: 'refund',
    })
    expect(emailTagsOf(cancellation)).toEqual({ receipt: '2026-00042', kind: 'cancellation' })
    expect(emailTagsOf(await anEmail())).toEqual({ receipt: '2026-00042', kind: 'receipt' })
    expect(emailTagsOf({ reference: 'something-else' })).toBeUndefined()
  })
})
