import type { TableContext } from '../store/table-context.js'
import { listTierMappings } from '../store/tier-mapping-store.js'
import { type TierMappings, tierMappingsOf } from './match-tier.js'

/**
 * The tier mappings in force, read for each order rather than cached: a mapping made on the
 * review page re-queues its payments at once, and whichever process (or Lambda instance)
 * analyses them must see it, or they would go straight back to review. One strongly consistent
 * read of one small item per order (1 read unit); the process step makes it in the same
 * BatchGetItem as its notification (getNotificationWithTierMappings).
 */
export async function currentTierMappings(table: TableContext): Promise<TierMappings> {
  return tierMappingsOf(await listTierMappings(table))
}
