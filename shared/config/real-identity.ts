import { AppError } from '../errors.js'
import type { LoadedAssociationConfig } from './load-association-config.js'
import { placeholderFields } from './placeholder-fields.js'

/**
 * What stops an association configuration from signing real receipts: identity fields still
 * holding the built-in placeholders, and no signature image without an explicit choice of a
 * typed name. The local server, the Lambdas at cold start and `npm run synth` (for a stage
 * that is not a dev stage) all refuse with the message below, so the treasurer reads the same
 * words wherever the check fires.
 */
export function realIdentityProblems(loaded: LoadedAssociationConfig): string[] {
  const problems = placeholderFields(loaded.config).map((field) => `${field} (valeur d’exemple)`)
  const { association } = loaded.config
  if (!loaded.signatureImagePng && !association.typedSignature)
    problems.push(
      'association.signatureImagePath (aucune image de signature : ajoutez-en une, ou écrivez "typedSignature": true pour signer du seul nom tapé)',
    )
  return problems
}

export function realIdentityMessage(problems: string[], source: string): string {
  return `Les reçus réels exigent l’identité réelle de l’association (${source}). À corriger dans le fichier ASSOCIATION_CONFIG :\n${problems.map((p) => `  - ${p}`).join('\n')}`
}

/** Throws `config.invalid` with the shared message when real receipts cannot be signed. */
export function assertRealIdentity(loaded: LoadedAssociationConfig): void {
  const problems = realIdentityProblems(loaded)
  if (problems.length > 0)
    throw new AppError('config.invalid', realIdentityMessage(problems, loaded.source))
}

/**
 * Stages that may run with the built-in placeholders (every receipt there is a test one):
 * `dev` and `test`, alone or as a prefix (`dev-alice`). Any other stage is a real one.
 */
export function isDevStage(stage: string | undefined): boolean {
  return stage !== undefined && /^(dev|test)(-|$)/.test(stage)
}
