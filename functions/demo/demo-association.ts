import type * as z from 'zod'
import type { AssociationConfigSchema } from '../../shared/config/association-config-schema.js'

/**
 * The demo's example organisation, « Les Amis du Moulin » (invented): its configuration file,
 * its HelloAsso record and forms on the stand-in. Tier ids match, so every payment is receipted
 * verified; the identity is complete, so nothing is a SPECIMEN.
 */
export const DEMO_SLUG = 'les-amis-du-moulin'

export const DEMO_TIERS = {
  base: { id: 3100001, label: 'Adhésion individuelle', cents: 3000 },
  reduit: { id: 3100002, label: 'Adhésion tarif réduit', cents: 1500 },
  /** Not in the configuration: what « simuler un nouveau palier » adds on HelloAsso. */
  nouveau: { id: 3100009, label: 'Adhésion bienfaitrice', cents: 10000 },
  don: { id: 3200001, label: 'Don libre' },
} as const

export function demoAssociationConfig(): z.input<typeof AssociationConfigSchema> {
  return {
    id: 'amis-du-moulin',
    association: {
      name: 'Les Amis du Moulin',
      registrationNumber: { kind: 'RNA', value: 'W262000123' },
      address: {
        street: '1 chemin du Moulin',
        postalCode: '26400',
        city: 'Crest',
        country: 'France',
      },
      object: 'Sauvegarde et animation du moulin de Crest, patrimoine ouvert à tous',
      organismeType: 'association-loi-1901',
      signatory: { name: 'Claude Exemple', capacity: 'Trésorier' },
      typedSignature: true,
    },
    mail: { from: 'Les Amis du Moulin <recus@amis-du-moulin.test>' },
    helloAsso: { organizationSlug: DEMO_SLUG },
    tiers: [
      {
        key: 'individuelle',
        label: DEMO_TIERS.base.label,
        payerKind: 'individual',
        amountCents: DEMO_TIERS.base.cents,
        reductionRatePercent: 66,
        match: { tierIds: [DEMO_TIERS.base.id], labels: [DEMO_TIERS.base.label] },
        validity: { kind: 'calendar-year' },
      },
      {
        key: 'reduite',
        label: DEMO_TIERS.reduit.label,
        payerKind: 'individual',
        amountCents: DEMO_TIERS.reduit.cents,
        reductionRatePercent: 66,
        match: { tierIds: [DEMO_TIERS.reduit.id], labels: [DEMO_TIERS.reduit.label] },
        validity: { kind: 'calendar-year' },
      },
    ],
    donations: { eligible: true },
  }
}

/** GET /organizations/{slug} on the stand-in. */
export const DEMO_ORGANIZATION = {
  organizationSlug: DEMO_SLUG,
  name: 'Les Amis du Moulin',
  rnaNumber: 'W262000123',
  address: '1 chemin du Moulin',
  zipCode: '26400',
  city: 'Crest',
  fiscalReceiptIssuanceEnabled: false,
}

const tier = (id: number, label: string, price: number | null, tierType = 'Membership') => ({
  id,
  label,
  tierType,
  price,
  isEligibleTaxReceipt: false,
  customFields: [],
})

/** The organisation's forms on the stand-in; `withNewTier` adds the tier the file does not know. */
export function demoForms(withNewTier = false): Record<string, unknown>[] {
  const common = {
    organizationSlug: DEMO_SLUG,
    organizationName: 'Les Amis du Moulin',
    state: 'Public',
  }
  return [
    {
      ...common,
      formSlug: 'adhesion',
      formType: 'Membership',
      title: 'Adhésion',
      validityType: 'MovingYear',
      tiers: [
        tier(DEMO_TIERS.base.id, DEMO_TIERS.base.label, DEMO_TIERS.base.cents),
        tier(DEMO_TIERS.reduit.id, DEMO_TIERS.reduit.label, DEMO_TIERS.reduit.cents),
        ...(withNewTier
          ? [tier(DEMO_TIERS.nouveau.id, DEMO_TIERS.nouveau.label, DEMO_TIERS.nouveau.cents)]
          : []),
      ],
    },
    {
      ...common,
      formSlug: 'dons',
      formType: 'Donation',
      title: 'Soutenir le moulin',
      tiers: [tier(DEMO_TIERS.don.id, DEMO_TIERS.don.label, null, 'Donation')],
    },
  ]
}
