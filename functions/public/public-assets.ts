import { createHash } from 'node:crypto'
import type { Hono } from 'hono'
import { PUBLIC_CSS } from './public-css.js'
import { PUBLIC_SCRIPT } from './public-script.js'

const version = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12)

/** Content-hashed names: a browser may keep them a year and never get a stale one. */
export const PUBLIC_ASSETS_PREFIX = '/public-assets'
export const PUBLIC_STYLESHEET_PATH = `${PUBLIC_ASSETS_PREFIX}/site-${version(PUBLIC_CSS)}.css`
export const PUBLIC_SCRIPT_PATH = `${PUBLIC_ASSETS_PREFIX}/verifier-${version(PUBLIC_SCRIPT)}.js`

export function addPublicAssetRoutes(app: Hono): void {
  const cache = 'public, max-age=31536000, immutable'
  app.get(PUBLIC_STYLESHEET_PATH, (c) =>
    c.body(PUBLIC_CSS, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': cache }),
  )
  app.get(PUBLIC_SCRIPT_PATH, (c) =>
    c.body(PUBLIC_SCRIPT, 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': cache,
    }),
  )
}
