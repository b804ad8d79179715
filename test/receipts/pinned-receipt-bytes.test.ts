import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { ReceiptSnapshot, RenderOptions } from '../../shared/receipts/receipt-snapshot.js'
import { renderReceiptPdf } from '../../shared/receipts/render-receipt-pdf.js'
import { LAYOUT_THREE_CASES, LAYOUT_THREE_PINS } from './pinned-layout-three.js'

/**
 * The exact bytes of fixed receipts, per layout version. A receipt's SHA-256 is recorded when
 * it is emailed and `receipts regenerate` must find it again years later: a dependency bump
 * (pdf-lib, fontkit, a font package) or a change to the drawing code that moves one byte of an
 * existing layout fails here. A deliberate change to the printed output is a new layout version.
 * The snapshots are written out in full, not built by test helpers that may change.
 */
const layoutOne: ReceiptSnapshot = {
  number: '2026-00042',
  form: '11580',
  cerfaNumber: '11580*05',
  formCode: '2041-RD',
  issuedAt: '2026-03-15T09:30:00.000Z',
  amountCents: 5000,
  paymentDates: { from: '2026-03-14', to: '2026-03-14' },
  paymentMethod: 'card',
  giftForm: 'declaration-don-manuel',
  association: {
    name: 'Les Amis du Jardin Partagé',
    registrationNumber: 'RNA W751234567',
    address: {
      street: '12 rue des Mûriers',
      postalCode: '75011',
      city: 'Paris',
      country: 'France',
    },
    object:
      'Faire vivre un jardin partagé de quartier, transmettre les savoirs du jardinage écologique et organiser des ateliers ouverts à tous.',
    organismeType: 'association-loi-1901',
    signatory: { name: 'Camille Fictive', capacity: 'Trésorière' },
  },
  donor: {
    kind: 'individual',
    lastName: 'Nguyễn',
    firstNames: 'Jeanne Marie',
    address: {
      street: '3 allée des Tilleuls',
      postalCode: '69003',
      city: 'Lyon',
      country: 'France',
    },
  },
  specimen: false,
}

const companyLayoutOne: ReceiptSnapshot = {
  ...layoutOne,
  number: '2026-00043',
  form: '16216',
  cerfaNumber: '16216*02',
  formCode: '2041-MEC-SD',
  amountCents: 50_000,
  donor: {
    kind: 'company',
    name: 'Boulangerie Imaginaire',
    legalForm: 'SARL',
    siren: '123456789',
    address: {
      street: '8 place du Marché',
      postalCode: '33000',
      city: 'Bordeaux',
      country: 'France',
    },
  },
}

const layoutTwo: ReceiptSnapshot = { ...layoutOne, layoutVersion: 2 }
const companyLayoutTwo: ReceiptSnapshot = { ...companyLayoutOne, layoutVersion: 2 }

function arabic(layoutVersion: 1 | 2): ReceiptSnapshot {
  const donor = { ...layoutOne.donor, lastName: 'الخطيب', firstNames: 'ليلى' }
  return { ...layoutOne, layoutVersion, donor: donor as ReceiptSnapshot['donor'] }
}

function withCjk(layoutVersion: 1 | 2): ReceiptSnapshot {
  const donor = { ...layoutOne.donor, lastName: 'Иванова 王 Ελένη', firstNames: 'Nguyễn ليلى' }
  return { ...layoutOne, layoutVersion, donor: donor as ReceiptSnapshot['donor'] }
}

const ARABIC_LAYOUT_ONE = 'e827b6d9493cef257d8f6470da69643099165bc3d8b38f5510b488f7de9e489f'

/** The names that found layout 2's flaws: mixed directions, digits in Arabic, invisibles. */
function hostile(layoutVersion: 2): ReceiptSnapshot {
  const donor = {
    ...layoutOne.donor,
    lastName: 'الخطيب\u00ad',
    firstNames: 'ليلى Παπαδοπούλου\u2060\u202e',
    address: { street: 'شارع 12 النخيل', postalCode: '69003', city: 'Lyon', country: 'France' },
  }
  return {
    ...layoutOne,
    layoutVersion,
    paymentMethod: 'other',
    donor: donor as ReceiptSnapshot['donor'],
  }
}

const STAMPED: RenderOptions = {
  duplicateOf: { reprintedOn: '2026-05-02' },
  lifecycle: { status: 'cancelled', cancelledOn: '2026-06-15', reason: 'remboursement' },
}

async function sha256(snapshot: ReceiptSnapshot, options: RenderOptions = {}): Promise<string> {
  return createHash('sha256')
    .update(await renderReceiptPdf(snapshot, options))
    .digest('hex')
}

describe('pinned receipt bytes', () => {
  it('layout 1 with an Arabic name (DejaVu, embedded by pdf-lib): bytes unchanged', async () => {
    expect(await sha256(arabic(1))).toBe(ARABIC_LAYOUT_ONE)
  })

  it('layout 2 (embedded fonts, PDF/A-2b): 11580 bytes unchanged', async () => {
    expect(await sha256(layoutTwo)).toBe(
      '5f87ce173c5ff2da1a94d1f584fda7d537173ea729006c6105383ca218cd72ec',
    )
  })

  it('layout 2 (embedded fonts, PDF/A-2b): 16216 bytes unchanged', async () => {
    expect(await sha256(companyLayoutTwo)).toBe(
      '21b1acae06a35718d531b2eb538499bd0dca731168889985eeac6acb9b3879b9',
    )
  })

  it('layout 2 keeps its flaws byte for byte: hostile names, an other payment, a stamped copy', async () => {
    expect(await sha256(hostile(2))).toBe(
      'e7a85a0aacd33c04e0117475b6c91090909ecd6b4b372639c9db431b8b325bc9',
    )
    expect(await sha256(hostile(2), STAMPED)).toBe(
      '15a050259c5e6273feb0a4e1f9886c36fadcb066989f44cca92f920aa7c79465',
    )
  })

  it('gives the same bytes whatever the process rendered before (font caches are pure)', async () => {
    // Layout 2 first, with the fonts layout 1 also uses (DejaVu for Arabic): measurements
    // cached by one layout must not leak into the other.
    for (const other of [
      arabic(2),
      { ...companyLayoutTwo, specimen: true },
      withCjk(2),
      withCjk(1),
    ])
      await renderReceiptPdf(other, { duplicateOf: { reprintedOn: '2026-06-01' } })

    expect(await sha256(arabic(1))).toBe(ARABIC_LAYOUT_ONE)
    expect(await sha256(layoutOne)).toBe(
      '41a1e694e67ffa158b07ef1310a747ea6d47499bdd9be03495020200894c4232',
    )
    const fresh = await sha256(layoutTwo)
    await renderReceiptPdf(withCjk(2))
    expect(await sha256(layoutTwo)).toBe(fresh)
  })

  it('layout 1 (a snapshot without layoutVersion, Helvetica): 11580 bytes unchanged', async () => {
    expect(await sha256(layoutOne)).toBe(
      '41a1e694e67ffa158b07ef1310a747ea6d47499bdd9be03495020200894c4232',
    )
  })

  it('layout 1 (a snapshot without layoutVersion, Helvetica): 16216 bytes unchanged', async () => {
    expect(await sha256(companyLayoutOne)).toBe(
      '4b3efd103a0e85350d2f10c20c2fb8b78f2f0920a431c5b78a6e8914cfe47c0d',
    )
  })

  // `npm run check:arm64` renders the same cases on Node 20 x64, Node 24 x64 and Node 24
  // ARM64 (under qemu) and compares with the same pins: layout 3 uses no platform zlib.
  it.each(Object.entries(LAYOUT_THREE_PINS))('layout 3: %s, bytes unchanged', async (name, pin) => {
    const [snapshot, options] = LAYOUT_THREE_CASES[name] ?? [layoutTwo, {}]
    expect(await sha256(snapshot, options)).toBe(pin)
  })

  it('layout 3: rendered again after the others, in reverse order, from laid-out lines, the same bytes', async () => {
    const cases = Object.entries(LAYOUT_THREE_PINS)
    for (const [name] of cases) {
      const [snapshot, options] = LAYOUT_THREE_CASES[name] ?? [layoutTwo, {}]
      await renderReceiptPdf(snapshot, options)
    }
    for (const [name, pin] of cases.reverse()) {
      const [snapshot, options] = LAYOUT_THREE_CASES[name] ?? [layoutTwo, {}]
      expect(await sha256(snapshot, options)).toBe(pin)
    }
  })

  it('layout 3: a snapshot with its keys in another order, at every depth, gives the same bytes', async () => {
    for (const [snapshot, options] of Object.values(LAYOUT_THREE_CASES)) {
      const reordered = reversedKeys(snapshot)
      expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(snapshot))
      expect(await sha256(reordered, reversedKeys(options))).toBe(await sha256(snapshot, options))
    }
  })

  it('layout 2 did not: its trailer /ID hashed JSON.stringify of the snapshot', async () => {
    expect(await sha256(reversedKeys(layoutTwo))).not.toBe(await sha256(layoutTwo))
  })
})

/** The same value with every object's keys in reverse order, as a restore might give them. */
function reversedKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reversedKeys) as T
  if (value === null || typeof value !== 'object') return value
  const entries = Object.entries(value).reverse()
  return Object.fromEntries(entries.map(([key, item]) => [key, reversedKeys(item)])) as T
}
