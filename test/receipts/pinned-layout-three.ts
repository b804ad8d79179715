import type { ReceiptSnapshot, RenderOptions } from '../../shared/receipts/receipt-snapshot.js'

/**
 * Layout 3's pinned receipts, shared by pinned-receipt-bytes.test.ts and `npm run check:arm64`
 * (which renders them on other Node releases and CPUs): the snapshots written out in full,
 * and the SHA-256 of their PDFs. A change that moves one byte fails both; a deliberate change
 * to the printed output is a new layout version.
 */
const VERIFICATION = {
  url: 'https://recus.example.org/verifier/eyJvcmciOiJsYWJvLWVzcyIsIm51bWJlciI6IjIwMjYtMDAwNDIiLCJhbW91bnQiOjUwMDB9.MEUCIQDk3s9Vb2x1bWVfb2ZfYV9zaWduYXR1cmVfdGhhdF9pc19maWN0aXZlAiBfX19maWN0aXZlX3NpZ25hdHVyZV9wYXJ0X3R3b19f',
}

const individual: ReceiptSnapshot = {
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
  layoutVersion: 3,
  verification: VERIFICATION,
}

const company: ReceiptSnapshot = {
  ...individual,
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

/** The names that found layout 2's flaws: mixed directions, digits in Arabic, invisibles. */
const hostile: ReceiptSnapshot = {
  ...individual,
  paymentMethod: 'other',
  donor: {
    kind: 'individual',
    lastName: 'الخطيب\u00ad',
    firstNames: 'ليلى Παπαδοπούλου\u2060\u202e',
    address: { street: 'شارع 12 النخيل', postalCode: '69003', city: 'Lyon', country: 'France' },
  },
}

const worldNoLink: ReceiptSnapshot = {
  ...individual,
  donor: {
    kind: 'individual',
    lastName: 'Иванова 王 Ελένη',
    firstNames: 'Nguyễn ليلى',
    address: {
      street: '3 allée des Tilleuls',
      postalCode: '69003',
      city: 'Lyon',
      country: 'France',
    },
  },
}
delete worldNoLink.verification

const stamped: RenderOptions = {
  duplicateOf: { reprintedOn: '2026-05-02' },
  lifecycle: { status: 'cancelled', cancelledOn: '2026-06-15', reason: 'remboursement' },
}

export const LAYOUT_THREE_CASES: Record<string, [ReceiptSnapshot, RenderOptions]> = {
  '11580 with its QR code': [individual, {}],
  '16216 with its QR code': [company, {}],
  'hostile names, stamped DUPLICATA and ANNULÉ': [hostile, stamped],
  'CJK and Cyrillic, no QR code': [worldNoLink, {}],
}

export const LAYOUT_THREE_PINS: Record<string, string> = {
  '11580 with its QR code': '59c95f0ceee3886be50ce239c7bbc228f395607e7322f1f121b1e76da5699bc5',
  '16216 with its QR code': '237c9f49984e74aa8779aa42c52cb2baf2c1d2c2fdf68d031155060193a882bc',
  'hostile names, stamped DUPLICATA and ANNULÉ':
    '45a1fa5623441d9fc7aa00c8cd361730f44215c94c6e2b016d666f1b3b8403ac',
  'CJK and Cyrillic, no QR code':
    '4cce0fc0a3551b532f04b73b25bed8457cf24374754ebc78ea12f212f471383f',
}
