import type { AssociationConfig } from '../config/association-config-schema.js'
import { counterpartOutcome, counterpartRulesOn } from '../config/counterpart-rule.js'
import type { Tier } from '../config/schema/tier-schema.js'
import { parisIsoDay } from '../domain/paris-time.js'
import type { Order, OrderItem } from '../helloasso/schemas.js'
import type { Donor } from '../receipts/receipt-snapshot.js'
import { customFieldAnswer } from './custom-field.js'
import { budgetFitsTier, declaredBudget } from './declared-budget.js'
import { donorFromOrder } from './donor-from-order.js'
import type { Issue } from './issue.js'
import { findTier, type TierMappings } from './match-tier.js'
import { amountIssue, tierIssue } from './tier-issue.js'

export interface ItemVerdict {
  item: OrderItem
  kind: 'membership' | 'donation' | 'other'
  tier?: Tier
  /** How the tier was found; `label`: its HelloAsso id belongs in the config. */
  matchedBy?: 'id' | 'mapping' | 'label'
  eligible: boolean
  why: string
  /** Under a documented deductible share: the deductible part of the item's amount. */
  deductibleCents?: number
}

export interface OrderAnalysis {
  verdicts: Map<number, ItemVerdict>
  payerKind: 'individual' | 'organisation'
  donor?: Donor
  payerEmail?: string
  /**
   * False when no item of the order could ever give a receipt (tiers with `receipt.kind:
   * none`): the membership is recorded and nothing is checked for a receipt or reviewed.
   */
  receiptPossible: boolean
  /** Doubts that stop any receipt for this order until a person decides (invariant 7). */
  issues: Issue[]
}

/**
 * Everything about an order that does not depend on which payment is being looked at.
 * `mappings`: the tiers staff attached in the table (`listTierMappings`), read by the caller.
 */
export function analyseOrder(
  config: AssociationConfig,
  order: Order,
  mappings: TierMappings,
): OrderAnalysis {
  const issues: Issue[] = []
  const verdicts = new Map(
    order.items.map((item) => [item.id, itemVerdict(config, order, item, mappings, issues)]),
  )
  const receiptPossible = [...verdicts.values()].some(
    (v) => v.eligible || (v.kind === 'membership' && v.tier?.receipt.kind !== 'none'),
  )
  if (!receiptPossible)
    return { verdicts, payerKind: payerKindOf(verdicts), receiptPossible, issues }
  const tiers = [...verdicts.values()].flatMap((verdict) =>
    verdict.tier && verdict.tier.receipt.kind !== 'none' ? [verdict.tier] : [],
  )
  const kinds = new Set(tiers.map((tier) => tier.payerKind))
  if (kinds.size > 1)
    issues.push({
      reason: 'mixed-payer-kinds',
      message:
        'La commande mélange des paliers particuliers et organisations. À faire : vérifiez si le payeur est une entreprise ou un particulier (vérifiez aussi « payerKind » des paliers dans le fichier de configuration), puis émettez le reçu avec « Compléter et émettre le reçu ».',
    })
  // The tier says who pays; HelloAsso's « company » box alone never makes a company receipt.
  const payerKind = kinds.has('organisation') ? 'organisation' : 'individual'
  // An unknown tier may be an organisation's: its review comes first, the model is chosen then.
  const tierUnknown = [...verdicts.values()].some((v) => v.kind === 'membership' && !v.tier)
  if (payerKind === 'individual' && !tierUnknown) checkNoCompanyData(config, order, tiers, issues)
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
    receiptPossible,
    issues,
    ...('donor' in donor ? { donor: donor.donor } : {}),
    ...(payerEmail ? { payerEmail } : {}),
  }
}

function payerKindOf(verdicts: Map<number, ItemVerdict>): 'individual' | 'organisation' {
  return [...verdicts.values()].some((v) => v.tier?.payerKind === 'organisation')
    ? 'organisation'
    : 'individual'
}

/**
 * A SIREN on an individual tier (or a gift without tier): the person or the company may be
 * the giver, and the two models are not interchangeable. Staff choose.
 */
function checkNoCompanyData(
  config: AssociationConfig,
  order: Order,
  tiers: Tier[],
  issues: Issue[],
): void {
  if (!customFieldAnswer(order, config.helloAsso.companyFields.siren)) return
  const tier = tiers[0] ? `le palier particulier « ${tiers[0].label} »` : 'un don sans palier'
  const person = [order.payer?.firstName, order.payer?.lastName].filter(Boolean).join(' ')
  issues.push({
    reason: 'payer-model-unclear',
    message: `Un SIREN est renseigné pour ${tier} : qui donne ? Si c’est la personne (${person || 'le payeur'}), émettez un reçu Cerfa 11580 à son nom (art. 200). Si c’est l’entreprise, et qu’elle est soumise à l’IR ou à l’IS, il lui faut un reçu Cerfa 16216 (art. 238 bis) au tarif organisation : corrigez le palier dans HelloAsso, ou traitez le paiement depuis la revue.`,
  })
}

function itemVerdict(
  config: AssociationConfig,
  order: Order,
  item: OrderItem,
  mappings: TierMappings,
  issues: Issue[],
): ItemVerdict {
  if (item.type === 'Membership') {
    const match = findTier(config, item, mappings)
    if (match.kind !== 'matched') {
      issues.push(tierIssue(item, match))
      return { item, kind: 'membership', eligible: false, why: 'palier inconnu' }
    }
    const { tier, by } = match
    if (tier.receipt.kind === 'none')
      return {
        item,
        kind: 'membership',
        tier,
        matchedBy: by,
        eligible: false,
        why: `palier sans reçu fiscal : ${tier.receipt.reason}`,
      }
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
    return { ...tierVerdict(config, order, item, tier, issues), matchedBy: by }
  }
  if (item.type === 'Donation') {
    return config.donations.eligible
      ? { item, kind: 'donation', eligible: true, why: 'don' }
      : { item, kind: 'donation', eligible: false, why: 'dons exclus par la configuration' }
  }
  return { item, kind: 'other', eligible: false, why: `type ${item.type} non éligible` }
}

/** A membership at its tier's price: its counterparts decide what is deductible. */
function tierVerdict(
  config: AssociationConfig,
  order: Order,
  item: OrderItem,
  tier: Tier,
  issues: Issue[],
): ItemVerdict {
  const base = { item, kind: 'membership' as const, tier }
  // The cap in force on the day of the order (the rules are dated).
  const day = order.date || order.payments[0]?.date
  const rules = day ? counterpartRulesOn(config, parisIsoDay(day)) : config.counterpartRules
  const outcome = counterpartOutcome(rules, tier, item.amount)
  if (outcome.kind === 'exceeds') {
    issues.push({ reason: 'counterparts-exceed-limits', message: outcome.why })
    return { ...base, eligible: false, why: 'contreparties au-delà des limites' }
  }
  const why = `adhésion au palier « ${tier.label} » ; ${outcome.why}`
  return outcome.kind === 'share'
    ? { ...base, eligible: true, why, deductibleCents: outcome.deductibleCents }
    : { ...base, eligible: true, why }
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
