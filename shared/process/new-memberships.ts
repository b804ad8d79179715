import type { MembershipRecord } from '../domain/records.js'
import type { Order, OrderPayment } from '../helloasso/schemas.js'
import type { ItemVerdict, OrderAnalysis } from './analyse-order.js'
import { membershipPeriod } from './membership-validity.js'
import type { ProcessDeps } from './process-deps.js'

/** The order's items that make a membership: membership items with a known tier. */
export function membershipItemIds(analysis: OrderAnalysis): number[] {
  return membershipVerdicts(analysis).map((verdict) => verdict.item.id)
}

/**
 * Memberships this paid payment starts, not recorded yet (`recorded` holds the item ids that
 * are: getPaymentStanding reads them with the payment's claim). The membership belongs to the
 * item's user (the member), who may not be the payer; validity runs from the first payment
 * received, by the tier's rule.
 */
export function newMemberships(
  deps: ProcessDeps,
  order: Order,
  analysis: OrderAnalysis,
  payment: OrderPayment,
  recorded: ReadonlySet<number>,
): MembershipRecord[] {
  return membershipVerdicts(analysis)
    .filter((verdict) => !recorded.has(verdict.item.id))
    .map((verdict) => membershipRecord(deps, order, verdict, payment))
}

function membershipVerdicts(analysis: OrderAnalysis): ItemVerdict[] {
  return [...analysis.verdicts.values()].filter(
    (verdict) => verdict.kind === 'membership' && Boolean(verdict.tier),
  )
}

function membershipRecord(
  deps: ProcessDeps,
  order: Order,
  verdict: ItemVerdict,
  payment: OrderPayment,
): MembershipRecord {
  const tier = verdict.tier as NonNullable<ItemVerdict['tier']>
  const period = membershipPeriod(tier.validity, payment.date)
  const user = verdict.item.user ?? order.payer ?? {}
  return {
    orgId: deps.table.orgId,
    itemId: verdict.item.id,
    orderId: order.id,
    tierKey: tier.key,
    member: { firstName: user.firstName?.trim() ?? '', lastName: user.lastName?.trim() ?? '' },
    payerKind: tier.payerKind,
    validFrom: period.from,
    validTo: period.to,
    status: 'active',
    firstPaymentId: payment.id,
    updatedAt: deps.now().toISOString(),
  }
}
