import { mkdtemp, readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLocalRuntime } from '../../functions/local/create-local-runtime.js'
import { loadEnv } from '../../shared/config/env.js'
import { parseAssociationConfig } from '../../shared/config/load-association-config.js'
import { taxYearOf } from '../../shared/domain/paris-time.js'
import { silentLogger } from '../../shared/log.js'
import type { QueueMessage } from '../../shared/queue/queue-message.js'
import { readCounter } from '../../shared/store/counter-store.js'
import { receiptsByYear } from '../../shared/store/receipt-queries.js'
import { loadFixture, orderFromNotification } from '../support/fixtures.js'
import { withIds } from '../support/order-variants.js'
import { testAssociationConfig } from '../support/test-association-config.js'
import { SMALL } from './load.js'
import { type StandInHelloAsso, startStandInProcess } from './stand-in-helloasso-process.js'

/**
 * How long the stand-in HelloAsso takes to answer each call (token and order). Less in a small
 * run, whose serialized shape would wait for it order after order for figures that mean nothing.
 */
export const HELLOASSO_LATENCY_MS = SMALL ? 10 : 100

/**
 * Today's shape (numbering alone serialized per organisation) or the former AWS one: one FIFO
 * group per organisation for process (numbering included) and one for deliver.
 */
export type PipelineShape = 'numbering-serial' | 'all-serial'

const FORMER_AWS_GROUPS = (message: QueueMessage) =>
  `${message.type === 'deliver' ? 'deliver' : 'process'}#${message.orgId}`

export interface PipelineResult {
  shape: PipelineShape
  orders: number
  /** Receipts numbered (issued) and emails written to the outbox. */
  receipted: number
  mailed: number
  /** From the first post to the last receipt numbered, and to the last email. */
  receiptedSeconds: number
  mailedSeconds: number
  receiptedPerSecond: number
  mailedPerSecond: number
  /**
   * CPU time of this process (every thread: the steps, their SDK calls, GC) from the first post
   * to the last email, over the receipts numbered. DynamoDB Local and the stand-in HelloAsso run
   * in processes of their own and are not counted.
   */
  cpuMsPerReceipted: number
}

/**
 * Paid orders receipted per second, end to end: `orders` notifications posted by `senders`
 * concurrent senders, each fetched from a stand-in HelloAsso that answers in 100 ms, analysed,
 * numbered, rendered and mailed to the outbox. Two clocks: the last receipt numbered (its issue
 * instant), the last email written. The first is the pipeline's point; the second also counts PDF rendering, CPU
 * work that one Node process cannot spread (on AWS, deliver runs on many Lambdas at once).
 * Each run gets its own table, so the counter starts at 0.
 */
export async function measurePipeline(options: {
  shape: PipelineShape
  orders: number
  senders: number
  dynamoEndpoint: string
  firstOrderId: number
  /**
   * Names the run's table (bench-dynamodb.ts): on a shared DynamoDB Local, a table an earlier
   * run left holds these orders' receipts already, and they would all be duplicates.
   */
  tableName?: (base: string) => string
  /**
   * A stand-in HelloAsso already started, left running after the run: a small run shares one
   * between its runs (webhook.bench.ts). By default each run starts its own and closes it.
   */
  standIn?: StandInHelloAsso
  /** Overrides the shape's grouping (experiments: nothing serialized, to find the ceiling). */
  groupOf?: (message: QueueMessage) => string | undefined
}): Promise<PipelineResult> {
  // Over real HTTP from a process of its own, as HelloAsso is remote: msw in this process would
  // also intercept every DynamoDB call (a new socket each, half the Node CPU of the run), and
  // serving it from this process would charge HelloAsso's own work to the pipeline's CPU.
  const standIn = options.standIn ?? (await startStandInProcess(HELLOASSO_LATENCY_MS))
  const env = loadEnv({
    DATA_DIR: await mkdtemp(join(tmpdir(), 'bench-pipeline-')),
    TABLE_NAME: (options.tableName ?? ((base) => base))(
      `bench-pipeline-${options.shape}-${options.firstOrderId}`,
    ),
    WEBHOOK_SECRET: 'bench-secret',
    HELLOASSO_API_URL: standIn.apiUrl,
    HELLOASSO_TOKEN_URL: standIn.tokenUrl,
    HELLOASSO_CLIENT_ID: standIn.clientId,
    HELLOASSO_CLIENT_SECRET: standIn.clientSecret,
    QUEUE_CONCURRENCY: String(options.senders),
  })
  const runtime = await createLocalRuntime({
    env,
    association: {
      config: parseAssociationConfig(testAssociationConfig(), 'bench'),
      source: 'bench',
    },
    dynamoEndpoint: options.dynamoEndpoint,
    log: silentLogger,
    ...(options.groupOf
      ? { queueGroupOf: options.groupOf }
      : options.shape === 'all-serial'
        ? { queueGroupOf: FORMER_AWS_GROUPS }
        : {}),
  })
  const base = orderFromNotification(loadFixture('01_order_membership_individual_50eur_with_tip'))
  const orders = Array.from({ length: options.orders }, (_, i) => {
    const id = options.firstOrderId + i
    return withIds(base, id, id * 10, id * 10)
  })
  await standIn.putOrders(orders)
  const bodies = orders.map((order) => JSON.stringify({ eventType: 'Order', data: order }))
  const year = taxYearOf(base.payments[0]?.date as string)
  const started = Date.now()
  const cpuAtStart = process.cpuUsage()
  let next = 0
  const sender = async () => {
    while (next < bodies.length) {
      const body = bodies[next++] as string
      await runtime.app.request('/webhooks/helloasso/bench-secret', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      })
    }
  }
  await Promise.all(Array.from({ length: options.senders }, sender))
  await runtime.queue.drain()
  const cpu = process.cpuUsage(cpuAtStart)
  const mailedSeconds = (Date.now() - started) / 1000
  // The last number's issue instant (issue dates follow numbers): no polling during the run.
  const [last] = (await receiptsByYear(runtime.table, year, 1)).items
  const receiptedSeconds = (Date.parse(last?.issuedAt ?? '') - started) / 1000
  const mailed = (await readdir(runtime.outboxDir)).filter((name) =>
    name.endsWith('-receipt.eml'),
  ).length
  const receipted = await readCounter(runtime.table, year)
  await runtime.stop()
  if (!options.standIn) await standIn.close()
  return {
    shape: options.shape,
    orders: options.orders,
    receipted,
    mailed,
    receiptedSeconds,
    mailedSeconds,
    receiptedPerSecond: receipted / receiptedSeconds,
    mailedPerSecond: mailed / mailedSeconds,
    cpuMsPerReceipted: (cpu.user + cpu.system) / 1000 / receipted,
  }
}
