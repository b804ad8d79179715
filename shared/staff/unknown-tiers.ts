import type { AssociationConfig } from '../config/association-config-schema.js'
import type { Order } from '../helloasso/schemas.js'
import { findTier, type TierMappings } from '../process/match-tier.js'

/** A HelloAsso tier of an order that no configured tier takes, as staff can attach it. */
export interface UnknownTier {
  helloAssoTierId: number
  /** HelloAsso's label of the item (its tier name), and its price on this order. */
  label: string
  amountCents: number
}

/**
 * The membership items of an order whose tier is not trusted and that carry a HelloAsso tier
 * id, once per id: what « Rattacher à un palier » can attach. Items without an id can only be
 * placed by a label in the configuration file.
 */
export function unknownTiersOf(
  config: AssociationConfig,
  order: Order,
  mappings: TierMappings,
): UnknownTier[] {
  const found = new Map<number, UnknownTier>()
  for (const item of order.items) {
    if (item.type !== 'Membership' || !item.tierId || found.has(item.tierId)) continue
    if (findTier(config, item, mappings).kind === 'matched') continue
    found.set(item.tierId, {
      helloAssoTierId: item.tierId,
      label: item.name ?? item.type,
      amountCents: item.amount,
    })
  }
  return [...found.values()]
}
