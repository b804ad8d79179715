import { formatEuros } from '../../shared/domain/money.js'
import { formatParisDate } from '../../shared/domain/paris-time.js'
import type { HelloAssoClient } from '../../shared/helloasso/helloasso-client.js'
import { checkConfig } from '../../shared/onboarding/check-config.js'
import { checkConfigFile } from '../../shared/onboarding/check-config-file.js'
import { type CheckLine, formatCheckLine } from '../../shared/onboarding/check-line.js'
import { helloAssoFailureText } from '../../shared/onboarding/helloasso-failure-text.js'
import { tierMappingsOf } from '../../shared/process/match-tier.js'
import type { TierMapping } from '../../shared/store/tier-mapping-store.js'

export interface CheckConfigIo {
  /** Absent without HelloAsso credentials: the file alone is checked. */
  client?: HelloAssoClient
  /**
   * The tiers attached from the review page (`listTierMappings` of the data set), when there is
   * a data set to read: they are listed, and count as matched in the live comparison.
   */
  readTierMappings?: () => Promise<TierMapping[]>
  /** For the words of a failure. */
  urls: { apiUrl: string; tokenUrl: string }
  out: (line: string) => void
  now?: () => Date
}

const SKIPPED_LIVE =
  'Comparaison avec les formulaires HelloAsso : pas d’identifiants HelloAsso (HELLOASSO_CLIENT_ID et HELLOASSO_CLIENT_SECRET, dans l’espace HelloAsso de l’association › Mon compte › Intégrations et API) ; seul le fichier a été vérifié.'

/**
 * `receipts check-config`: the file first (offline, always), then, with credentials, the file
 * against HelloAsso's live forms. Exit code 0 when all is clear, 2 when a person must act.
 */
export async function runCheckConfig(io: CheckConfigIo, path: string): Promise<number> {
  const file = checkConfigFile(path)
  const lines: CheckLine[] = [...file.lines]
  const config = file.loaded?.config
  const mappings = (await io.readTierMappings?.()) ?? []
  for (const mapping of mappings) lines.push({ level: 'ok', text: tierMappingText(mapping) })
  if (!io.client) lines.push({ level: 'skipped', text: SKIPPED_LIVE })
  else if (config) {
    try {
      lines.push(
        ...(await checkConfig(
          { client: io.client, now: io.now },
          config,
          tierMappingsOf(mappings),
        )),
      )
    } catch (error) {
      const where = { ...io.urls, organizationSlug: config.helloAsso.organizationSlug }
      lines.push({
        level: 'action',
        text: `Comparaison avec les formulaires HelloAsso impossible : ${helloAssoFailureText(error, where)}`,
      })
    }
  }
  io.out(
    io.client && config
      ? `Configuration ${path} comparée aux formulaires HelloAsso de « ${config.helloAsso.organizationSlug} » :`
      : `Configuration ${path} :`,
  )
  for (const line of lines) io.out(formatCheckLine(line))
  const actions = lines.filter((line) => line.level === 'action').length
  io.out(
    actions > 0
      ? `${actions} point(s) demandent une action (code de sortie 2).`
      : io.client
        ? 'Tout est en ordre : rien à faire.'
        : 'Tout est en ordre dans le fichier : rien à faire.',
  )
  return actions === 0 ? 0 : 2
}

function tierMappingText(m: TierMapping): string {
  return `Palier HelloAsso « ${m.helloAssoLabel} » (id ${m.helloAssoTierId}, ${formatEuros(m.amountCents)} €) rattaché au palier ${m.tierKey} depuis la page de l’équipe, par ${m.mappedBy} le ${formatParisDate(m.mappedAt)} : il s’applique sans le fichier ; « npm run receipts -- config export » l’y écrit.`
}
