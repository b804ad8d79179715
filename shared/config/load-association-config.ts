import { dirname, resolve } from 'node:path'
import * as z from 'zod'
import { AppError } from '../errors.js'
import { type AssociationConfig, AssociationConfigSchema } from './association-config-schema.js'
import { readConfigJson, readSignatureImage } from './config-files.js'
import { defaultAssociationConfig } from './default-association-config.js'

export { isPlaceholderSender, placeholderFields } from './placeholder-fields.js'

export interface LoadedAssociationConfig {
  config: AssociationConfig
  /** Where it came from, for the start-up banner. */
  source: string
  /** The PNG bytes of the signature image, when the config names one. */
  signatureImagePng?: Uint8Array
}

/** Reads ASSOCIATION_CONFIG (a JSON file) or falls back to the built-in profile. */
export function loadAssociationConfig(path: string | undefined): LoadedAssociationConfig {
  if (!path)
    return {
      config: parseAssociationConfig(defaultAssociationConfig, 'built-in'),
      source: 'built-in (Le Labo de l’ESS)',
    }
  const raw = readConfigJson(path)
  const config = parseAssociationConfig(raw, path)
  const imagePath = config.association.signatureImagePath
  const signatureImagePng = imagePath
    ? readSignatureImage(resolve(dirname(path), imagePath))
    : undefined
  return { config, source: path, ...(signatureImagePng ? { signatureImagePng } : {}) }
}

export function parseAssociationConfig(raw: unknown, source: string): AssociationConfig {
  const result = AssociationConfigSchema.safeParse(raw)
  if (!result.success) {
    throw new AppError(
      'config.invalid',
      `Configuration de l’association invalide (${source}) :\n${z.prettifyError(result.error)}`,
    )
  }
  return result.data
}
