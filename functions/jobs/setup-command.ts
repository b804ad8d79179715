import { existsSync, writeFileSync } from 'node:fs'
import type { HelloAssoClient } from '../../shared/helloasso/helloasso-client.js'
import { buildStartingConfig } from '../../shared/onboarding/build-starting-config.js'
import { helloAssoFailureText } from '../../shared/onboarding/helloasso-failure-text.js'
import { type LiveForms, readLiveForms } from '../../shared/onboarding/read-live-forms.js'

export interface OnboardingIo {
  client: HelloAssoClient
  /** For the words of a failure. */
  urls: { apiUrl: string; tokenUrl: string }
  out: (line: string) => void
  now?: () => Date
}

/**
 * `receipts setup`: writes a starting configuration from the organisation's HelloAsso forms,
 * then lists every guess. Never overwrites a file. Exit code 0 written, 2 HelloAsso could not
 * be read (said in French, with what to do), 64 refused.
 */
export async function runSetup(
  io: OnboardingIo,
  options: { organizationSlug: string; path: string },
): Promise<number> {
  if (existsSync(options.path)) {
    io.out(
      `Le fichier ${options.path} existe déjà : setup ne l’écrase jamais. Choisissez un autre fichier avec --out, ou comparez celui-ci aux formulaires avec « npm run receipts -- check-config ».`,
    )
    return 64
  }
  let live: LiveForms
  try {
    live = await readLiveForms(io.client, options.organizationSlug, io.now?.())
  } catch (error) {
    const where = { ...io.urls, organizationSlug: options.organizationSlug }
    io.out(`Lecture de HelloAsso impossible : ${helloAssoFailureText(error, where)}`)
    return 2
  }
  const { config, guesses } = buildStartingConfig(live)
  writeFileSync(options.path, `${JSON.stringify(config, null, 2)}\n`, { flag: 'wx' })
  io.out(
    `Configuration de départ écrite dans ${options.path} : ${live.forms.length} formulaire(s) HelloAsso lu(s), ${live.tiers.filter((t) => t.form.formType === 'Membership').length} palier(s) d’adhésion.`,
  )
  io.out('')
  io.out('À vérifier avant de démarrer (ce que setup a deviné) :')
  for (const [index, guess] of guesses.entries()) io.out(`${index + 1}. ${guess}`)
  io.out('')
  io.out(
    `Ensuite : ASSOCIATION_CONFIG=${options.path} npm run receipts -- check-config, jusqu’à ce qu’il ne reste rien à faire.`,
  )
  return 0
}
