import { randomUUID } from 'node:crypto'
import { watch } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { Agent, request as httpRequest } from 'node:http'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { PutCommand } from '@aws-sdk/lib-dynamodb'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { createIngestApp } from '../../functions/ingest/app.js'
import { createLocalRuntime } from '../../functions/local/create-local-runtime.js'
import { loadEnv } from '../../shared/config/env.js'
import { parseAssociationConfig } from '../../shared/config/load-association-config.js'
import { ingestSettingsFromEnv } from '../../shared/ingest/ingest-settings.js'
import { silentLogger } from '../../shared/log.js'
import type { QueueMessage } from '../../shared/queue/queue-message.js'
import { createDynamoDbClients } from '../../shared/store/create-dynamodb-clients.js'
import { getReceipt } from '../../shared/store/receipt-store.js'
import { loadFixture } from '../support/fixtures.js'
import { testAssociationConfig } from '../support/test-association-config.js'
import { type BenchDynamoDb, benchDynamoDb } from './bench-dynamodb.js'
import {
  benchSize,
  type LoadResult,
  median,
  percentile,
  printTable,
  runLoad,
  SMALL,
} from './load.js'
import { pairedPipelines } from './paired-pipelines.js'
import {
  HELLOASSO_LATENCY_MS,
  measurePipeline,
  type PipelineResult,
  type PipelineShape,
} from './pipeline-throughput.js'
import { type StandInHelloAsso, startStandInProcess } from './stand-in-helloasso-process.js'

/**
 * `npm run bench:webhook`: ingest acknowledgement latency and throughput at 50 concurrent
 * connections, beside (a) a bare Hono route and (b) raw PutItem calls on the same DynamoDB Local,
 * then end-to-end latency (ack → .eml in the outbox). Unverified mode: no HelloAsso round trip.
 * Last, the processing pipeline's throughput against a stand-in HelloAsso answering in 100 ms:
 * numbering alone serialized (today) against everything serialized per organisation (the
 * former AWS shape), in the same process.
 */
const CONCURRENCY = benchSize('BENCH_CONCURRENCY', 50, 4)
const DURATION_MS = benchSize('BENCH_SECONDS', 10, 0.5) * 1000
/** None in a small run: its figures mean nothing, and each warm-up request is a receipt to drain. */
const WARM_UP_MS = SMALL ? 0 : 6000
const END_TO_END_SAMPLES = benchSize('BENCH_E2E_SAMPLES', 100, 3)
const SECRET = 'bench-secret'
const PIPELINE_ORDERS = benchSize('BENCH_PIPELINE_ORDERS', 256, 4)
const PIPELINE_SENDERS = benchSize('BENCH_PIPELINE_SENDERS', 16, 4)
const PIPELINE_ROUNDS = benchSize('BENCH_PIPELINE_ROUNDS', 5, 1)
/** `BENCH_PIPELINE_ONLY=1`: skip the ingest phases (minutes), measure the pipeline alone. */
const PIPELINE_ONLY = process.env.BENCH_PIPELINE_ONLY === '1'
/** `BENCH_INGEST_ONLY=1`: the ingest phases alone. */
const INGEST_ONLY = process.env.BENCH_INGEST_ONLY === '1'
/** `BENCH_AGAINST=<another checkout>`: the pipeline against that tree's, side by side. */
const AGAINST = process.env.BENCH_AGAINST
const PAIRED_ROUNDS = benchSize('BENCH_PIPELINE_ROUNDS', 8, 1)

const template = loadFixture('01_order_membership_individual_50eur_with_tip') as {
  data: Record<string, unknown>
}

function uniqueOrder(i: number): string {
  const orderId = 300_000_000 + i
  const data = structuredClone(template.data) as {
    id: number
    items: { id: number; payments?: { id: number }[] }[]
    payments: { id: number; items?: { id: number }[] }[]
  }
  data.id = orderId
  for (const item of data.items) {
    item.id = orderId
    for (const p of item.payments ?? []) p.id = orderId
  }
  for (const payment of data.payments) {
    payment.id = orderId
    for (const share of payment.items ?? []) share.id = orderId
  }
  return JSON.stringify({ eventType: 'Order', data })
}

async function main() {
  // A busy machine can take more than the default 30 s to start the JVM.
  const dynamo = await benchDynamoDb({ readyTimeoutMs: 120_000 })
  const standIn = smallRunStandIn()
  if (!PIPELINE_ONLY) await ingestPhases(dynamo.endpoint, dynamo.tableName('bench'))
  if (AGAINST)
    await pairedPipelines({
      dynamoEndpoint: dynamo.endpoint,
      tableName: dynamo.tableName,
      againstDir: AGAINST,
      orders: PIPELINE_ORDERS,
      senders: PIPELINE_SENDERS,
      rounds: PAIRED_ROUNDS,
      warmUp: !SMALL,
      standIn: await standIn,
    })
  else if (!INGEST_ONLY) await pipelineThroughput(dynamo, await standIn)
  await (await standIn)?.close()
  await dynamo.stop()
  process.exit(0)
}

/** Ingest ack latency and throughput against a bare route and raw PutItem; then end to end. */
async function ingestPhases(dynamoEndpoint: string, tableName: string): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-webhook-'))
  const env = loadEnv({
    DATA_DIR: dataDir,
    TABLE_NAME: tableName,
    WEBHOOK_SECRET: SECRET,
    QUEUE_CONCURRENCY: process.env.QUEUE_CONCURRENCY ?? '4',
  })
  const runtime = await createLocalRuntime({
    env,
    association: {
      config: parseAssociationConfig(testAssociationConfig(), 'bench'),
      source: 'bench',
    },
    dynamoEndpoint,
    log: silentLogger,
  })
  const ingest = serve({ fetch: runtime.app.fetch, port: 0, hostname: '127.0.0.1' })
  // The same ingest app and table, with processing deferred: what the ingest Lambda alone does.
  const deferred: QueueMessage[] = []
  const ingestOnly = serve({
    fetch: createIngestApp({
      config: parseAssociationConfig(testAssociationConfig(), 'bench'),
      table: runtime.table,
      queue: { send: async (message) => void deferred.push(message) },
      now: () => new Date(),
      log: silentLogger,
      settings: ingestSettingsFromEnv(env, { requireSecret: true }),
      remoteAddress: () => undefined,
    }).fetch,
    port: 0,
    hostname: '127.0.0.1',
  })
  const bare = new Hono().post('/', (c) => c.text('ok'))
  const bareServer = serve({ fetch: bare.fetch, port: 0, hostname: '127.0.0.1' })
  await Promise.all(
    [ingest, ingestOnly, bareServer].map(
      (s) => new Promise((resolve) => s.once('listening', resolve)),
    ),
  )
  const portOf = (s: typeof ingest) => (s.address() as { port: number }).port
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY })
  const post = (port: number, path: string, body: string) => httpPost(agent, port, path, body)
  const { doc } = createDynamoDbClients({ endpoint: dynamoEndpoint, region: 'eu-west-3' })

  // Warm the JVM's JIT and the node paths so the phases compare like for like.
  if (WARM_UP_MS > 0) {
    await runLoad('warm-up', CONCURRENCY, WARM_UP_MS, (i) =>
      post(portOf(ingest), `/webhooks/helloasso/${SECRET}`, uniqueOrder(10_000_000 + i)),
    )
    await runtime.queue.drain()
  }

  const bareResult = await runLoad('(a) bare Hono route', CONCURRENCY, DURATION_MS, () =>
    post(portOf(bareServer), '/', '{}'),
  )
  const putResult = await runLoad(
    '(b) raw PutItem, same DynamoDB Local',
    CONCURRENCY,
    DURATION_MS,
    async (i) => {
      await doc.send(
        new PutCommand({
          TableName: tableName,
          Item: { pk: `BENCH#${i}#${randomUUID()}`, sk: 'X', body: template },
        }),
      )
      return true
    },
  )
  const ingestOnlyResult = await runLoad(
    'ingest path only (processing deferred)',
    CONCURRENCY,
    DURATION_MS,
    (i) => post(portOf(ingestOnly), `/webhooks/helloasso/${SECRET}`, uniqueOrder(30_000_000 + i)),
  )
  for (const message of deferred.splice(0)) await runtime.queue.send(message)
  await runtime.queue.drain()
  const ingestResult = await runLoad(
    'ingest POST, processing running (npm start)',
    CONCURRENCY,
    DURATION_MS,
    (i) => post(portOf(ingest), `/webhooks/helloasso/${SECRET}`, uniqueOrder(i)),
  )
  await runtime.queue.drain()

  const e2e = await endToEnd(runtime, (i) =>
    post(portOf(ingest), `/webhooks/helloasso/${SECRET}`, uniqueOrder(20_000_000 + i)),
  )

  printTable(
    [bareResult, putResult, ingestOnlyResult, ingestResult].map((r) => ({
      scenario: r.name,
      requests: r.requests,
      errors: r.errors,
      'req/s': r.perSecond.toFixed(0),
      'p50 ms': r.p50.toFixed(1),
      'p99 ms': r.p99.toFixed(1),
    })),
  )
  console.info('')
  printTable([
    {
      'ingest path / PutItem': percent(ingestOnlyResult, putResult),
      'ingest path / bare Hono': percent(ingestOnlyResult, bareResult),
      'with processing / PutItem': percent(ingestResult, putResult),
      'end-to-end p50 ms (ack → .eml)': e2e.p50.toFixed(0),
      'end-to-end p99 ms': e2e.p99.toFixed(0),
      'e2e samples': e2e.samples,
    },
  ])
  console.info(
    `\n${CONCURRENCY} concurrent connections, ${DURATION_MS / 1000} s per phase, ${process.env.BENCH_NOTE ?? 'one Node process for server and load generator'}.`,
  )
  ingest.close()
  ingestOnly.close()
  bareServer.close()
  await runtime.stop()
}

/**
 * Paid orders receipted per second, pipelined against serialized; the ratio is the point. A
 * warm-up first (JIT, fonts), then the two shapes alternate over a few rounds so that a
 * busy moment of the machine does not fall on one shape only; the median ratio is reported.
 */
async function pipelineThroughput(
  dynamo: BenchDynamoDb,
  standIn: StandInHelloAsso | undefined,
): Promise<void> {
  let firstOrderId = 400_000
  const run = (shape: PipelineShape, orders = PIPELINE_ORDERS) => {
    firstOrderId += 10_000
    return measurePipeline({
      shape,
      orders,
      senders: PIPELINE_SENDERS,
      dynamoEndpoint: dynamo.endpoint,
      tableName: dynamo.tableName,
      standIn,
      firstOrderId,
    })
  }
  // DynamoDB Local's JIT needs a few hundred orders before two runs compare.
  if (!SMALL) {
    await run('numbering-serial', PIPELINE_ORDERS * 2)
    await run('all-serial', PIPELINE_ORDERS / 2)
  }
  const rounds: { pipelined: PipelineResult; serial: PipelineResult }[] = []
  for (let round = 0; round < PIPELINE_ROUNDS; round++)
    rounds.push({ pipelined: await run('numbering-serial'), serial: await run('all-serial') })
  console.info('')
  printTable(
    rounds.flatMap(({ pipelined, serial }, index) =>
      [pipelined, serial].map((r) => ({
        round: index + 1,
        'processing pipeline':
          r.shape === 'numbering-serial'
            ? 'numbering alone serialized (now)'
            : 'everything serialized per org (former AWS)',
        'paid orders': r.orders,
        receipted: r.receipted,
        'receipted/s': r.receiptedPerSecond.toFixed(1),
        mailed: r.mailed,
        'mailed/s': r.mailedPerSecond.toFixed(1),
        'CPU ms / receipted order': r.cpuMsPerReceipted.toFixed(1),
      })),
    ),
  )
  const ratio = (pick: (r: PipelineResult) => number) =>
    `${median(rounds.map((r) => pick(r.pipelined) / pick(r.serial))).toFixed(1)}×`
  const cpuMs = median(rounds.map((r) => r.pipelined.cpuMsPerReceipted))
  console.info(
    `\nPipelined / serialized, median of ${PIPELINE_ROUNDS} rounds: ${ratio((r) => r.receiptedPerSecond)} receipted, ${ratio((r) => r.mailedPerSecond)} mailed (${PIPELINE_SENDERS} concurrent orders, HelloAsso answering in ${HELLOASSO_LATENCY_MS} ms over HTTP, one Node process doing every step; load average ${loadavg()[0]?.toFixed(1)}).`,
  )
  console.info(
    `CPU per receipted order, pipelined, median of ${PIPELINE_ROUNDS} rounds: ${cpuMs.toFixed(1)} ms (this process, every step from the webhook to the .eml; DynamoDB Local and the stand-in HelloAsso apart).`,
  )
}

/**
 * The stand-in HelloAsso a small run's pipeline runs share, started at once so that its
 * process (a second) starts while the ingest phases run: it takes longer than their few orders.
 * A full run's pipeline runs start one each, as they always have (pipeline-throughput.ts).
 */
function smallRunStandIn(): Promise<StandInHelloAsso> | undefined {
  return SMALL && (AGAINST || !INGEST_ONLY) ? startStandInProcess(HELLOASSO_LATENCY_MS) : undefined
}

function percent(part: LoadResult, whole: LoadResult): string {
  return `${((part.perSecond / whole.perSecond) * 100).toFixed(0)} %`
}

/** Posts notifications at a steady 20/s and times each from its ack to its .eml file. */
async function endToEnd(
  runtime: Awaited<ReturnType<typeof createLocalRuntime>>,
  send: (i: number) => Promise<boolean>,
) {
  const acked = new Map<number, number>()
  const written = new Map<string, number>()
  const watcher = watch(runtime.outboxDir, (_event, name) => {
    const match = name && /-(\d{4}-\d{5})-receipt\.eml$/.exec(name)
    if (match?.[1] && !written.has(match[1])) written.set(match[1], performance.now())
  })
  const count = END_TO_END_SAMPLES
  for (let i = 0; i < count; i++) {
    await send(i)
    acked.set(300_000_000 + 20_000_000 + i, performance.now())
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  await runtime.queue.drain()
  await new Promise((resolve) => setTimeout(resolve, 200))
  watcher.close()
  const latencies: number[] = []
  for (const [number, at] of written) {
    const receipt = await getReceipt(runtime.table, number)
    const sentAt = receipt && acked.get(receipt.orderId)
    if (sentAt !== undefined) latencies.push(at - sentAt)
  }
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    samples: latencies.length,
  }
}

function httpPost(agent: Agent, port: number, path: string, body: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = httpRequest(
      {
        agent,
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        response.resume()
        response.on('end', () => resolve(response.statusCode === 200))
      },
    )
    request.on('error', () => resolve(false))
    request.end(body)
  })
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
