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
// their verification QR code, as every new receipt does. BENCH_LAYOUT=2,3 measures both in
// the same process, in alternating blocks, so that the load of a shared machine weighs on
// both alike: compare their CPU-second figures, not one run's with another's.
const LAYOUTS = (process.env.BENCH_LAYOUT ?? '3').split(',').map(Number)
const BLOCK = benchSize('BENCH_BLOCK', 25, 3)
const VERIFICATION_URL = `https://recus.example.org/verifier/${'eyJvcmciOiJsYWJvLWVzcyJ9_-'.repeat(7).slice(0, 170)}`
// Each case and layout is rendered this many times before it is timed: a deliver process
// renders receipts for hours, and V8 only settles on its optimised code after a few hundred
// (with 20, the first case measured a fifth slower than the same code a minute later). What a
// fresh process pays is printed apart, as the first render's time. None in a small run, whose
// figures mean nothing.
const WARM_UP = benchSize('BENCH_WARM_UP', 200, 0)

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
  layout: number
  'receipts/s': string
  'per CPU-s': string
  'mean bytes': number
  'max bytes': number
}

function inLayout(layout: number, make: (i: number) => ReceiptSnapshot) {
  return (i: number): ReceiptSnapshot =>
    layout === 1 || layout === 2
      ? { ...make(i), layoutVersion: layout }
      : { ...make(i), verification: { url: `${VERIFICATION_URL}${i}` } }
}

async function measure(label: string, make: (i: number) => ReceiptSnapshot): Promise<Row[]> {
  const runs = LAYOUTS.map((layout) => ({
    layout,
    snapshots: Array.from({ length: COUNT }, (_, i) => inLayout(layout, make)(i)),
    seconds: 0,
    cpu: 0,
    total: 0,
    max: 0,
  }))
  for (const run of runs)
    for (let i = 0; i < WARM_UP; i++)
      await renderReceiptPdf(run.snapshots[i % COUNT] as ReceiptSnapshot)
  // Blocks in turn, the order reversed every other block (A B, B A…).
  for (let from = 0, turn = 0; from < COUNT; from += BLOCK, turn++) {
    for (const run of turn % 2 === 0 ? runs : [...runs].reverse()) {
      const started = performance.now()
      const cpu = process.cpuUsage()
      for (const snapshot of run.snapshots.slice(from, from + BLOCK)) {
        const bytes = await renderReceiptPdf(snapshot)
        run.total += bytes.length
        run.max = Math.max(run.max, bytes.length)
      }
      const used = process.cpuUsage(cpu)
      run.cpu += (used.user + used.system) / 1e6
      run.seconds += (performance.now() - started) / 1000
    }
  }
  return runs.map((run) => ({
    case: label,
    layout: run.layout,
    'receipts/s': (COUNT / run.seconds).toFixed(0),
    // CPU time, which a machine shared with other work disturbs less than the wall clock.
    'per CPU-s': (COUNT / run.cpu).toFixed(0),
    'mean bytes': Math.round(run.total / COUNT),
    'max bytes': run.max,
  }))
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
  ...(await measure('11580, Latin names', (i) => individual(i, LATIN_NAMES))),
  ...(await measure('11580, Latin, new glyphs each', (i) => individual(0, [uniqueName(i)]))),
  ...(await measure('11580, mixed scripts', (i) => individual(i, WORLD_NAMES))),
  ...(await measure('11580, CJK names only', (i) => individual(i, CJK_NAMES))),
  ...(await measure('16216, Latin names', (i) => company(i, LATIN_NAMES))),
  ...(await measure('16216, mixed scripts', (i) => company(i, WORLD_NAMES))),
]
console.info(
  `${COUNT} receipts per case and layout, layout ${LAYOUTS.join(' and ')}${LAYOUTS.length > 1 ? ` in alternating blocks of ${BLOCK}` : ''}, one core, signature image included`,
)
printTable(rows)
console.info(
  `first render in a fresh process: ${cold.latin.toFixed(0)} ms (Latin), then ${cold.world.toFixed(0)} ms for the first CJK name (font files loaded)`,
)
