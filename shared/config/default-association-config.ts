import type * as z from 'zod'
import type { AssociationConfigSchema } from './association-config-schema.js'

/**
 * Built-in profile: Le Labo de l'ESS and the five tiers of its schedule. Its HelloAsso tier ids
 * are not known, so tiers are matched by label. Identity fields the project cannot know
 * (registration number, address, signatory) are placeholders: the server refuses to issue
 * verified receipts with them and says which file to provide (ASSOCIATION_CONFIG).
 */
export const PLACEHOLDER = 'À renseigner'
export const PLACEHOLDER_SIREN = '000000000'
/** Paris has no 75000: a postcode nobody lives at, flagged like the other placeholders. */
export const PLACEHOLDER_POSTAL_CODE = '75000'

const movingYear = { kind: 'rolling-months', months: 12 } as const

export const defaultAssociationConfig: z.input<typeof AssociationConfigSchema> = {
  id: 'le-labo-de-l-ess',
  association: {
    name: 'Le Labo de l’ESS',
    registrationNumber: { kind: 'SIREN', value: PLACEHOLDER_SIREN },
    address: {
      street: PLACEHOLDER,
      postalCode: PLACEHOLDER_POSTAL_CODE,
      city: 'Paris',
      country: 'France',
    },
    object:
      'Think tank de l’économie sociale et solidaire : études, propositions et diffusion des connaissances sur l’ESS au service de l’intérêt général',
    organismeType: 'association-loi-1901',
    signatory: { name: PLACEHOLDER, capacity: 'Président(e)' },
  },
  mail: { from: 'Le Labo de l’ESS <recus@example.org>' },
  helloAsso: { organizationSlug: 'le-labo-de-l-ess' },
  tiers: [
    {
      key: 'base',
      label: 'Base',
      payerKind: 'individual',
      amountCents: 5000,
      reductionRatePercent: 66,
      advertisedCostCents: 1700,
      match: { labels: ['Base', 'Adhésion base', 'Adhésion individuelle', 'Tarif normal'] },
      validity: movingYear,
    },
    {
      key: 'reduit',
      label: 'Chômeurs/étudiants',
      payerKind: 'individual',
      amountCents: 2500,
      reductionRatePercent: 66,
      advertisedCostCents: 850,
      match: {
        labels: ['Chômeurs/étudiants', 'Chômeurs étudiants', 'Étudiants/chômeurs', 'Tarif réduit'],
      },
      validity: movingYear,
    },
    {
      key: 'petite-structure',
      label: 'Petite structure (budget < 500 000 €)',
      payerKind: 'organisation',
      amountCents: 50000,
      reductionRatePercent: 60,
      advertisedCostCents: 20000,
      budget: { maxCents: 50_000_000 },
      match: {
        labels: [
          'Petite structure',
          'Petite structure (budget < 500 000 €)',
          'Petite structure (moins de 500 000 € de budget de fonctionnement)',
        ],
      },
      validity: movingYear,
    },
    {
      key: 'moyenne-structure',
      label: 'Moyenne structure (budget de 500 000 € à 1 M€)',
      payerKind: 'organisation',
      amountCents: 100000,
      reductionRatePercent: 60,
      advertisedCostCents: 40000,
      budget: { minCents: 50_000_000, maxCents: 100_000_000 },
      match: {
        labels: [
          'Moyenne structure',
          'Moyenne structure (budget de 500 000 € à 1 M€)',
          'Moyenne structure (entre 500 000 € et 1 million d’€)',
        ],
      },
      validity: movingYear,
    },
    {
      key: 'grande-structure',
      label: 'Grande structure (budget > 1 M€)',
      payerKind: 'organisation',
      amountCents: 250000,
      reductionRatePercent: 60,
      advertisedCostCents: 100000,
      budget: { minCents: 100_000_000 },
      match: {
        labels: [
          'Grande structure',
          'Grande structure (budget > 1 M€)',
          'Grande structure (Plus d’1 million d’ €)',
        ],
      },
      validity: movingYear,
    },
  ],
}
