import { dirname, resolve } from 'node:path'
import { AppError } from '../errors.js'
import type { AssociationConfig } from './association-config-schema.js'
import { readConfigJson, readSignatureImage } from './config-files.js'
import type { LoadedAssociationConfig } from './load-association-config.js'

/**
 * The association config as the CDK app ships it to the Lambdas: validated at synth time by
 * the full schema (infra/deployment-config.ts), written with every default filled in, and read
 * back at cold start without zod. The schema is 100 KB of bundled code and a few milliseconds
 * of CPU per cold start; a file that passed it once need not pass it again on every start.
 * The schema has no transforms, so its output is plain JSON that parses to itself
 * (test/config/validated-association-config.test.ts).
 */
const FORMAT = 'association-config, validated at synth'

interface ValidatedFile {
  format: typeof FORMAT
  config: AssociationConfig
}

/** What the CDK app writes into each bundle, from a config the schema has parsed. */
export function validatedAssociationConfigJson(config: AssociationConfig): string {
  const file: ValidatedFile = { format: FORMAT, config }
  return `${JSON.stringify(file, null, 2)}\n`
}

/**
 * Reads what validatedAssociationConfigJson() wrote. Anything else (a hand-written file, a
 * file from an older build) is refused: only the synth step may vouch for a config.
 */
export function readValidatedAssociationConfig(path: string | undefined): LoadedAssociationConfig {
  if (!path)
    throw new AppError(
      'config.invalid',
      'ASSOCIATION_CONFIG: on AWS the functions read the association config that the CDK app validated and shipped in the bundle; it is not set',
    )
  const file = readConfigJson(path) as Partial<ValidatedFile> | null
  if (file?.format !== FORMAT || typeof file.config !== 'object' || file.config === null)
    throw new AppError(
      'config.invalid',
      `ASSOCIATION_CONFIG: ${path} was not written by the CDK app's synth-time validation; deploy again (npm run synth)`,
    )
  const config = file.config
  const imagePath = config.association.signatureImagePath
  const signatureImagePng = imagePath
    ? readSignatureImage(resolve(dirname(path), imagePath))
    : undefined
  return { config, source: path, ...(signatureImagePng ? { signatureImagePng } : {}) }
}
