import type * as z from 'zod'
import type { AssociationConfigSchema } from '../../shared/config/association-config-schema.js'

/** The fictional association of test/fixtures/helloasso, matched by HelloAsso tier ids. */
export const TEST_ORG_SLUG = 'reseau-tiers-lieux-drome'

const season = { kind: 'season', startMonthDay: '09-01' } as const

export function testAssociationConfig(): z.input<typeof AssociationConfigSchema> {
  return {
    id: 'rtld',
    association: {
      name: 'Réseau Tiers-Lieux Drôme',
      registrationNumber: { kind: 'RNA', value: 'W261000000' },
      address: {
        street: '3 place de la Mairie',
        postalCode: '26400',
        city: 'Crest',
        country: 'France',
      },
      object:
        'Animer et développer le réseau des tiers-lieux de la Drôme, au service de l’intérêt général',
      organismeType: 'association-loi-1901',
      signatory: { name: 'Camille Exemple', capacity: 'Trésorière' },
      // No image in the tests: the typed name is the explicit choice real receipts then need.
      typedSignature: true,
    },
    mail: { from: 'Réseau Tiers-Lieux Drôme <recus@rtld.example.org>' },
    helloAsso: {
      organizationSlug: TEST_ORG_SLUG,
      companyFields: {
        companyName: { id: 901210 },
        siren: { id: 901212, name: 'SIRET' },
        budget: { id: 901211 },
        legalForm: { id: 901213, name: 'Forme juridique' },
      },
    },
    tiers: [
      tier('individuelle', 'Adhésion individuelle', 'individual', 5000, 66, 16402811),
      tier('reduite', 'Adhésion tarif réduit', 'individual', 2500, 66, 16402812),
      {
        ...tier('structure-petite', 'Structure < 100 k€', 'organisation', 50000, 60, 16402813),
        budget: { maxCents: 10_000_000 },
      },
      {
        ...tier(
          'structure-moyenne',
          'Structure 100 k€ à 1 M€',
          'organisation',
          100000,
          60,
          16402814,
        ),
        budget: { minCents: 10_000_000, maxCents: 100_000_000 },
      },
      {
        ...tier('structure-grande', 'Structure > 1 M€', 'organisation', 250000, 60, 16402815),
        budget: { minCents: 100_000_000 },
      },
    ],
  }

  function tier(
    key: string,
    label: string,
    payerKind: 'individual' | 'organisation',
    amountCents: number,
    rate: number,
    tierId: number,
  ) {
    return {
      key,
      label,
      payerKind,
      amountCents,
      reductionRatePercent: rate,
      match: { tierIds: [tierId], labels: [label] },
      validity: season,
    }
  }
}

/**
 * The test association with its individual tier matched as given: by default under another id
 * and label, so that the fixtures' individual tier is unknown to it and goes to review.
 */
export function testConfigWithIndividualTierMatch(
  match: { tierIds: number[]; labels: string[] } = {
    tierIds: [16409999],
    labels: ['Adhésion solo'],
  },
): z.input<typeof AssociationConfigSchema> {
  const config = testAssociationConfig()
  return {
    ...config,
    tiers: config.tiers.map((tier) => (tier.key === 'individuelle' ? { ...tier, match } : tier)),
  }
}
