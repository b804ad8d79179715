// Receipts rendered per second on one core, and their sizes (`npm run bench:pdf`).
// A script, not a test: timings are printed, never asserted.

import type { ReceiptSnapshot } from '../../shared/receipts/receipt-snapshot.js'
import { renderReceiptPdf } from '../../shared/receipts/render-receipt-pdf.js'
import {
  aCompanyDonor,
  aCompanyReceiptSnapshot,
  anAssociationSnapshot,
  anIndividualDonor,
  aReceiptSnapshot,
  aSignaturePngBase64,
} from '../support/builders/a-receipt-snapshot.js'
import { benchSize, printTable } from './load.js'

const COUNT = benchSize('BENCH_COUNT', 300, 3)
// BENCH_LAYOUT=1 or 2 measures an earlier layout for comparison; layout 3 receipts carry
// their verification QR code, as every new receipt does.
const LAYOUT = Number(process.env.BENCH_LAYOUT ?? 3)
const VERIFICATION_URL = `https://recus.example.org/verifier/${'eyJvcmciOiJsYWJvLWVzcyJ9_-'.repeat(7).slice(0, 170)}`
const WARM_UP = benchSize('BENCH_WARM_UP', 20, 1)

const LATIN_NAMES: ReadonlyArray<readonly [string, string]> = [
  ['Martin', 'Jeanne'],
  ['Lefèvre', 'François-Xavier'],
  ['Dubois-Château', 'Zoé Anaïs'],
  ['Garçon', 'Noël'],
  ["O'Connor", 'Siobhán'],
  ['Muñoz', 'José María'],
]

// Each needs an embedded font: DejaVu for most, Noto Sans SC / KR for CJK and Hangul.
const WORLD_NAMES: ReadonlyArray<readonly [string, string]> = [
  ['Nguyễn-Ødegård', 'Łucja'],
  ['Иванова', 'Анна'],
  ['الخطيب', 'ليلى'],
  ['王', '小明'],
  ['김', '민준'],
  ['Παπαδοπούλου', 'Ελένη'],
  ['Kowalczyk', 'Bożena'],
  ['コバヤシ', 'さくら'],
]

// The slowest case: the largest fonts (Noto Sans SC and KR), for every receipt.
const CJK_NAMES: ReadonlyArray<readonly [string, string]> = [
  ['王', '小明'],
  ['김', '민준'],
  ['コバヤシ', 'さくら'],
  ['陳', '志強'],
]

// Layout 2 caches each font subset by glyph set; names of letters drawn from this alphabet
// give (almost) every receipt a new set, the worst case for that cache.
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŁŚŽĆČŘŠĐƠƯẠẾỆỲ'

function uniqueName(i: number): readonly [string, string] {
  const letters = [...ALPHABET]
  const pick = (n: number) => letters[n % letters.length] ?? 'A'
  return [`${pick(i)}${pick(i * 7 + 3)}${pick(i * 13 + 5)}ndez`, `${pick(i * 3 + 1)}ean`]
}

const association = anAssociationSnapshot({ signatureImagePngBase64: aSignaturePngBase64() })

function individual(i: number, names: typeof LATIN_NAMES): ReceiptSnapshot {
  const [lastName, firstNames] = names[i % names.length] ?? ['Martin', 'Jeanne']
  return aReceiptSnapshot({
    number: `2026-${String(i).padStart(5, '0')}`,
    amountCents: 1000 + ((i * 731) % 100_000),
    association,
    donor: anIndividualDonor({ lastName, firstNames }),
  })
}

function company(i: number, names: typeof LATIN_NAMES): ReceiptSnapshot {
  const [name] = names[i % names.length] ?? ['Martin']
  return aCompanyReceiptSnapshot({
    number: `2026-${String(i).padStart(5, '0')}`,
    amountCents: 1000 + ((i * 731) % 100_000),
    association,
    donor: aCompanyDonor({ name: `${name} et Associés` }),
  })
}

type Row = {
  case: string
  'receipts/s': string
  'per CPU-s': string
  'mean bytes': number
  'max bytes': number
}

async function measure(label: string, make: (i: number) => ReceiptSnapshot): Promise<Row> {
  const made = make
  if (LAYOUT === 1 || LAYOUT === 2) make = (i) => ({ ...made(i), layoutVersion: LAYOUT })
  else make = (i) => ({ ...made(i), verification: { url: `${VERIFICATION_URL}${i}` } })
  for (let i = 0; i < WARM_UP; i++) await renderReceiptPdf(make(i))
  const snapshots = Array.from({ length: COUNT }, (_, i) => make(i))
  let total = 0
  let max = 0
  const started = performance.now()
  const cpu = process.cpuUsage()
  for (const snapshot of snapshots) {
    const bytes = await renderReceiptPdf(snapshot)
    total += bytes.length
    max = Math.max(max, bytes.length)
  }
  const seconds = (performance.now() - started) / 1000
  const used = process.cpuUsage(cpu)
  return {
    case: label,
    'receipts/s': (COUNT / seconds).toFixed(0),
    // CPU time, which a machine shared with other work disturbs less than the wall clock.
    'per CPU-s': (COUNT / ((used.user + used.system) / 1e6)).toFixed(0),
    'mean bytes': Math.round(total / COUNT),
    'max bytes': max,
  }
}

async function firstRender(make: () => ReceiptSnapshot): Promise<number> {
  const started = performance.now()
  await renderReceiptPdf(make())
  return performance.now() - started
}

// Cold start first: font files are read and parsed once per process.
const cold = {
  latin: await firstRender(() => individual(0, LATIN_NAMES)),
  world: await firstRender(() => individual(3, WORLD_NAMES)),
}
const rows = [
  await measure('11580, Latin names', (i) => individual(i, LATIN_NAMES)),
  await measure('11580, Latin, new glyphs each', (i) => individual(0, [uniqueName(i)])),
  await measure('11580, mixed scripts', (i) => individual(i, WORLD_NAMES)),
  await measure('11580, CJK names only', (i) => individual(i, CJK_NAMES)),
  await measure('16216, Latin names', (i) => company(i, LATIN_NAMES)),
  await measure('16216, mixed scripts', (i) => company(i, WORLD_NAMES)),
]
console.info(`${COUNT} receipts per case, layout ${LAYOUT}, one core, signature image included`)
printTable(rows)
console.info(
  `first render in a fresh process: ${cold.latin.toFixed(0)} ms (Latin), then ${cold.world.toFixed(0)} ms for the first CJK name (font files loaded)`,
)
