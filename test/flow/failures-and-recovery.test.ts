import { SESv2Client } from '@aws-sdk/client-sesv2'
import { HttpResponse, http } from 'msw'
import { describe, expect, it } from 'vitest'
import { deliverEmail } from '../../shared/deliver/deliver-email.js'
import { silentLogger } from '../../shared/log.js'
import { createSesMailer } from '../../shared/mail/ses-mailer.js'
import { createInProcessQueue } from '../../shared/queue/in-process-queue.js'
import { getReceipt } from '../../shared/store/receipt-store.js'
import { loadFixture, orderFromNotification } from '../support/fixtures.js'
import { useFlowHarness } from '../support/flow-harness.js'
import { createTestRuntime } from '../support/test-runtime.js'

const { fake, server, t } = useFlowHarness()
const FIXTURE = '01_order_membership_individual_50eur_with_tip'

describe('a payment acknowledged is never lost', () => {
  it('HelloAsso API down (5xx, timeouts) then back: processed once it returns', async () => {
    fake.putOrder(orderFromNotification(loadFixture(FIXTURE)))
    fake.failNext(2, 'status503')
    fake.failNext(1, 'timeout')
    fake.failNext(1, 'network')
    expect((await t.post(loadFixture(FIXTURE))).status).toBe(200)
    await t.settle()
    expect(await t.receipts(2025)).toHaveLength(1)
    expect(await t.outboxFiles()).toHaveLength(1)
  })

  it('a message that fails for good ends in the dead-letter store, visible and replayable', async () => {
    fake.putOrder(orderFromNotification(loadFixture(FIXTURE)))
    // An answer no retry would change (a 5xx is transient: it would be waited out).
    fake.failNext(1, 'invalidBody')
    await t.post(loadFixture(FIXTURE))
    await t.settle()
    expect(await t.receipts(2025)).toHaveLength(0)
    const auth = { authorization: 'Bearer test-staff-token-0123456789abcdef' }
    const listed = (await (
      await t.runtime.app.request('/admin/dead-letters', { headers: auth })
    ).json()) as { deadLetters: { id: string; attempts: number }[] }
    expect(listed.deadLetters).toHaveLength(1)
    expect(listed.deadLetters[0]?.attempts).toBe(1)
    expect((await t.reviews()).flatMap((r) => r.reasons)).toContain('dead-letter')
    expect((await t.runtime.app.request('/admin/dead-letters')).status).toBe(401)

    fake.reset()
    fake.putOrder(orderFromNotification(loadFixture(FIXTURE)))
    const id = listed.deadLetters[0]?.id as string
    const replayed = await t.runtime.app.request(`/admin/dead-letters/${id}/replay`, {
      method: 'POST',
      headers: auth,
    })
    expect(replayed.status).toBe(200)
    await t.settle()
    expect(await t.receipts(2025)).toHaveLength(1)
    expect(await t.outboxFiles()).toHaveLength(1)
    const after = (await (
      await t.runtime.app.request('/admin/dead-letters', { headers: auth })
    ).json()) as { deadLetters: unknown[] }
    expect(after.deadLetters).toHaveLength(0)
    // Its review item is closed with it: the work is done.
    expect(await t.reviews()).toEqual([])
  })

  it('unfinished work recorded before a stop is picked up by the next start', async () => {
    fake.putOrder(orderFromNotification(loadFixture(FIXTURE)))
    fake.failNext(100, 'status503')
    await t.post(loadFixture(FIXTURE))
    await t.runtime.queue.stop()
    fake.reset()
    fake.putOrder(orderFromNotification(loadFixture(FIXTURE)))
    // The same table and data directory: the first runtime keeps them and removes its directory.
    const restarted = await createTestRuntime({
      env: {
        TABLE_NAME: t.runtime.table.tableName,
        DATA_DIR: t.runtime.outboxDir.replace(/\/outbox$/, ''),
      },
    })
    expect(await restarted.runtime.resumePendingWork()).toBe(1)
    await restarted.settle()
    expect(await restarted.receipts(2025)).toHaveLength(1)
    expect(await restarted.outboxFiles()).toHaveLength(1)
    await restarted.stop()
  })
})

describe('SES failing then recovering: the receipt is sent once', () => {
  it('retries transient SES errors with backoff and sends exactly one email', async () => {
    // Issue the receipt through the normal flow, then deliver it again through SES.
    fake.putOrder(orderFromNotification(loadFixture(FIXTURE)))
    await t.post(loadFixture(FIXTURE))
    await t.settle()
    const [issued] = await t.receipts(2025)
    const number = issued?.number as string
    await t.runtime.table.doc.send(
      new (await import('@aws-sdk/lib-dynamodb')).UpdateCommand({
        TableName: t.runtime.table.tableName,
        Key: { pk: `ORG#rtld#RECEIPT#${number}`, sk: 'RECEIPT' },
        UpdateExpression: 'SET #r.delivery = :pending',
        ExpressionAttributeNames: { '#r': 'record' },
        ExpressionAttributeValues: { ':pending': { status: 'pending', attempts: 0 } },
      }),
    )
    let calls = 0
    server.use(
      http.post('https://email.eu-west-3.amazonaws.com/v2/email/outbound-emails', () => {
        calls++
        if (calls <= 2)
          return HttpResponse.json(
            { message: 'slow down' },
            { status: 429, headers: { 'x-amzn-ErrorType': 'TooManyRequestsException' } },
          )
        return HttpResponse.json({ MessageId: `ses-${calls}` })
      }),
    )
    const ses = new SESv2Client({ region: 'eu-west-3', maxAttempts: 1 })
    const deps = {
      config: (
        await import('../../shared/config/load-association-config.js')
      ).parseAssociationConfig(
        (await import('../support/test-association-config.js')).testAssociationConfig(),
        'test',
      ),
      table: t.runtime.table,
      mailer: createSesMailer(ses),
      now: () => new Date(),
      log: silentLogger,
    }
    const queue = createInProcessQueue({
      handle: async (message) => {
        if (message.type === 'deliver')
          await deliverEmail(deps, message.receiptNumber, message.kind)
      },
      deadLetter: async () => {
        throw new Error('must not dead-letter')
      },
      maxAttempts: 5,
      baseDelayMs: 5,
      maxDelayMs: 20,
      concurrency: 4,
      log: silentLogger,
    })
    await queue.send({ type: 'deliver', orgId: 'rtld', receiptNumber: number, kind: 'receipt' })
    await queue.send({ type: 'deliver', orgId: 'rtld', receiptNumber: number, kind: 'receipt' })
    await queue.drain()
    expect(calls).toBe(3)
    const receipt = await getReceipt(t.runtime.table, number)
    expect(receipt?.delivery).toMatchObject({ status: 'sent', messageId: 'ses-3' })
  })
})
