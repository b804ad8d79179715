import type { TierMapping } from '../store/tier-mapping-store.js'
import { parseAssociationConfig } from './load-association-config.js'

export interface ConfigWithMappings {
  /** The configuration file as written, with the mapped ids added to `tiers[].match.tierIds`. */
  config: Record<string, unknown>
  added: TierMapping[]
  /** Mappings already in the file, or that it cannot take, and why (French). */
  skipped: { mapping: TierMapping; why: string }[]
}

type RawTier = { key?: unknown; match?: { tierIds?: unknown; [field: string]: unknown } }

/**
 * The configuration file with the tiers staff attached from the review page written into it
 * (`receipts config export`), so the file alone describes the matching again, e.g. for a new
 * deployment. Works on the file as written (not the parsed config with its defaults), so what
 * the treasurer wrote stays as it was; the result is checked against the schema.
 */
export function configWithTierMappings(
  raw: unknown,
  mappings: readonly TierMapping[],
  source: string,
): ConfigWithMappings {
  const config = structuredClone(raw) as Record<string, unknown>
  const tiers = (Array.isArray(config.tiers) ? config.tiers : []) as RawTier[]
  const added: TierMapping[] = []
  const skipped: ConfigWithMappings['skipped'] = []
  const ordered = [...mappings].sort((a, b) => a.helloAssoTierId - b.helloAssoTierId)
  for (const mapping of ordered) {
    const holder = tiers.find((tier) => idsOf(tier).includes(mapping.helloAssoTierId))
    const target = tiers.find((tier) => tier.key === mapping.tierKey)
    if (holder) {
      skipped.push({
        mapping,
        why:
          holder === target
            ? 'déjà dans le fichier'
            : `le fichier le donne déjà au palier « ${String(holder.key)} », qui l’emporte`,
      })
      continue
    }
    if (!target) {
      skipped.push({ mapping, why: `le palier « ${mapping.tierKey} » n’est plus dans le fichier` })
      continue
    }
    target.match = { ...target.match, tierIds: [...idsOf(target), mapping.helloAssoTierId] }
    added.push(mapping)
  }
  parseAssociationConfig(config, source)
  return { config, added, skipped }
}

function idsOf(tier: RawTier): number[] {
  const ids = tier.match?.tierIds
  return Array.isArray(ids) ? ids.filter((id): id is number => typeof id === 'number') : []
}
