import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { withPdfFile } from './pdf-layout.js'

/** A verification link as long as the real ones: the base, then a ~170-character token. */
export const VERIFICATION_URL = `https://recus.example.org/verifier/${'eyJvcmciOiJsYWJvLWVzcyIsIm51bWJlciI6IjIwMjYtMDAwNDIifQ_-'.repeat(3).slice(0, 170)}`

/**
 * The QR codes zbarimg (zbar-tools) finds on the first page rasterised by pdftoppm at `dpi`,
 * as a scanner or a phone would see the paper: their decoded texts, none if it finds none.
 */
export function decodeQrCodes(bytes: Uint8Array, dpi: number): string[] {
  return withPdfFile(bytes, (path) => {
    const prefix = join(path, '..', 'page')
    execFileSync('pdftoppm', ['-r', String(dpi), '-gray', '-png', '-singlefile', path, prefix])
    try {
      const out = execFileSync(
        'zbarimg',
        ['--quiet', '--raw', '-Sdisable', '-Sqrcode.enable', `${prefix}.png`],
        {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        },
      )
      return out.split('\n').filter((line) => line !== '')
    } catch (error) {
      // zbarimg exits with 4 when the image holds no code.
      if ((error as { status?: number }).status === 4) return []
      throw error
    }
  })
}
