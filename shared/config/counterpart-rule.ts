import { formatEuros } from '../domain/money.js'
import { taxRulesOn } from '../tax/tax-rules.js'
import type { AssociationConfig } from './association-config-schema.js'
import { type CounterpartRules, DEFAULT_COUNTERPART_RULES } from './default-counterpart-rules.js'
import type { Tier } from './schema/tier-schema.js'

/**
 * What a fee's counterparts leave deductible (tax-receipts.md §1.1). Symbolic counterparts (a
 * vote at the AG, a title) never count. Goods are allowed under a « disproportion marquée »:
 * at most 25 % of the amount AND at most the yearly cap per person. Beyond that the fee is
 * not a gift and gets no receipt, unless the treasurer documented the deductible part of a
 * fee that bundles services (`deductibleShare`): then that part, and only it, is receipted.
 */
export type CounterpartOutcome =
  | { kind: 'whole'; why: string }
  | { kind: 'share'; deductibleCents: number; why: string }
  | { kind: 'exceeds'; why: string }

/**
 * The cap in force for gifts of `day` (a Paris day): the configuration's own figure from its
 * `since` when it sets one, else the dated tax rules' (with its note when unconfirmed).
 */
export function counterpartRulesOn(
  config: Pick<AssociationConfig, 'counterpartRules'>,
  day: string,
): CounterpartRules & { note?: string } {
  const own = config.counterpartRules
  const isDefault =
    own.lowValueCapCents === DEFAULT_COUNTERPART_RULES.lowValueCapCents &&
    own.since === DEFAULT_COUNTERPART_RULES.since &&
    own.source === DEFAULT_COUNTERPART_RULES.source
  if (!isDefault && own.since <= day) return own
  const figure = taxRulesOn(day).figures.counterpartCapCents
  return {
    lowValueCapCents: figure.value,
    since: figure.from,
    source: figure.source,
    ...(figure.confirmed ? {} : { note: figure.note ?? 'chiffre non confirmé' }),
  }
}

export function counterpartOutcome(
  rules: CounterpartRules,
  tier: Tier,
  amountCents: number,
): CounterpartOutcome {
  if (tier.deductibleShare) {
    const deductibleCents = Math.min(tier.deductibleShare.amountCents, amountCents)
    return {
      kind: 'share',
      deductibleCents,
      why: `part déductible documentée : ${euros(deductibleCents)} sur ${euros(amountCents)} (${tier.deductibleShare.reason})`,
    }
  }
  const goods = tier.counterparts.filter((c) => c.kind === 'goods')
  const goodsCents = goods.reduce((sum, c) => sum + c.valueCents, 0)
  if (goodsCents === 0)
    return {
      kind: 'whole',
      why:
        tier.counterparts.length > 0
          ? 'contreparties symboliques seulement, sans effet sur le reçu'
          : 'aucune contrepartie déclarée',
    }
  const overQuarter = goodsCents * 4 > amountCents
  const overCap = goodsCents > rules.lowValueCapCents
  const what = `${goods.map((c) => c.description).join(', ')} : ${euros(goodsCents)}`
  const cap = `plafond annuel de ${euros(rules.lowValueCapCents)} (depuis le ${frenchDay(rules.since)}, source : ${rules.source})`
  if (!overQuarter && !overCap)
    return {
      kind: 'whole',
      why: `biens de faible valeur (${what}) dans la limite de 25 % du montant et du ${cap}`,
    }
  const broken = [
    overQuarter && `plus de 25 % de ${euros(amountCents)} (${euros(Math.floor(amountCents / 4))})`,
    overCap && `au-delà du ${cap}`,
  ].filter(Boolean)
  return {
    kind: 'exceeds',
    why: `Les contreparties du palier « ${tier.label} » (${what}) dépassent la « disproportion marquée » : ${broken.join(' et ')}. La cotisation n’est pas un don : pas de reçu fiscal. Si elle regroupe des services, indiquez la part déductible justifiée du palier (tiers[].deductibleShare) ; sinon classez le paiement sans reçu.`,
  }
}

/**
 * The deductible part of one payment's share of an item: the whole share, or, under a
 * documented share, the same proportion of it (rounded down to the cent: a receipt never
 * states more than was given).
 */
export function deductibleOfShare(
  shareCents: number,
  itemCents: number,
  deductibleCents: number,
): number {
  if (itemCents <= 0 || shareCents >= itemCents) return Math.min(deductibleCents, shareCents)
  return Math.floor((shareCents * deductibleCents) / itemCents)
}

export function euros(cents: number): string {
  return `${formatEuros(cents)} €`
}

export function frenchDay(isoDay: string): string {
  const [year, month, day] = isoDay.split('-')
  return `${day}/${month}/${year}`
}
