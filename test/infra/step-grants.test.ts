import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createIngestApp } from '../../functions/ingest/app.js'
import { loadEnv } from '../../shared/config/env.js'
import { parseAssociationConfig } from '../../shared/config/load-association-config.js'
import { deliverEmail } from '../../shared/deliver/deliver-email.js'
import { ingestSettingsFromEnv } from '../../shared/ingest/ingest-settings.js'
import { silentLogger } from '../../shared/log.js'
import { createOutboxMailer } from '../../shared/mail/outbox-mailer.js'
import { numberPaymentReceipt } from '../../shared/process/number-payment-receipt.js'
import { processNotification } from '../../shared/process/process-notification.js'
import { createKeyedMutex } from '../../shared/queue/keyed-mutex.js'
import type { QueueMessage } from '../../shared/queue/queue-message.js'
import type { TableContext } from '../../shared/store/table-context.js'
import { enableReceiptSigning } from '../../shared/verification/enable-receipt-signing.js'
import { generateSigningKeyPem } from '../../shared/verification/signing-key.js'
import { loadFixture } from '../support/fixtures.js'
import { testAssociationConfig } from '../support/test-association-config.js'
import { createTestTable } from '../support/test-table.js'
import { notGranted, recordingTable } from './support/recorded-actions.js'

/**
 * Each Lambda's role must allow every DynamoDB action its step's code sends: a call its role
 * lacks fails on AWS only (AccessDenied), on every order, while every local test passes. The
 * steps run here as their Lambdas run them, one after another, each on a table whose client
 * records what it sends; the record is held against the synthesized roles.
 */
type Step = 'Ingest' | 'Process' | 'Number' | 'Deliver'

describe('every Lambda’s role allows the DynamoDB actions its step sends', () => {
  it('ingest, process, number and deliver: receipted orders, one held for review, a refund', async () => {
    const { doc, tableName } = await createTestTable()
    const config = parseAssociationConfig(testAssociationConfig(), 'test')
    const sent: Record<Step, Set<string>> = {
      Ingest: new Set(),
      Process: new Set(),
      Number: new Set(),
      Deliver: new Set(),
    }
    const signing = {
      signingKey: generateSigningKeyPem(),
      publicBaseUrl: 'https://recus.example.org/',
      now: () => new Date(),
    }
    const base = await enableReceiptSigning({ doc, tableName, orgId: config.id }, signing)
    const tableOf = (step: Step): TableContext => recordingTable(base, sent[step])
    const queued: QueueMessage[] = []
    const queue = { send: async (message: QueueMessage) => void queued.push(message) }
    const common = { config, queue, now: () => new Date(), log: silentLogger }
    const processDeps = (step: Step) => ({
      ...common,
      table: tableOf(step),
      serialize: createKeyedMutex(),
    })
    const env = loadEnv({
      DATA_DIR: await mkdtemp(join(tmpdir(), 'step-grants-')),
      WEBHOOK_SECRET: 'grants-secret',
    })
    const ingest = createIngestApp({
      ...common,
      table: tableOf('Ingest'),
      settings: ingestSettingsFromEnv(env, { requireSecret: false }),
      remoteAddress: () => undefined,
    })
    const deliverDeps = {
      ...common,
      table: tableOf('Deliver'),
      mailer: createOutboxMailer(join(env.DATA_DIR, 'outbox')),
    }
    // The queue as the three queues would carry it, each message to its step's Lambda.
    const drain = async () => {
      for (let message = queued.shift(); message; message = queued.shift()) {
        if (message.type === 'process')
          await processNotification(processDeps('Process'), message.notificationId)
        if (message.type === 'number')
          await numberPaymentReceipt(processDeps('Number'), message.paymentId)
        if (message.type === 'deliver')
          await deliverEmail(deliverDeps, message.receiptNumber, message.kind)
      }
    }
    for (const fixture of [
      '01_order_membership_individual_50eur_with_tip',
      // Held for review: HelloAsso issued its own receipt for the donation.
      '06_order_membership_plus_extra_donation',
      '04_order_membership_org_1000eur_company_3_instalments',
      '07_payment_refunded',
    ]) {
      const answer = await ingest.request('/webhooks/helloasso/grants-secret', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(loadFixture(fixture)),
      })
      expect(answer.status, fixture).toBe(200)
      await drain()
    }

    // The run went through the paths that matter: receipts numbered and mailed.
    expect(sent.Number).toContain('dynamodb:ConditionCheckItem')
    expect(sent.Deliver.size).toBeGreaterThan(0)
    for (const step of Object.keys(sent) as Step[])
      expect(notGranted(step, sent[step]), step).toEqual([])
  })
})
