import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '../..')

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return typeScriptFiles(path)
    return entry.name.endsWith('.ts') ? [path] : []
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
describe('shared/', () => {
  it('never imports from functions/', () => {
    const offenders = typeScriptFiles(join(root, 'shared')).flatMap((file) =>
      specifiers(readFileSync(file, 'utf8'))
        .filter((specifier) => /(^|\/)functions\//.test(specifier))
        .map((specifier) => `${relative(root, file)} → ${specifier}`),
    )
    expect(offenders).toEqual([])
  })

  it('sees an import from functions/ when there is one', () => {
    const source =
      "import type { X } from '../../functions/ingest/app.js'\nawait import('../functions/a.js')"
    expect(specifiers(source)).toEqual(['../../functions/ingest/app.js', '../functions/a.js'])
  })
})
