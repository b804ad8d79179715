import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { ASSOCIATION_CONFIG_IN_BUNDLE, associationFiles } from '../../infra/association-files.js'

/**
 * The association files of `configPath` laid out as the CDK app ships them in a bundle (the
 * config validated at synth, its signature image beside it); returns the ASSOCIATION_CONFIG
 * the Lambdas get.
 */
export function shipAssociationConfig(configPath: string): string {
  const bundle = mkdtempSync(join(tmpdir(), 'bundle-'))
  for (const file of associationFiles(configPath)) {
    const target = join(bundle, file.target)
    mkdirSync(dirname(target), { recursive: true })
    if ('content' in file) writeFileSync(target, file.content)
    else copyFileSync(file.source, target)
  }
  return join(bundle, ASSOCIATION_CONFIG_IN_BUNDLE)
}
