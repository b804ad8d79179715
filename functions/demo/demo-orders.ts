import type { Order } from '../../shared/helloasso/schemas.js'
import { DEMO_SLUG, DEMO_TIERS } from './demo-association.js'

export type DemoSale = 'base' | 'reduit' | 'nouveau' | 'don'

const PAYERS = [
  ['Léa', 'Exemple', '5 rue de l’Exemple', '69001', 'Lyon'],
  ['Hugo', 'Martin-Exemple', '12 avenue des Tests', '26400', 'Crest'],
  ['Inès', 'Démo', '3 place du Marché', '26150', 'Die'],
  ['Noé', 'Fictif', '8 quai de la Drôme', '26000', 'Valence'],
] as const

/**
 * One paid HelloAsso order of the demo organisation (a membership of a tier, or a free
 * donation), as GET /orders/{id} answers it: the ids derive from `n`, so the same sale is the
 * same order every time the demo seeds it.
 */
export function demoOrder(n: number, sale: DemoSale, date: Date, donationCents = 8000): Order {
  const [firstName, lastName, address, zipCode, city] = PAYERS[
    n % PAYERS.length
  ] as (typeof PAYERS)[number]
  const isDonation = sale === 'don'
  const tier = DEMO_TIERS[sale]
  const amount = isDonation ? donationCents : (tier as { cents: number }).cents
  const orderId = 700_000_000 + n
  const itemId = 710_000_000 + n
  const paymentId = 720_000_000 + n
  const when = date.toISOString()
  return {
    id: orderId,
    date: when,
    formSlug: isDonation ? 'dons' : 'adhesion',
    formType: isDonation ? 'Donation' : 'Membership',
    organizationName: 'Les Amis du Moulin',
    organizationSlug: DEMO_SLUG,
    organizationType: 'Association1901Rig',
    payer: {
      email: `${firstName.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '')}.${n}@demo.test`,
      address,
      city,
      zipCode,
      country: 'FRA',
      firstName,
      lastName,
    },
    items: [
      {
        id: itemId,
        type: isDonation ? 'Donation' : 'Membership',
        name: tier.label,
        tierId: tier.id,
        amount,
        initialAmount: amount,
        priceCategory: isDonation ? 'Free' : 'Fixed',
        state: 'Processed',
        user: { firstName, lastName },
        payments: [{ id: paymentId, shareAmount: amount }],
      },
    ],
    payments: [
      {
        id: paymentId,
        amount,
        amountTip: 200,
        date: when,
        paymentMeans: 'Card',
        installmentNumber: 1,
        state: 'Authorized',
        cashOutState: 'MoneyIn',
        items: [{ id: itemId, shareAmount: amount, shareItemAmount: amount }],
        refundOperations: [],
      },
    ],
    amount: { total: amount, vat: 0, discount: 0 },
  } as unknown as Order
}
