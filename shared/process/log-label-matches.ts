import type { Logger } from '../log.js'
import type { OrderAnalysis } from './analyse-order.js'

const told = new WeakMap<Logger, Set<string>>()

/**
 * A tier found by its label works until the label is edited on HelloAsso; its id does not
 * change. Says once per process and tier which id to add to the configuration (ids only: no
 * personal data).
 */
export function logLabelMatches(log: Logger, analysis: OrderAnalysis): void {
  const seen = told.get(log) ?? new Set<string>()
  told.set(log, seen)
  for (const verdict of analysis.verdicts.values()) {
    const { matchedBy } = verdict
    if (!verdict.tier || !matchedBy || matchedBy === 'id' || matchedBy === 'mapping') continue
    const tierId = verdict.item.tierId ?? undefined
    const key = `${verdict.tier.key}#${tierId ?? ''}`
    if (seen.has(key)) continue
    seen.add(key)
    log.warn('tier.matched-by-label', {
      tierKey: verdict.tier.key,
      helloAssoTierId: tierId,
      matchedBy: verdict.matchedBy,
      hint:
        tierId === undefined
          ? 'HelloAsso gave no tier id: keep the label in tiers[].match.labels'
          : `add ${tierId} to tiers[key=${verdict.tier.key}].match.tierIds in the configuration file`,
    })
  }
}
