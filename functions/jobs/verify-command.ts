import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { Env } from '../../shared/config/env.js'
import {
  checkReceiptText,
  findVerificationLink,
} from '../../shared/verification/check-receipt-text.js'
import {
  keyIdOf,
  publicKeyFromPem,
  signingKeyFromSecret,
} from '../../shared/verification/signing-key.js'
import {
  decodeVerificationToken,
  tokenSignatureValid,
} from '../../shared/verification/verification-token.js'
import { pdfText } from './pdf-text.js'

export const VERIFY_USAGE = `  verifier     <fichier.pdf | lien> [--cle cle-publique.pem] [--hors-ligne]
               Vérifie un reçu : la signature de son lien, ses montant, numéro et date contre le
               texte du PDF, et son état sur la page de vérification (sauf --hors-ligne).`

export interface VerifyIo {
  env: Env
  out: (line: string) => void
  fetch?: typeof fetch
}

/**
 * `npm run receipts -- verifier <fichier.pdf | lien>`: checks a receipt without the database.
 * The signature needs only the association's public key (a file, this data set's key, or the
 * published page); the state needs the link to answer. Exit 0: genuine and valid; 2: anything
 * else; 64: a command to fix. Undefined when the command is another one.
 */
export async function runVerifyCommand(argv: string[], io: VerifyIo): Promise<number | undefined> {
  const [command, ...rest] = argv
  if (command !== 'verifier') return undefined
  let parsed: ReturnType<typeof parse>
  try {
    parsed = parse(rest)
  } catch (error) {
    io.out(`${(error as Error).message}\n\n${VERIFY_USAGE}`)
    return 64
  }
  const { target, keyFile, offline } = parsed
  const isLink = /^https?:\/\//.test(target)
  const text = isLink ? undefined : await pdfText(await readFile(target)).catch(() => undefined)
  if (!isLink && text === undefined) {
    io.out(`Impossible de lire « ${target} » comme un PDF.`)
    return 64
  }
  const link = isLink ? target : findVerificationLink(text as string)
  if (!link) {
    io.out(
      'Ce PDF ne porte pas de lien de vérification : il a été émis avant les reçus vérifiables.',
    )
    return 2
  }
  const decoded = decodeVerificationToken(link.slice(link.lastIndexOf('/') + 1))
  if (!decoded) {
    io.out(`NON : le lien ${link} n’est pas un lien de vérification de reçu (altéré ?).`)
    return 2
  }
  const { claims } = decoded
  io.out(
    `Reçu n° ${claims.number} de l’organisme « ${claims.orgId} », ${formatCents(claims.amountCents)} €, émis le ${frenchDay(claims.issuedOn)}.`,
  )
  const key = await findPublicKey(decoded.keyId, { keyFile, env: io.env, link, offline, io })
  if (!key) {
    io.out(
      `? Clé ${decoded.keyId} introuvable : donnez la clé publique de l’association avec --cle (elle est publiée sur sa page /verifier).`,
    )
    return 2
  }
  const signed = tokenSignatureValid(decoded, key.key)
  io.out(
    `${signed ? 'OK ' : 'NON'} signature de l’association (clé ${decoded.keyId}, ${key.source})`,
  )
  let ok = signed
  if (text !== undefined) {
    for (const check of checkReceiptText(text, claims)) {
      io.out(
        `${check.ok ? 'OK ' : 'NON'} ${check.what} : ${check.ok ? 'identique au PDF' : 'différent dans le PDF (modifié ?)'}`,
      )
      ok &&= check.ok
    }
  }
  if (!offline) ok = (await reportState(link, io)) && ok
  io.out(ok ? 'Reçu authentique.' : 'Ce reçu ne doit pas être accepté tel quel.')
  return ok ? 0 : 2
}

function parse(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    options: { cle: { type: 'string' }, 'hors-ligne': { type: 'boolean', default: false } },
    strict: true,
    allowPositionals: true,
  })
  const [target] = positionals
  if (!target || positionals.length > 1)
    throw new Error('Donnez un fichier PDF ou un lien de vérification, un seul.')
  return { target, keyFile: values.cle, offline: values['hors-ligne'] ?? false }
}

async function findPublicKey(
  keyId: string,
  options: { keyFile: string | undefined; env: Env; link: string; offline: boolean; io: VerifyIo },
) {
  if (options.keyFile) {
    const key = publicKeyFromPem(await readFile(options.keyFile, 'utf8'))
    return keyIdOf(key) === keyId ? { key, source: options.keyFile } : undefined
  }
  const local = await readFile(join(options.env.DATA_DIR, 'receipt-signing-key.pem'), 'utf8').catch(
    () => options.env.RECEIPT_SIGNING_KEY,
  )
  if (local) {
    const { publicKey } = signingKeyFromSecret(local)
    if (keyIdOf(publicKey) === keyId) return { key: publicKey, source: 'clé de ce jeu de données' }
  }
  if (options.offline) return undefined
  const page = await fetchText(new URL('/verifier', options.link).href, options.io)
  for (const pem of page?.text.match(
    /-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g,
  ) ?? []) {
    const key = publicKeyFromPem(pem)
    if (keyIdOf(key) === keyId) return { key, source: 'clé publiée sur la page /verifier' }
  }
  return undefined
}

/** The state the association's page gives now; true only for a valid receipt. */
async function reportState(link: string, io: VerifyIo): Promise<boolean> {
  const page = await fetchText(link, io)
  if (!page) {
    io.out(
      '?   état : la page de vérification ne répond pas (hors ligne ?) ; relancez avec --hors-ligne.',
    )
    return false
  }
  const text = page.text.replace(/<[^>]+>/g, ' ').replace(/[ \t\n]+/g, ' ')
  const sentence = /Ce reçu est [^.]*\./.exec(text)?.[0]
  if (page.status === 404 || !sentence) {
    io.out('NON état : la page de l’association ne connaît pas ce lien.')
    return false
  }
  const valid = sentence.startsWith('Ce reçu est valide')
  io.out(`${valid ? 'OK ' : 'NON'} état : ${sentence}`)
  return valid
}

async function fetchText(url: string, io: VerifyIo) {
  try {
    const response = await (io.fetch ?? fetch)(url, { signal: AbortSignal.timeout(10_000) })
    return { status: response.status, text: await response.text() }
  } catch {
    return undefined
  }
}

function formatCents(cents: number): string {
  return (cents / 100)
    .toLocaleString('fr-FR', { minimumFractionDigits: 2 })
    .replace(/\u202f/g, '\u00a0')
}

function frenchDay(isoDay: string): string {
  const [year, month, day] = isoDay.split('-')
  return `${day}/${month}/${year}`
}
