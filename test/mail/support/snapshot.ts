import type {
  CompanyDonor,
  IndividualDonor,
  ReceiptSnapshot,
} from '../../../shared/receipts/receipt-snapshot.js'

// Fictional people and organisations only.

export const anIndividual: IndividualDonor = {
  kind: 'individual',
  lastName: 'Dupontel',
  firstNames: 'Camille Aimée',
  address: { street: '12 rue des Mûriers', postalCode: '69003', city: 'Lyon', country: 'France' },
}

export const aCompany: CompanyDonor = {
  kind: 'company',
  name: 'Atelier Fictif & Fils',
  legalForm: 'SARL',
  siren: '000000001',
  address: { street: '3 quai Imaginaire', postalCode: '44000', city: 'Nantes', country: 'France' },
}

/** An individual's 11580 receipt for 50 €, paid on 14 March 2026. */
export function aSnapshot(overrides: Partial<ReceiptSnapshot> = {}): ReceiptSnapshot {
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
    association: {
      name: 'Les Amis du Jardin Partagé',
      registrationNumber: 'RNA W000000000',
      address: {
        street: '1 place de la Mairie',
        postalCode: '75000',
        city: 'Paris',
        country: 'France',
      },
      object: 'Faire vivre un jardin partagé ouvert à toutes et tous',
      organismeType: 'association-loi-1901',
      signatory: { name: 'Dominique Exemple', capacity: 'Trésorier' },
    },
    donor: anIndividual,
    specimen: false,
    ...overrides,
  }
}

/** A company's 16216 receipt for 1 234,50 € over three instalments. */
export function aCompanySnapshot(overrides: Partial<ReceiptSnapshot> = {}): ReceiptSnapshot {
  return aSnapshot({
    number: '2026-00107',
    form: '16216',
    cerfaNumber: '16216*02',
    formCode: '2041-MEC-SD',
    amountCents: 123450,
    paymentDates: { from: '2026-01-10', to: '2026-03-10' },
    donor: aCompany,
    ...overrides,
  })
}

/** Not a real PDF: the mail code only carries bytes, so any bytes will do (incl. non-UTF-8). */
export const dummyPdf = new Uint8Array([
  ...new TextEncoder().encode('%PDF-1.7\n%'),
  0xe2,
  0xe3,
  0xcf,
  0xd3,
  0x00,
  0xff,
  ...new TextEncoder().encode('\n1 0 obj << >> endobj\n%%EOF\n'),
])

export const FROM = 'Les Amis du Jardin Partagé <recus@jardin.example.org>'
export const TO = 'camille.dupontel@example.net'
