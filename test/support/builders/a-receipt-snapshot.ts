import { crc32, deflateSync } from 'node:zlib'
import {
  type AssociationSnapshot,
  type CompanyDonor,
  CURRENT_LAYOUT_VERSION,
  type IndividualDonor,
  type ReceiptSnapshot,
} from '../../../shared/receipts/receipt-snapshot.js'

/** A fictional association, as its settings would be frozen into a receipt. */
export function anAssociationSnapshot(
  overrides: Partial<AssociationSnapshot> = {},
): AssociationSnapshot {
  return {
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
    ...overrides,
  }
}

export function anIndividualDonor(overrides: Partial<IndividualDonor> = {}): IndividualDonor {
  return {
    kind: 'individual',
    lastName: 'Exemple',
    firstNames: 'Jeanne Marie',
    address: {
      street: '3 allée des Tilleuls',
      postalCode: '69003',
      city: 'Lyon',
      country: 'France',
    },
    ...overrides,
  }
}

export function aCompanyDonor(overrides: Partial<CompanyDonor> = {}): CompanyDonor {
  return {
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
    ...overrides,
  }
}

/** A 50 € membership fee paid by card, receipt 2026-00042 on form 11580. */
export function aReceiptSnapshot(overrides: Partial<ReceiptSnapshot> = {}): ReceiptSnapshot {
  return {
    number: '2026-00042',
    form: '11580',
    cerfaNumber: '11580*05',
    formCode: '2041-RD',
    issuedAt: '2026-03-15T09:30:00.000Z',
    amountCents: 5000,
    paymentDates: { from: '2026-03-14', to: '2026-03-14' },
    paymentMethod: 'card',
    giftForm: 'declaration-don-manuel',
    association: anAssociationSnapshot(),
    donor: anIndividualDonor(),
    specimen: false,
    layoutVersion: CURRENT_LAYOUT_VERSION,
    ...overrides,
  }
}

/** The same fee paid by a company: form 16216. */
export function aCompanyReceiptSnapshot(overrides: Partial<ReceiptSnapshot> = {}): ReceiptSnapshot {
  return aReceiptSnapshot({
    form: '16216',
    cerfaNumber: '16216*02',
    formCode: '2041-MEC-SD',
    donor: aCompanyDonor(),
    ...overrides,
  })
}

/** A small handwritten-looking stroke, as a PNG with transparency, base64. */
export function aSignaturePngBase64(width = 240, height = 80): string {
  const rows: Buffer[] = []
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 4)
    for (let x = 0; x < width; x++) {
      const curve = height / 2 + Math.sin(x / 14) * (height / 4) * Math.cos(x / 61)
      if (Math.abs(y - curve) < 2.2) row.set([20, 40, 110, 255], 1 + x * 4)
    }
    rows.push(row)
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 6, 0, 0, 0], 8)
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ])
  return png.toString('base64')
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(typed))
  return Buffer.concat([length, typed, crc])
}
