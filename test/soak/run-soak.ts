import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  type StandInHelloAsso,
  startStandInHelloAsso,
} from '../../functions/demo/stand-in-helloasso.js'
import { readCounter } from '../../shared/store/counter-store.js'
import { createDynamoDbClients } from '../../shared/store/create-dynamodb-clients.js'
import { getPaymentReceiptNumber, getReceipt } from '../../shared/store/receipt-store.js'
import type { TableContext } from '../../shared/store/table-context.js'
import { testAssociationConfig } from '../support/test-association-config.js'
import { health, startLocalServerRetrying } from './local-server-process.js'
import {
  inParallel,
  type PostCounters,
  postUntilAcknowledged,
  SOAK_SECRET,
} from './post-notifications.js'
import { countOutbox, readOutbox } from './read-outbox.js'
import { pendingWorkCount, readSoakData } from './read-soak-data.js'
import {
  buildSales,
  type PlannedPost,
  paymentNotification,
  planPosts,
  type Random,
  refundedOrder,
  replaysOf,
  type Sale,
  seededRandom,
} from './soak-sales.js'
import { type SoakReport, type SoakRun, verifySoak } from './verify-soak.js'

export interface SoakOptions {
  /** Distinct paid orders. */
  sales: number
  /** Concurrent senders posting notifications. */
  concurrency: number
  /** `kill -9` of the whole local process tree, spread over the run, each followed by a restart. */
  kills: number
  /** Share of notifications replayed 1–3 times. */
  replayRate: number
  /** Share of sales refunded after their receipt exists (half of them once it is mailed). */
  refundRate: number
  /** Share of outbox sends that fail (OUTBOX_FAULT_RATE). */
  mailFaultRate: number
  /** A HelloAsso fault burst (5xx or hangs) after every this many API calls; 0 turns them off. */
  helloAssoFaultEvery: number
  seed: number
  /** How long to wait, once everything is posted, for the pipeline to go quiet. */
  quietTimeoutMs: number
  /**
   * The server's DELIVERY_LEASE_MS; its own default (30 s) when absent. After each kill, the
   * restarted server waits out the claims the dead one held on emails: up to this long.
   */
  deliveryLeaseMs?: number
  /**
   * How long the outbox must stay unchanged, with no pending work, to call the run quiet;
   * SETTLE_MS when absent.
   */
  settleMs?: number
  /** Where the data directory goes; the system's temporary folder when absent. */
  dataParent?: string
  /** Keep the data directory (DynamoDB files, outbox, server logs) even when the soak passes. */
  keepData: boolean
  progress: (line: string) => void
}

export const DEFAULT_SOAK_OPTIONS: SoakOptions = {
  sales: 10_000,
  concurrency: 32,
  kills: 3,
  replayRate: 0.3,
  refundRate: 0.03,
  mailFaultRate: 0.05,
  helloAssoFaultEvery: 50,
  seed: 1,
  quietTimeoutMs: 10 * 60_000,
  keepData: false,
  progress: () => {},
}

export interface SoakResult extends SoakReport {
  dataDir: string
  /** 1-minute load average at the start and the end: the machine may be shared. */
  loadAverage: [number, number]
}

const YEAR = 2026
const SETTLE_MS = 5_000
const STALL_MS = 3 * 60_000

/**
 * The chaos benchmark: `npm start`'s runtime in its own process group on a temporary DATA_DIR, a
 * stand-in HelloAsso with faults, a faulty outbox, concurrent senders with replays, refunds,
 * `kill -9` of the whole tree and restarts on the same data; then, once quiet, the checks.
 */
export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const wallStart = performance.now()
  const loadAtStart = loadavg()[0] as number
  const random = seededRandom(options.seed)
  const dataDir = await mkdtemp(join(options.dataParent ?? tmpdir(), 'soak-'))
  const standIn = await startStandInHelloAsso()
  const sales = buildSales(options.sales, random, { refunds: options.refundRate })
  for (const sale of sales) standIn.fake.putOrder(sale.order)
  const posts = planPosts(sales, random, options.replayRate)
  const env = await serverEnv(dataDir, standIn, options)
  const logFile = join(dataDir, 'server.log')
  const { doc, client } = createDynamoDbClients({
    endpoint: `http://127.0.0.1:${env.DYNAMODB_LOCAL_PORT}`,
    region: 'eu-west-3',
  })
  const table: TableContext = {
    doc,
    tableName: env.TABLE_NAME as string,
    orgId: testAssociationConfig().id,
  }
  const outboxDir = join(dataDir, 'outbox')
  options.progress(
    `soak: ${sales.length} sales, ${posts.length} notifications, ${options.kills} kills; data in ${dataDir}`,
  )
  const failedStarts = { count: 0 }
  let server = await startLocalServerRetrying(env, logFile, failedStarts).catch(
    async (error: unknown) => {
      // Nothing else holds the process then: the stand-in and the client must go too.
      client.destroy()
      await standIn.close()
      throw error
    },
  )
  options.progress(`server up in ${Math.round(server.startMs)} ms`)
  try {
    const state: SoakState = {
      sales,
      firstAck: new Array(sales.length).fill(undefined),
      refunded: new Array(sales.length).fill(false),
      counters: { attempts: 0, acked: 0, gaveUp: 0 },
      planned: posts.length,
      startedAt: Date.now(),
      sendersDone: false,
      stopped: false,
      emails: 0,
      numbered: 0,
      progressedAt: Date.now(),
    }
    const url = () => server.url
    const stopFaults = helloAssoFaults(standIn, options.helloAssoFaultEvery)
    const watching = watchProgress(outboxDir, table, state)
    const restarts: SoakRun['restarts'] = []
    const killing = killAndRestart(options, state, restarts, async () => {
      await server.kill()
      server = await startLocalServerRetrying(env, logFile, failedStarts)
      return server.url
    }).catch((error: unknown) => {
      // Senders stop too: a server that cannot restart ends the soak with its log.
      state.stopped = true
      return error
    })
    const sending = inParallel(posts, options.concurrency, async (post) => {
      await send(post, url, state, random)
    })
    const refunding = refund(state, table, standIn, url, random, options)
    await sending
    state.sendersDone = true
    options.progress(`all notifications sent (${state.counters.attempts} HTTP attempts)`)
    const [restartFailure] = await Promise.all([killing, refunding])
    if (restartFailure) throw restartFailure
    stopFaults()
    const quiet = await waitUntilQuiet(table, outboxDir, options)
    watching.stop()
    options.progress(`quiet: ${quiet}; verifying`)
    const [data, mails] = await Promise.all([readSoakData(table, YEAR), readOutbox(outboxDir)])
    const run: SoakRun = {
      sales,
      firstAck: state.firstAck,
      refunded: state.refunded,
      posts: { planned: state.planned, ...state.counters },
      startedAt: state.startedAt,
      kills: options.kills,
      restarts,
      helloAsso: { ...standIn.served },
      failedStarts: failedStarts.count,
      quiet,
      wallMs: performance.now() - wallStart,
    }
    const report = verifySoak(run, data, mails)
    return { ...report, dataDir, loadAverage: [loadAtStart, loadavg()[0] as number] }
  } finally {
    await server.stop()
    client.destroy()
    await standIn.close()
    if (!options.keepData) await rm(dataDir, { recursive: true, force: true }).catch(() => {})
  }
}

interface SoakState {
  sales: Sale[]
  firstAck: (number | undefined)[]
  refunded: boolean[]
  counters: PostCounters
  planned: number
  startedAt: number
  sendersDone: boolean
  /** Set when the soak cannot go on (a restart failed): senders give up. */
  stopped: boolean
  /** .eml files in the outbox and the receipt counter, refreshed by watchProgress. */
  emails: number
  numbered: number
  /** When the progress last moved. */
  progressedAt: number
}

/**
 * `kill -9` of the whole tree at even steps of progress, each followed by a restart on the same
 * data and a look at /healthz.
 */
async function killAndRestart(
  options: SoakOptions,
  state: SoakState,
  restarts: SoakRun['restarts'],
  killThenStart: () => Promise<string>,
): Promise<void> {
  for (let kill = 1; kill <= options.kills; kill++) {
    await untilProgress(state, kill / (options.kills + 1))
    const down = performance.now()
    options.progress(`kill -9 #${kill} at ${Math.round(progress(state) * 100)} % progress`)
    const url = await killThenStart()
    const healthy = (await health(url)) === 200
    restarts.push({ healthy, downMs: performance.now() - down })
    options.progress(`restart #${kill}: healthy ${healthy}`)
  }
}

async function send(post: PlannedPost, url: () => string, state: SoakState, random: Random) {
  const ackedAt = await postUntilAcknowledged(url, post.body, state, random)
  if (ackedAt === undefined) return
  const known = state.firstAck[post.sale]
  if (known === undefined || ackedAt < known) state.firstAck[post.sale] = ackedAt
}

/**
 * A third each for notifications acknowledged, receipts numbered and mails written: the kills
 * land while posting, while processing and while delivering.
 */
function progress(state: SoakState): number {
  const share = (done: number, total: number) => Math.min(done / total, 1)
  return (
    (share(state.counters.acked, state.planned) +
      share(state.numbered, state.sales.length) +
      share(state.emails, state.sales.length)) /
    3
  )
}

/**
 * Refunds each chosen sale once its receipt exists ('on-issue', which races the email) or once
 * it is mailed ('after-mail'): HelloAsso's state flips to Refunded and a Payment notification
 * (with its replays) is posted. Gives up on a sale whose receipt never comes.
 */
async function refund(
  state: SoakState,
  table: TableContext,
  standIn: StandInHelloAsso,
  url: () => string,
  random: Random,
  options: SoakOptions,
): Promise<void> {
  let waiting = state.sales.filter((sale) => sale.refund)
  while (waiting.length > 0 && !stalled(state)) {
    const ready: Sale[] = []
    // A slice per round: the server's DynamoDB Local is busy.
    const candidates = waiting.filter((sale) => state.firstAck[sale.index] !== undefined)
    await inParallel(candidates.slice(0, 100), 4, async (sale) => {
      if (await receipted(table, sale)) ready.push(sale)
    })
    waiting = waiting.filter((sale) => !ready.includes(sale))
    await Promise.all(
      ready.map(async (sale) => {
        const order = refundedOrder(sale.order, sale.paymentId, new Date())
        standIn.fake.putOrder(order)
        const own = {
          sale: sale.index,
          event: 'Payment' as const,
          body: paymentNotification(order, sale.paymentId),
        }
        const acks = await Promise.all(
          [own, ...replaysOf([own], random, options.replayRate)].map((post) =>
            postUntilAcknowledged(url, post.body, state, random),
          ),
        )
        state.planned += acks.length
        if (acks.some((ack) => ack !== undefined)) state.refunded[sale.index] = true
      }),
    )
    if (waiting.length > 0) await new Promise((resolve) => setTimeout(resolve, 500))
  }
  if (waiting.length > 0) {
    options.progress(`${waiting.length} refunds never posted: no receipt, or never mailed`)
  }
}

async function receipted(table: TableContext, sale: Sale): Promise<boolean> {
  try {
    const number = await getPaymentReceiptNumber(table, sale.paymentId)
    if (!number) return false
    if (sale.refund === 'on-issue') return true
    return (await getReceipt(table, number))?.delivery.status === 'sent'
  } catch {
    return false // DynamoDB Local is down with the rest of the tree: ask again later.
  }
}

/**
 * After every `everyRequests` calls HelloAsso gets, a burst: the next 4 calls answer 503 or 500
 * in turn, or, every fifth burst, the next 2 hang past the client's timeout. In proportion to
 * the traffic, so a slow machine sees the same share of faults as a fast one.
 */
function helloAssoFaults(standIn: StandInHelloAsso, everyRequests: number): () => void {
  if (everyRequests <= 0) return () => {}
  let bursts = 0
  let nextAt = everyRequests
  const timer = setInterval(() => {
    if (standIn.served.requests < nextAt) return
    nextAt = standIn.served.requests + everyRequests
    bursts++
    if (bursts % 5 === 0) standIn.fake.failNext(2, 'timeout')
    else standIn.fake.failNext(4, bursts % 2 === 0 ? 'status503' : 'status500')
  }, 100)
  // The few faults still queued hit the next calls, which the queue retries as any other.
  return () => clearInterval(timer)
}

/** Mails in the outbox and numbers taken, every second, for the progress of the kills. */
function watchProgress(dir: string, table: TableContext, state: SoakState): { stop(): void } {
  let last = progress(state)
  const timer = setInterval(() => {
    if (progress(state) !== last) {
      last = progress(state)
      state.progressedAt = Date.now()
    }
    void countOutbox(dir).then((count) => {
      state.emails = count
    })
    void readCounter(table, YEAR)
      .then((counter) => {
        state.numbered = counter
      })
      .catch(() => {}) // down with the rest of the tree
  }, 1_000)
  return { stop: () => clearInterval(timer) }
}

/** Pending work gone and the outbox unchanged for a few seconds, or the timeout. */
async function waitUntilQuiet(
  table: TableContext,
  outboxDir: string,
  options: SoakOptions,
): Promise<boolean> {
  const deadline = Date.now() + options.quietTimeoutMs
  let count = -1
  let stableSince = Date.now()
  let lastReport = 0
  while (Date.now() < deadline) {
    const now = Date.now()
    const current = await countOutbox(outboxDir)
    if (current !== count) {
      count = current
      stableSince = now
    }
    const pending = await pendingWorkCount(table).catch(() => -1)
    if (pending === 0 && now - stableSince >= (options.settleMs ?? SETTLE_MS)) return true
    if (now - lastReport > 15_000) {
      options.progress(`waiting for quiet: ${pending} pending, ${count} mails`)
      lastReport = now
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000))
  }
  return false
}

/**
 * Until `target` progress, or a stall once everything is posted: a pipeline that stops (mails
 * never come) still gets its kills, and then fails its checks.
 */
async function untilProgress(state: SoakState, target: number): Promise<void> {
  while (progress(state) < target && !stalled(state)) {
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

/** Everything posted, and no progress for three minutes. */
function stalled(state: SoakState): boolean {
  return state.sendersDone && Date.now() - state.progressedAt > STALL_MS
}

async function serverEnv(
  dataDir: string,
  standIn: StandInHelloAsso,
  options: SoakOptions,
): Promise<Record<string, string>> {
  const configPath = join(dataDir, 'association.json')
  await writeFile(configPath, JSON.stringify(testAssociationConfig(), null, 2))
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    WEBHOOK_SECRET: SOAK_SECRET,
    ASSOCIATION_CONFIG: configPath,
    HELLOASSO_API_URL: standIn.apiUrl,
    HELLOASSO_TOKEN_URL: standIn.tokenUrl,
    HELLOASSO_CLIENT_ID: standIn.fake.clientId,
    HELLOASSO_CLIENT_SECRET: standIn.fake.clientSecret,
    // Low, so hangs cost little, yet above what a busy machine takes to answer.
    HELLOASSO_TIMEOUT_MS: '2500',
    // Fixed for the whole run, so the soak reads the same DynamoDB Local after each restart.
    DYNAMODB_LOCAL_PORT: String(await freePort()),
    TABLE_NAME: 'helloasso-receipts',
    OUTBOX_FAULT_RATE: String(options.mailFaultRate),
    ...(options.deliveryLeaseMs ? { DELIVERY_LEASE_MS: String(options.deliveryLeaseMs) } : {}),
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}
