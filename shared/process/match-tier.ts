import type { AssociationConfig } from '../config/association-config-schema.js'
import type { Tier } from '../config/schema/tier-schema.js'
import type { OrderItem } from '../helloasso/schemas.js'
import { isWordPrefix, labelWords, normalizeLabel } from './normalize-label.js'

/**
 * How a membership item found its tier, by its HelloAsso id, a mapping made from the review
 * page, or its exact label. A configured label that is only the first whole words of HelloAsso's
 * is a guess, never trusted: `prefix-only` (same amount: « Base – personne morale » at 50 € is not
 * the individual « Base », and would get the wrong Cerfa), `prefix-amount-differs`, or
 * `ambiguous` (several tiers' labels are such a prefix). Each waits in review, where
 * « Rattacher à un palier » settles it once for every payment of that HelloAsso tier.
 */
export type TierMatch =
  | { kind: 'matched'; tier: Tier; by: 'id' | 'mapping' | 'label' }
  | { kind: 'ambiguous'; tiers: Tier[] }
  | { kind: 'prefix-only'; tier: Tier }
  | { kind: 'prefix-amount-differs'; tier: Tier }
  | { kind: 'none' }

/**
 * HelloAsso tier id → configured tier key, as staff attached them from the review page
 * (`shared/store/tier-mapping-store.ts`).
 */
export type TierMappings = ReadonlyMap<number, string>

export const NO_TIER_MAPPINGS: TierMappings = new Map()

export function tierMappingsOf(
  mappings: readonly { helloAssoTierId: number; tierKey: string }[],
): TierMappings {
  return new Map(mappings.map((m) => [m.helloAssoTierId, m.tierKey]))
}

/**
 * Tier of a membership item: by HelloAsso tier id first (the configuration file's ids, then the
 * ids staff attached in the table: the file wins where both name one), then by label. Never by
 * amount alone: discounts and pay-what-you-want amounts would match the wrong tier; never by a
 * prefix two tiers share. A mapping to a tier key the file no longer has is ignored.
 */
export function findTier(
  config: AssociationConfig,
  item: OrderItem,
  mappings: TierMappings = NO_TIER_MAPPINGS,
): TierMatch {
  if (item.tierId) {
    const byId = config.tiers.find((tier) => tier.match.tierIds.includes(item.tierId as number))
    if (byId) return { kind: 'matched', tier: byId, by: 'id' }
    const mappedKey = mappings.get(item.tierId)
    const mapped = config.tiers.find((tier) => tier.key === mappedKey)
    if (mapped) return { kind: 'matched', tier: mapped, by: 'mapping' }
  }
  if (!item.name) return { kind: 'none' }
  const name = normalizeLabel(item.name)
  const exact = config.tiers.find((tier) =>
    tier.match.labels.some((label) => normalizeLabel(label) === name),
  )
  if (exact) return { kind: 'matched', tier: exact, by: 'label' }
  const words = labelWords(item.name)
  const prefixed = config.tiers.filter((tier) =>
    tier.match.labels.some((label) => isWordPrefix(labelWords(label), words)),
  )
  const [only] = prefixed
  if (prefixed.length > 1) return { kind: 'ambiguous', tiers: prefixed }
  if (!only) return { kind: 'none' }
  return item.amount === only.amountCents
    ? { kind: 'prefix-only', tier: only }
    : { kind: 'prefix-amount-differs', tier: only }
}

/** The matched tier, if the match is trusted. */
export function matchTier(
  config: AssociationConfig,
  item: OrderItem,
  mappings: TierMappings = NO_TIER_MAPPINGS,
): Tier | undefined {
  const match = findTier(config, item, mappings)
  return match.kind === 'matched' ? match.tier : undefined
}
