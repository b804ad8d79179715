import type { AssociationConfig, Tier } from '../config/association-config-schema.js'
import type { ReviewReason } from '../domain/records.js'
import type { Order, OrderItem } from '../helloasso/schemas.js'
import type { Donor } from '../receipts/receipt-snapshot.js'
import { customFieldAnswer } from './custom-field.js'
import { budgetFitsTier, declaredBudget } from './declared-budget.js'
import { donorFromOrder } from './donor-from-order.js'
import { findTier } from './match-tier.js'
import { amountIssue, tierIssue } from './tier-issue.js'

export interface ItemVerdict {
  item: OrderItem
  kind: 'membership' | 'donation' | 'other'
  tier?: Tier
  /** How the tier was found; `label` or `label-prefix`: its HelloAsso id belongs in the config. */
  matchedBy?: 'id' | 'label' | 'label-prefix'
  eligible: boolean
  why: string
}

export interface Issue {
  reason: ReviewReason
  message: string
}

export interface OrderAnalysis {
  verdicts: Map<number, ItemVerdict>
  payerKind: 'individual' | 'organisation'
  donor?: Donor
  payerEmail?: string
  /** Doubts that stop any receipt for this order until a person decides (invariant 7). */
  issues: Issue[]
}

/** Everything about an order that does not depend on which payment is being looked at. */
export function analyseOrder(config: AssociationConfig, order: Order): OrderAnalysis {
  const issues: Issue[] = []
  const verdicts = new Map(order.items.map((item) => [item.id, itemVerdict(config, item, issues)]))
  const tiers = [...verdicts.values()].flatMap((verdict) => (verdict.tier ? [verdict.tier] : []))
  const kinds = new Set(tiers.map((tier) => tier.payerKind))
  if (kinds.size > 1)
    issues.push({
      reason: 'mixed-payer-kinds',
      message:
        'La commande mélange des paliers particuliers et organisations. À faire : vérifiez si le payeur est une entreprise ou un particulier (vérifiez aussi « payerKind » des paliers dans le fichier de configuration), puis émettez le reçu avec « Compléter et émettre le reçu ».',
    })
  const payerKind =
    kinds.has('organisation') || order.payer?.company?.trim() ? 'organisation' : 'individual'
  checkBudget(config, order, tiers, issues)
  const donor = donorFromOrder(config, order, payerKind)
  if ('issue' in donor) issues.push(donor.issue)
  const payerEmail = order.payer?.email?.trim() || undefined
  if (!payerEmail)
    issues.push({
      reason: 'email-missing',
      message:
        'Le payeur n’a pas d’adresse e-mail : le reçu ne peut pas être envoyé. À faire : demandez-la au payeur, puis « Compléter et émettre le reçu » en l’indiquant.',
    })
  return {
    verdicts,
    payerKind,
    issues,
    ...('donor' in donor ? { donor: donor.donor } : {}),
    ...(payerEmail ? { payerEmail } : {}),
  }
}

function itemVerdict(config: AssociationConfig, item: OrderItem, issues: Issue[]): ItemVerdict {
  if (item.type === 'Membership') {
    const match = findTier(config, item)
    if (match.kind !== 'matched') {
      issues.push(tierIssue(item, match))
      return { item, kind: 'membership', eligible: false, why: 'palier inconnu' }
    }
    const { tier, by } = match
    if (item.amount !== tier.amountCents) {
      issues.push(amountIssue(item, tier))
      return {
        item,
        kind: 'membership',
        tier,
        matchedBy: by,
        eligible: false,
        why: 'montant différent du barème',
      }
    }
    return {
      item,
      kind: 'membership',
      tier,
      matchedBy: by,
      eligible: true,
      why: `adhésion, palier ${tier.key}`,
    }
  }
  if (item.type === 'Donation') {
    return config.donations.eligible
      ? { item, kind: 'donation', eligible: true, why: 'don' }
      : { item, kind: 'donation', eligible: false, why: 'dons exclus par la configuration' }
  }
  return { item, kind: 'other', eligible: false, why: `type ${item.type} non éligible` }
}

function checkBudget(
  config: AssociationConfig,
  order: Order,
  tiers: Tier[],
  issues: Issue[],
): void {
  const answer = customFieldAnswer(order, config.helloAsso.companyFields.budget)
  const declared = answer ? declaredBudget(answer) : undefined
  if (!declared) return
  for (const tier of tiers) {
    if (tier.budget && !budgetFitsTier(declared, tier.budget)) {
      issues.push({
        reason: 'budget-mismatch',
        message: `Le budget déclaré (« ${answer} ») ne correspond pas au palier « ${tier.label} ». À faire : vérifiez la tranche de budget avec l’organisation ; si le palier est le bon, émettez le reçu avec « Compléter et émettre le reçu », sinon classez sans suite.`,
      })
    }
  }
}
