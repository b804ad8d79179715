import type { AssociationConfig, Tier } from '../config/association-config-schema.js'
import type { OrderItem } from '../helloasso/schemas.js'
import { normalizeLabel } from './normalize-label.js'

/**
 * Tier of a membership item: by HelloAsso tier id first, then by label. Never by amount alone:
 * discounts and pay-what-you-want amounts would match the wrong tier.
 */
export function matchTier(config: AssociationConfig, item: OrderItem): Tier | undefined {
  if (item.tierId) {
    const byId = config.tiers.find((tier) => tier.match.tierIds.includes(item.tierId as number))
    if (byId) return byId
  }
  if (!item.name) return undefined
  const name = normalizeLabel(item.name)
  return config.tiers.find((tier) =>
    tier.match.labels.some((label) => normalizeLabel(label) === name),
  )
}
