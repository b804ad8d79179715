import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import * as z from 'zod'
import { AppError } from '../errors.js'
import { type AssociationConfig, AssociationConfigSchema } from './association-config-schema.js'
import {
  defaultAssociationConfig,
  PLACEHOLDER,
  PLACEHOLDER_POSTAL_CODE,
  PLACEHOLDER_SIREN,
} from './default-association-config.js'

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
  const raw = readJson(path)
  const config = parseAssociationConfig(raw, path)
  const imagePath = config.association.signatureImagePath
  const signatureImagePng = imagePath ? readSignature(resolve(dirname(path), imagePath)) : undefined
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

/** Identity fields still holding the built-in placeholders: fine for SPECIMENs, not for real receipts. */
export function placeholderFields(config: AssociationConfig): string[] {
  const a = config.association
  const fields: [string, boolean][] = [
    ['association.registrationNumber', a.registrationNumber.value === PLACEHOLDER_SIREN],
    ['association.address.postalCode', a.address.postalCode === PLACEHOLDER_POSTAL_CODE],
  ]
  const flagged = fields.filter(([, isPlaceholder]) => isPlaceholder).map(([name]) => name)
  // Any other identity text still « À renseigner » (as the built-in profile and `receipts setup` write them).
  const texts = { association: config.association, mail: config.mail }
  return [...new Set([...flagged, ...placeholderPaths(texts, '')])]
}

function placeholderPaths(value: unknown, path: string): string[] {
  if (value === PLACEHOLDER) return [path]
  if (!value || typeof value !== 'object' || Array.isArray(value)) return []
  return Object.entries(value).flatMap(([key, inner]) =>
    placeholderPaths(inner, path ? `${path}.${key}` : key),
  )
}

function readJson(path: string): unknown {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (cause) {
    throw new AppError('config.invalid', `ASSOCIATION_CONFIG: impossible de lire ${path}`, {
      cause,
    })
  }
  try {
    return JSON.parse(text)
  } catch (cause) {
    throw new AppError('config.invalid', `ASSOCIATION_CONFIG: ${path} n’est pas du JSON valide`, {
      cause,
    })
  }
}

function readSignature(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path))
  } catch (cause) {
    throw new AppError(
      'config.invalid',
      `association.signatureImagePath: impossible de lire ${path}`,
      { cause },
    )
  }
}
