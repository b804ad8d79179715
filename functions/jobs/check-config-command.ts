import type { AssociationConfig } from '../../shared/config/association-config-schema.js'
import { checkConfig } from '../../shared/onboarding/check-config.js'
import { formatCheckLine } from '../../shared/onboarding/check-line.js'
import type { OnboardingIo } from './setup-command.js'

/**
 * `receipts check-config`: the configuration against HelloAsso's live forms. Exit code 0 when
 * all is clear, 2 when a person must act.
 */
export async function runCheckConfig(
  io: OnboardingIo,
  config: AssociationConfig,
  source: string,
): Promise<number> {
  const lines = await checkConfig(io, config)
  io.out(
    `Configuration ${source} comparée aux formulaires HelloAsso de « ${config.helloAsso.organizationSlug} » :`,
  )
  for (const line of lines) io.out(formatCheckLine(line))
  const actions = lines.filter((line) => line.level === 'action').length
  io.out(
    actions === 0
      ? 'Tout est en ordre : rien à faire.'
      : `${actions} point(s) demandent une action (code de sortie 2).`,
  )
  return actions === 0 ? 0 : 2
}
