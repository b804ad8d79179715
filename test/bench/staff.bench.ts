import { performance } from 'node:perf_hooks'
import { createPublicApp } from '../../functions/public/app.js'
import { parseAssociationConfig } from '../../shared/config/load-association-config.js'
import { receiptNumber } from '../../shared/domain/receipt-number.js'
import type { ReceiptRecord } from '../../shared/domain/records.js'
import { silentLogger } from '../../shared/log.js'
import { searchReceipts } from '../../shared/staff/search-receipts.js'
import type { StaffDeps } from '../../shared/staff/staff-deps.js'
import { createDynamoDbClients } from '../../shared/store/create-dynamodb-clients.js'
import { ensureTable } from '../../shared/store/ensure-table.js'
import { receiptItem, searchIndexPuts } from '../../shared/store/receipt-items.js'
import { sealedSnapshot, type TableContext } from '../../shared/store/table-context.js'
import { enableReceiptSigning } from '../../shared/verification/enable-receipt-signing.js'
import { generateSigningKeyPem } from '../../shared/verification/signing-key.js'
import { aNewReceipt } from '../support/builders/a-new-receipt.js'
import { batchPut } from '../support/seed-receipts.js'
import { testAssociationConfig } from '../support/test-association-config.js'
import { benchDynamoDb } from './bench-dynamodb.js'
import { benchSize, percentile, printTable, SMALL } from './load.js'

/**
 * `npm run bench:staff`: staff search latency with 50 000 receipts in DynamoDB Local (3 tax
 * years), through the same use case the API and the page call. Items are seeded with the
 * production item builders in BatchWrite calls (a real issue costs a transaction each).
 */
const RECEIPTS = benchSize('BENCH_RECEIPTS', 50_000, 100)
const QUERIES = benchSize('BENCH_QUERIES', 300, 5)
/** Queries run untimed first, to warm the JIT: none in a small run, whose figures mean nothing. */
const WARM_UP = SMALL ? 0 : 30
const YEARS = [2024, 2025, 2026]
const LAST = [
  'Martin',
  'Bernard',
  'Dubois',
  'Thomas',
  'Robert',
  'Richard',
  'Petit',
  'Durand',
  'Leroy',
  'Moreau',
  'Simon',
  'Laurent',
  'Lefèvre',
  'Michel',
  'García',
  'Nguyễn',
  'Ødegård',
  'Müller',
  'Kowalski',
  'Haddad',
  'Benali',
  'Rousseau',
  'Fontaine',
  'Chevalier',
  'Étienne',
]
const FIRST = [
  'Camille',
  'Léa',
  'Hugo',
  'Chloé',
  'Louis',
  'Inès',
  'Jules',
  'Zoé',
  'Nadia',
  'Karim',
  'Łucja',
  'Noé',
  'Élodie',
  'Mathis',
  'Aïcha',
]

async function main(): Promise<void> {
  const dynamo = await benchDynamoDb()
  const tableName = dynamo.tableName('bench-staff')
  const { client, doc } = createDynamoDbClients({
    endpoint: dynamo.endpoint,
    region: 'eu-west-3',
    maxSockets: 16,
  })
  await ensureTable(client, tableName)
  // Signed as the number step signs: each receipt carries its verification link.
  const table: TableContext = await enableReceiptSigning(
    { doc, tableName, orgId: 'rtld' },
    {
      signingKey: generateSigningKeyPem(),
      publicBaseUrl: 'https://recus.example.org',
      now: () => new Date(),
    },
  )
  const started = performance.now()
  const samples = await seed(table)
  const seedSeconds = (performance.now() - started) / 1000
  const deps: StaffDeps = {
    config: parseAssociationConfig(testAssociationConfig(), 'bench'),
    table,
    queue: { send: async () => {} },
    now: () => new Date('2026-06-01T10:00:00Z'),
    log: silentLogger,
  }
  const CURSOR_KEY = 'bench-cursor-key-0123456789abcdef'
  const pick = <T>(list: T[], i: number) => list[(i * 7919) % list.length] as T
  const scenarios: [string, (i: number) => Parameters<typeof searchReceipts>[1]][] = [
    ['number', (i) => ({ q: pick(samples.numbers, i), limit: 25 })],
    ['email', (i) => ({ q: pick(samples.emails, i), limit: 25 })],
    ['name prefix (3 letters)', (i) => ({ q: pick(LAST, i).slice(0, 3), limit: 25 })],
    [
      'name, two words',
      (i) => ({ q: `${pick(FIRST, i)} ${pick(LAST, i + 3).slice(0, 4)}`, limit: 25 }),
    ],
    ['HelloAsso order id', (i) => ({ q: String(pick(samples.orderIds, i)), limit: 25 })],
    ['year, first page', (i) => ({ year: pick(YEARS, i), limit: 25 })],
  ]
  for (const [, query] of scenarios)
    for (let i = 0; i < Math.min(WARM_UP, QUERIES); i++)
      await searchReceipts(deps, query(i), CURSOR_KEY)
  const rows = []
  for (const [name, query] of scenarios) {
    const latencies: number[] = []
    let found = 0
    for (let i = 0; i < QUERIES; i++) {
      const t0 = performance.now()
      const result = await searchReceipts(deps, query(i), CURSOR_KEY)
      latencies.push(performance.now() - t0)
      found += result.items.length
    }
    rows.push({
      query: name,
      runs: QUERIES,
      'mean results': (found / QUERIES).toFixed(1),
      'p50 ms': percentile(latencies, 50).toFixed(1),
      'p99 ms': percentile(latencies, 99).toFixed(1),
    })
  }
  rows.push(await verificationRow(deps, samples.links))
  console.info(
    `Seeded ${RECEIPTS} receipts (${YEARS.join(', ')}) in ${seedSeconds.toFixed(0)} s; ${QUERIES} sequential queries per row.\n`,
  )
  printTable(rows)
  await dynamo.stop()
  process.exit(0)
}

async function seed(table: TableContext) {
  const numbers: string[] = []
  const emails: string[] = []
  const orderIds: number[] = []
  const links: string[] = []
  const items: Record<string, unknown>[] = []
  for (let i = 0; i < RECEIPTS; i++) {
    const year = YEARS[i % YEARS.length] as number
    const receipt = fakeReceipt(table, i, year, Math.floor(i / YEARS.length) + 1)
    if (i % 97 === 0) {
      links.push(new URL(receipt.snapshot.verification?.url ?? '').pathname)
      numbers.push(receipt.number)
      emails.push(receipt.payerEmail)
      orderIds.push(receipt.orderId)
    }
    items.push(
      receiptItem(table, receipt),
      ...searchIndexPuts(table, receipt).map(
        (put) => (put as { Put: { Item: Record<string, unknown> } }).Put.Item,
      ),
    )
  }
  await batchPut(table, items)
  return { numbers, emails, orderIds, links }
}

/**
 * `GET /verifier/<token>` as a phone opening a receipt's QR code: through the public app
 * (signature check, one GetItem, the snapshot hashed, the page rendered).
 */
async function verificationRow(deps: StaffDeps, links: string[]) {
  const app = createPublicApp({
    config: deps.config,
    table: deps.table,
    mailer: { send: async () => ({ messageId: 'bench' }) },
    now: deps.now,
    log: silentLogger,
    publicBaseUrl: 'https://recus.example.org',
    clientIp: () => undefined,
    answerMs: 0,
  })
  const open = async (i: number) => {
    const response = await app.request(links[(i * 7919) % links.length] as string)
    if (response.status !== 200) throw new Error(`verification page answered ${response.status}`)
    await response.text()
  }
  for (let i = 0; i < WARM_UP; i++) await open(i)
  const latencies: number[] = []
  for (let i = 0; i < QUERIES; i++) {
    const t0 = performance.now()
    await open(i)
    latencies.push(performance.now() - t0)
  }
  return {
    query: 'GET /verifier/<token>',
    runs: QUERIES,
    'mean results': '1.0',
    'p50 ms': percentile(latencies, 50).toFixed(1),
    'p99 ms': percentile(latencies, 99).toFixed(1),
  }
}

function fakeReceipt(
  table: TableContext,
  i: number,
  year: number,
  sequence: number,
): ReceiptRecord {
  const draft = aNewReceipt(1_000_000 + i, {
    year,
    orderId: 5_000_000 + i,
    payerEmail: `membre${i}@example.org`,
  })
  const number = receiptNumber(year, sequence)
  const lastName = LAST[i % LAST.length] as string
  const firstNames = FIRST[(i * 7) % FIRST.length] as string
  return {
    ...draft,
    orgId: 'rtld',
    number,
    sequence,
    snapshot: sealedSnapshot(table, {
      ...draft.snapshot,
      number,
      donor: {
        kind: 'individual',
        lastName,
        firstNames,
        address: {
          street: `${i} rue Exemple`,
          postalCode: '26000',
          city: 'Valence',
          country: 'France',
        },
      },
    }),
    history: [{ at: draft.issuedAt, event: 'issued' }],
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
