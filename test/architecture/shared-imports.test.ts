import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '../..')

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return typeScriptFiles(path)
    return /\.tsx?$/.test(entry.name) ? [path] : []
  })
}

/** Every module specifier: static imports and re-exports, dynamic `import()`. */
function specifiers(source: string): string[] {
  const found = [...source.matchAll(/\bfrom\s+['"]([^'"]+)['"]/g)].map((m) => m[1] as string)
  const dynamic = [...source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (m) => m[1] as string,
  )
  return [...found, ...dynamic]
}

// Imports point down (STYLE.md): functions/ are the entry points and use shared/, never the
// reverse. Biome's noRestrictedImports says so at lint time; this also covers dynamic imports.
/** Each import of a file under `dir` that `forbidden` matches, as `file → specifier`. */
function importsMatching(dir: string, forbidden: (specifier: string, file: string) => boolean) {
  return typeScriptFiles(join(root, dir)).flatMap((file) =>
    specifiers(readFileSync(file, 'utf8'))
      .filter((specifier) => forbidden(specifier, file))
      .map((specifier) => `${relative(root, file)} → ${specifier}`),
  )
}

describe('shared/', () => {
  it('never imports from functions/', () => {
    expect(importsMatching('shared', (specifier) => /(^|\/)functions\//.test(specifier))).toEqual(
      [],
    )
  })

  // Routes, middleware, cookies and pages are the HTTP edge: they live in functions/.
  it('never imports hono', () => {
    expect(
      importsMatching('shared', (specifier) => /^(@hono\/|hono($|\/))/.test(specifier)),
    ).toEqual([])
  })

  it('sees an import from functions/ when there is one', () => {
    const source =
      "import type { X } from '../../functions/ingest/app.js'\nawait import('../functions/a.js')"
    expect(specifiers(source)).toEqual(['../../functions/ingest/app.js', '../functions/a.js'])
  })
})

// The receipt PDF's parts, from the bottom: content (what is printed) < fonts < draw; archive
// stands alone. A part imports its own folder and the ones below it, never one above.
describe('shared/receipts/pdf/', () => {
  const below: Record<string, string[]> = {
    content: [],
    fonts: ['content'],
    draw: ['content', 'fonts'],
    archive: [],
  }
  for (const [part, allowed] of Object.entries(below)) {
    it(`${part}/ imports only ${allowed.length ? allowed.join(', ') : 'nothing of the other parts'}`, () => {
      const upward = importsMatching(`shared/receipts/pdf/${part}`, (specifier) => {
        const other = /^\.\.\/(content|fonts|draw|archive)\//.exec(specifier)?.[1]
        return other !== undefined && !allowed.includes(other)
      })
      expect(upward).toEqual([])
    })
  }
})
