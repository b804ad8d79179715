import { readFileSync } from 'node:fs'
import { AssociationConfigSchema } from '../config/association-config-schema.js'
import {
  type LoadedAssociationConfig,
  loadAssociationConfig,
} from '../config/load-association-config.js'
import { AppError } from '../errors.js'
import { TO_CONFIRM } from './build-starting-config.js'
import type { CheckLine } from './check-line.js'
import { deductibilityLines, placeholderLines } from './compare-config.js'

export interface ConfigFileCheck {
  lines: CheckLine[]
  /** The configuration, when the file is valid: the live comparison needs it. */
  loaded?: LoadedAssociationConfig
}

/**
 * The configuration file alone, offline: everything the verified server, the cold start or
 * synth would refuse (schema, rates against payer kinds, labels two tiers share, placeholders,
 * the signature choice), plus the guesses of `setup` still « à confirmer », which the server
 * would silently ignore. Each problem is one line, all of them at once.
 */
export function checkConfigFile(path: string): ConfigFileCheck {
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    const text =
      error instanceof SyntaxError
        ? `ASSOCIATION_CONFIG: ${path} n’est pas du JSON valide (${error.message})`
        : `ASSOCIATION_CONFIG: impossible de lire ${path}`
    return { lines: [{ level: 'action', text }] }
  }
  const lines = toConfirmLines(raw)
  const parsed = AssociationConfigSchema.safeParse(raw)
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      lines.push({
        level: 'action',
        text: `« ${fieldPath(issue.path)} » : ${issue.message}. À faire : corrigez-le dans le fichier.`,
      })
    return { lines }
  }
  let loaded: LoadedAssociationConfig
  try {
    loaded = loadAssociationConfig(path)
  } catch (error) {
    if (!(error instanceof AppError)) throw error
    return { lines: [...lines, { level: 'action', text: error.message }] }
  }
  lines.push(...placeholderLines(loaded.config))
  if (!loaded.signatureImagePng && !loaded.config.association.typedSignature)
    lines.push({
      level: 'action',
      text: '« association.signatureImagePath » : aucune image de signature ni choix de la signature au nom tapé ; le serveur refuse d’émettre des reçus valables. À faire : ajoutez une image PNG (« signatureImagePath »), ou écrivez "typedSignature": true pour signer du seul nom tapé.',
    })
  lines.push(...deductibilityLines(loaded.config))
  return { lines, loaded }
}

/** `setup` writes « à confirmer » beside each guess; the schema drops unknown keys without a word. */
function toConfirmLines(raw: unknown): CheckLine[] {
  const lines: CheckLine[] = []
  const visit = (value: unknown, path: (string | number)[]) => {
    if (!value || typeof value !== 'object') return
    if (Array.isArray(value)) {
      for (const [index, inner] of value.entries()) visit(inner, [...path, index])
      return
    }
    const record = value as Record<string, unknown>
    if (TO_CONFIRM in record) {
      const label = typeof record.label === 'string' ? ` (palier « ${record.label} »)` : ''
      lines.push({
        level: 'action',
        text: `« ${fieldPath(path)} »${label} est encore « ${TO_CONFIRM} » : ${String(record[TO_CONFIRM])}. À faire : vérifiez-le, puis retirez la ligne « ${TO_CONFIRM} ».`,
      })
    }
    for (const [key, inner] of Object.entries(record))
      if (key !== TO_CONFIRM) visit(inner, [...path, key])
  }
  visit(raw, [])
  return lines
}

/** ['tiers', 1, 'match'] → "tiers[1].match", as the treasurer finds it in the file. */
function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`,
    )
    .join('')
}
