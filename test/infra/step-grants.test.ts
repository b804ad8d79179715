import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
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
import type { TableDoc } from '../../shared/store/lean-document-client.js'
import type { TableContext } from '../../shared/store/table-context.js'
import { enableReceiptSigning } from '../../shared/verification/enable-receipt-signing.js'
import { generateSigningKeyPem } from '../../shared/verification/signing-key.js'
import { loadFixture } from '../support/fixtures.js'
import { testAssociationConfig } from '../support/test-association-config.js'
import { createTestTable } from '../support/test-table.js'
import { type SynthesizedApp, synthApp } from './support/synth-app.js'

/**
 * Each Lambda's role must allow every DynamoDB action its step's code sends: a call its role
 * lacks fails on AWS only (AccessDenied), on every order, while every local test passes. The
 * steps run here as their Lambdas run them, one after another, each on a table whose client
 * records what it sends; the record is held against the synthesized roles.
 */
type Step = 'Ingest' | 'Process' | 'Number' | 'Deliver'

/** The IAM actions a command needs; a transaction is authorized as the item actions it carries. */
function actionsOf(command: { constructor: { name: string }; input: unknown }): string[] {
  const simple: Record<string, string> = {
    GetCommand: 'GetItem',
    PutCommand: 'PutItem',
    UpdateCommand: 'UpdateItem',
    DeleteCommand: 'DeleteItem',
    QueryCommand: 'Query',
    ScanCommand: 'Scan',
    BatchGetCommand: 'BatchGetItem',
    BatchWriteCommand: 'BatchWriteItem',
    TransactGetCommand: 'GetItem',
  }
  const name = command.constructor.name
  if (simple[name]) return [`dynamodb:${simple[name]}`]
  if (name !== 'TransactWriteCommand') throw new Error(`unmapped command ${name}`)
  const items = (command.input as { TransactItems: Record<string, unknown>[] }).TransactItems
  const kinds: Record<string, string> = {
    Put: 'PutItem',
    Update: 'UpdateItem',
    Delete: 'DeleteItem',
    ConditionCheck: 'ConditionCheckItem',
  }
  return items.flatMap((item) => Object.keys(item).map((kind) => `dynamodb:${kinds[kind]}`))
}

function recording(doc: TableDoc, sent: Set<string>): TableDoc {
  return {
    send: ((command: { constructor: { name: string }; input: unknown }) => {
      for (const action of actionsOf(command)) sent.add(action)
      return doc.send(command as never)
    }) as TableDoc['send'],
  }
}

let synth: SynthesizedApp
beforeAll(() => {
  synth = synthApp()
})

/** The dynamodb:* actions a function's role allows (on the table: the only DynamoDB resource). */
function granted(step: Step): string[] {
  const policies = synth.serviceTemplate.findResources('AWS::IAM::Policy')
  const pattern = new RegExp(`^${step}RoleDefaultPolicy[0-9A-F]{8}$`)
  const [policy] = Object.entries(policies).filter(([id]) => pattern.test(id))
  if (!policy) throw new Error(`no role policy for ${step}`)
  const statements = (
    policy[1] as { Properties: { PolicyDocument: { Statement: { Action: unknown }[] } } }
  ).Properties.PolicyDocument.Statement
  return statements
    .flatMap((s) => [s.Action].flat() as string[])
    .filter((a) => a.startsWith('dynamodb:'))
}

describe('every Lambda’s role allows the DynamoDB actions its step sends', () => {
  it('ingest, process, number and deliver: orders, a family of members, a refund', async () => {
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
    const tableOf = (step: Step): TableContext => ({ ...base, doc: recording(doc, sent[step]) })
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
      expect(
        [...sent[step]].filter((action) => !granted(step).includes(action)),
        step,
      ).toEqual([])
  })
})
