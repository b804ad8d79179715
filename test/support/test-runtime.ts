import { randomUUID } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { QueryCommand } from '@aws-sdk/lib-dynamodb'
import { type ParsedMail, simpleParser } from 'mailparser'
import { inject } from 'vitest'
import {
  createLocalRuntime,
  type LocalRuntime,
  type LocalRuntimeOptions,
} from '../../functions/local/create-local-runtime.js'
import { loadEnv } from '../../shared/config/env.js'
import { parseAssociationConfig } from '../../shared/config/load-association-config.js'
import type { ReceiptRecord, ReviewItem } from '../../shared/domain/records.js'
import { type Logger, silentLogger } from '../../shared/log.js'
import { keys } from '../../shared/store/keys.js'
import { listOpenReviews } from '../../shared/store/review-store.js'
import { testAssociationConfig } from './test-association-config.js'

export const TEST_API_URL = 'https://api.helloasso.test/v5'
export const TEST_TOKEN_URL = 'https://api.helloasso.test/oauth2/token'
export const TEST_WEBHOOK_SECRET = 'test-webhook-secret-0123456789'
/** The manager token of test runtimes. */
export const STAFF_TEST_TOKEN = 'test-staff-token-0123456789abcdef'

export interface TestRuntime {
  runtime: LocalRuntime
  /** POSTs a notification body through the HTTP app, the path HelloAsso takes. */
  post(
    body: unknown,
    init?: { secret?: string; contentType?: string; headers?: Record<string, string> },
  ): Promise<Response>
  /** Waits until every queued message, retry included, is done. */
  settle(): Promise<void>
  receipts(year: number): Promise<ReceiptRecord[]>
  reviews(): Promise<ReviewItem[]>
  outbox(): Promise<ParsedMail[]>
  outboxFiles(): Promise<string[]>
  stop(): Promise<void>
}

export interface TestRuntimeOptions {
  /** Overrides the test environment; a `DATA_DIR` given here is used as is and left in place. */
  env?: Record<string, string>
  config?: unknown
  verified?: boolean
  now?: () => Date
  /** Where the runtime's log lines go; silent by default. */
  log?: Logger
  /** The peer address of a request, when a test serves the app on a real socket. */
  remoteAddress?: LocalRuntimeOptions['remoteAddress']
}

export async function createTestRuntime(options: TestRuntimeOptions = {}): Promise<TestRuntime> {
  // A data directory made here belongs to this runtime, and stop() removes it.
  const ownDataDir =
    options.env?.DATA_DIR === undefined
      ? await mkdtemp(join(tmpdir(), 'receipts-test-'))
      : undefined
  const env = loadEnv({
    ...(ownDataDir === undefined ? {} : { DATA_DIR: ownDataDir }),
    TABLE_NAME: `test-${randomUUID()}`,
    WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    HELLOASSO_API_URL: TEST_API_URL,
    HELLOASSO_TOKEN_URL: TEST_TOKEN_URL,
    ...(options.verified === false
      ? {}
      : { HELLOASSO_CLIENT_ID: 'fake-client-id', HELLOASSO_CLIENT_SECRET: 'fake-client-secret' }),
    HELLOASSO_TIMEOUT_MS: '300',
    QUEUE_BASE_DELAY_MS: '10',
    QUEUE_MAX_DELAY_MS: '100',
    QUEUE_MAX_ATTEMPTS: '6',
    STAFF_TOKEN: STAFF_TEST_TOKEN,
    ...options.env,
  })
  const runtime = await createLocalRuntime({
    env,
    association: {
      config: parseAssociationConfig(options.config ?? testAssociationConfig(), 'test'),
      source: 'test',
    },
    dynamoEndpoint: inject('dynamoEndpoint'),
    log: options.log ?? silentLogger,
    ...(options.now ? { now: options.now } : {}),
    ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
  })
  const outboxFiles = async () =>
    (await readdir(runtime.outboxDir).catch(() => []))
      .filter((name) => name.endsWith('.eml'))
      .sort()
  return {
    runtime,
    post: (body, init = {}) =>
      Promise.resolve(
        runtime.app.request(`/webhooks/helloasso/${init.secret ?? TEST_WEBHOOK_SECRET}`, {
          method: 'POST',
          headers: { 'content-type': init.contentType ?? 'application/json', ...init.headers },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        }),
      ),
    settle: () => runtime.queue.drain(),
    async receipts(year) {
      const result = await runtime.table.doc.send(
        new QueryCommand({
          TableName: runtime.table.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.receiptsByYear(runtime.table.orgId, year) },
        }),
      )
      return (result.Items ?? []).map((item) => item.record as ReceiptRecord)
    },
    reviews: () => listOpenReviews(runtime.table, 1000),
    outboxFiles,
    async outbox() {
      const files = await outboxFiles()
      return Promise.all(
        files.map(async (name) => simpleParser(await readFile(join(runtime.outboxDir, name)))),
      )
    },
    async stop() {
      try {
        await runtime.stop()
      } finally {
        if (ownDataDir !== undefined) await rm(ownDataDir, { recursive: true, force: true })
      }
    },
  }
}
