import type { ReviewItem } from '../../../shared/domain/records.js'
import type { Order, Payer } from '../../../shared/helloasso/schemas.js'
import { analyseOrder } from '../../../shared/process/analyse-order.js'
import { currentTierMappings } from '../../../shared/process/current-tier-mappings.js'
import type { TierMappings } from '../../../shared/process/match-tier.js'
import { paymentProvenance } from '../../../shared/process/payment-provenance.js'
import type { StaffDeps } from '../../../shared/staff/staff-deps.js'
import { type UnknownTier, unknownTiersOf } from '../../../shared/staff/unknown-tiers.js'
import { getStoredOrder } from '../../../shared/store/order-store.js'
import { type DonorValues, donorValues } from './donor-fields.js'

/** HelloAsso gives ISO 3166 alpha-3 codes; the receipt prints the country's French name. */
const COUNTRIES: Record<string, string> = {
  FRA: 'France',
  BEL: 'Belgique',
  CHE: 'Suisse',
  LUX: 'Luxembourg',
  DEU: 'Allemagne',
  ESP: 'Espagne',
  ITA: 'Italie',
}

export interface ReviewPrefill {
  donor: DonorValues
  email: string
  /** What the receipt will say if the amount field is left empty: the schedule's eligible amount. */
  computedCents?: number
  paidCents?: number
  /** Cerfa numbers of the two models, the one printed following the donor's kind. */
  cerfa: { individual: string; company: string }
  /** On a « Palier inconnu » item: the HelloAsso tiers « Rattacher à un palier » can attach. */
  unknownTiers: UnknownTier[]
}

/**
 * What HelloAsso told us about the payer, to start the « Compléter et émettre » form from: staff
 * then only type what was missing. Only items about a payment can be issued, so only those.
 */
export async function reviewPrefills(
  deps: StaffDeps,
  items: ReviewItem[],
): Promise<Map<string, ReviewPrefill>> {
  const orderIds = [
    ...new Set(
      items.flatMap((item) =>
        item.refs.orderId && item.refs.paymentId ? [item.refs.orderId] : [],
      ),
    ),
  ]
  const orders = new Map(
    await Promise.all(
      orderIds.map(async (id) => [id, (await getStoredOrder(deps.table, id))?.order] as const),
    ),
  )
  const mappings = await currentTierMappings(deps.table)
  const prefills = new Map<string, ReviewPrefill>()
  for (const item of items) {
    const order = item.refs.orderId ? orders.get(item.refs.orderId) : undefined
    if (item.refs.orderId && item.refs.paymentId)
      prefills.set(item.id, {
        ...fromPayer(order?.payer),
        cerfa: {
          individual: deps.config.receiptPolicy.cerfa.individual.number,
          company: deps.config.receiptPolicy.cerfa.company.number,
        },
        ...amounts(deps, mappings, order, item.refs.paymentId),
        unknownTiers:
          order && item.reasons.includes('tier-unknown')
            ? unknownTiersOf(deps.config, order, mappings)
            : [],
      })
  }
  return prefills
}

/** The amount the flow would put on the receipt, as issueFromReview computes it. */
function amounts(
  deps: StaffDeps,
  mappings: TierMappings,
  order: Order | undefined,
  paymentId: number,
): Pick<ReviewPrefill, 'computedCents' | 'paidCents'> {
  const payment = order?.payments.find((p) => p.id === paymentId)
  if (!order || !payment) return {}
  const analysis = analyseOrder(deps.config, order, mappings)
  const provenance = paymentProvenance(payment, analysis.verdicts, order.payments.length === 1)
  const computed = provenance?.eligibleCents ?? 0
  return { paidCents: payment.amount, ...(computed > 0 ? { computedCents: computed } : {}) }
}

function fromPayer(payer: Payer | null | undefined): Pick<ReviewPrefill, 'donor' | 'email'> {
  const address = {
    street: payer?.address ?? '',
    postalCode: payer?.zipCode ?? '',
    city: payer?.city ?? '',
    country: payer?.country ? (COUNTRIES[payer.country] ?? payer.country) : '',
  }
  const donor = payer?.company
    ? donorValues({ kind: 'company', name: payer.company, legalForm: '', siren: '', address })
    : donorValues({
        kind: 'individual',
        lastName: payer?.lastName ?? '',
        firstNames: payer?.firstName ?? '',
        address,
      })
  return { donor, email: payer?.email ?? '' }
}
