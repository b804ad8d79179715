import { readFileSync } from 'node:fs'
import { AppError } from '../errors.js'

/** The config file's JSON, with a message that names the file when it cannot be read. */
export function readConfigJson(path: string): unknown {
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

export function readSignatureImage(path: string): Uint8Array {
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
