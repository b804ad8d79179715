import type { ReviewItem } from '../../../shared/domain/records.js'
import type { Payer } from '../../../shared/helloasso/schemas.js'
import type { StaffDeps } from '../../../shared/staff/staff-deps.js'
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
  const prefills = new Map<string, ReviewPrefill>()
  for (const item of items) {
    const payer = item.refs.orderId ? orders.get(item.refs.orderId)?.payer : undefined
    if (item.refs.orderId && item.refs.paymentId) prefills.set(item.id, fromPayer(payer))
  }
  return prefills
}

function fromPayer(payer: Payer | null | undefined): ReviewPrefill {
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
