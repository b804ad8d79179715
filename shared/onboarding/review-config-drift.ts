import { createHash } from 'node:crypto'
import { currentTierMappings } from '../process/current-tier-mappings.js'
import type { ProcessDeps } from '../process/process-deps.js'
import { openReview } from '../store/review-store.js'
import { checkConfig } from './check-config.js'

export type DriftOutcome = 'clear' | 'opened' | 'known' | 'unavailable'

/**
 * The nightly check-config: when HelloAsso's forms no longer agree with the configuration (a
 * tier added, a price changed…), one review item says what to do. Its id is a digest of the
 * findings, so the same findings never open a second item and new ones open a new item.
 */
export async function reviewConfigDrift(deps: ProcessDeps): Promise<DriftOutcome> {
  if (!deps.helloAsso) return 'unavailable'
  let actions: string[]
  try {
    const mappings = await currentTierMappings(deps.table)
    const lines = await checkConfig(
      { client: deps.helloAsso, now: deps.now },
      deps.config,
      mappings,
    )
    actions = lines.filter((line) => line.level === 'action').map((line) => line.text)
  } catch (error) {
    // The reconciliation matters more than this check: a HelloAsso outage must not fail it.
    deps.log.warn('config.check.unavailable', { error: (error as Error).message })
    return 'unavailable'
  }
  if (actions.length === 0) return 'clear'
  const digest = createHash('sha256').update(actions.join('\n')).digest('hex').slice(0, 16)
  const opened = await openReview(deps.table, {
    orgId: deps.table.orgId,
    id: `config-check-${digest}`,
    reasons: ['helloasso-forms-changed'],
    message: `Les formulaires HelloAsso ne correspondent plus au fichier de configuration. ${actions.join(' ')} Une fois le fichier corrigé et le serveur redémarré (npm run receipts -- check-config doit finir sans rien à faire), classez cet élément sans suite.`,
    status: 'open',
    createdAt: deps.now().toISOString(),
    refs: {},
  })
  deps.log.info('config.check.drift', { findings: actions.length, review: opened })
  return opened === 'opened' ? 'opened' : 'known'
}
