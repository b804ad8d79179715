import type { MembershipRecord } from '../domain/records.js'
import type { Order, OrderPayment } from '../helloasso/schemas.js'
import { getMembership } from '../store/membership-store.js'
import type { ItemVerdict, OrderAnalysis } from './analyse-order.js'
import { membershipPeriod } from './membership-validity.js'
import type { ProcessDeps } from './process-deps.js'

/**
 * Memberships this paid payment starts, not recorded yet: one per membership item with a known
 * tier. The membership belongs to the item's user (the member), who may not be the payer;
 * validity runs from the first payment received, by the tier's rule.
 */
export async function newMemberships(
  deps: ProcessDeps,
  order: Order,
  analysis: OrderAnalysis,
  payment: OrderPayment,
): Promise<MembershipRecord[]> {
  const records: MembershipRecord[] = []
  for (const verdict of analysis.verdicts.values()) {
    if (verdict.kind !== 'membership' || !verdict.tier) continue
    if (await getMembership(deps.table, verdict.item.id)) continue
    records.push(membershipRecord(deps, order, verdict, payment))
  }
  return records
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
