import { dirname, relative } from 'node:path'
import { loadAssociationConfig } from '../shared/config/load-association-config.js'
import { validatedAssociationConfigJson } from '../shared/config/validated-association-config.js'
import type { BundledFile } from './lambda-bundle.js'

/** Where the association's JSON lands in every bundle, relative to index.mjs. */
const ASSOCIATION_DIR = 'association'
export const ASSOCIATION_CONFIG_IN_BUNDLE = `${ASSOCIATION_DIR}/association.json`

/**
 * The association's files in every bundle: its config as the schema parsed it (the functions
 * read it without zod, shared/config/validated-association-config.ts) and its signature image.
 * deployment-config.ts has checked the file and that the image stays in its folder.
 */
export function associationFiles(associationConfigPath: string): BundledFile[] {
  const { config } = loadAssociationConfig(associationConfigPath)
  const files: BundledFile[] = [
    { content: validatedAssociationConfigJson(config), target: ASSOCIATION_CONFIG_IN_BUNDLE },
  ]
  const imagePath = config.association.signatureImagePath
  if (imagePath) {
    const source = `${dirname(associationConfigPath)}/${imagePath}`
    files.push({
      source,
      target: `${ASSOCIATION_DIR}/${relative(dirname(associationConfigPath), source)}`,
    })
  }
  return files
}
