import type { AssociationConfig } from '../config/association-config-schema.js'
import type { HelloAssoClient } from '../helloasso/helloasso-client.js'
import { NO_TIER_MAPPINGS, type TierMappings } from '../process/match-tier.js'
import type { CheckLine } from './check-line.js'
import { compareConfig } from './compare-config.js'
import { readLiveForms } from './read-live-forms.js'

/**
 * The configuration against HelloAsso's live forms: one line per finding. `mappings`: the tiers
 * attached from the review page, which count as matched as they do when payments arrive.
 */
export async function checkConfig(
  source: { client: HelloAssoClient; now?: () => Date },
  config: AssociationConfig,
  mappings: TierMappings = NO_TIER_MAPPINGS,
): Promise<CheckLine[]> {
  const live = await readLiveForms(source.client, config.helloAsso.organizationSlug, source.now?.())
  return compareConfig(config, live, mappings)
}
