import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
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

// STYLE.md: every DynamoDB command and key lives in shared/store/; a use case asks the store.
describe('DynamoDB', () => {
  // Its delivery writes are moving into shared/store/receipt-delivery-store.ts on their own.
  const moving = new Set(['shared/staff/resend-receipt.ts'])
  const isDynamoDb = (specifier: string) =>
    /^@aws-sdk\/(lib-dynamodb|client-dynamodb)$/.test(specifier) ||
    /(^|\/)store\/keys\.js$/.test(specifier)

  for (const dir of ['shared', 'functions']) {
    it(`${dir}/ uses its commands and keys only through shared/store/`, () => {
      const outside = importsMatching(dir, (specifier, file) => {
        const path = relative(root, file)
        return isDynamoDb(specifier) && !path.startsWith('shared/store/') && !moving.has(path)
      })
      expect(outside).toEqual([])
    })
  }
})

/** Each file's imports of other project files, by path from the root. */
function importGraph(dirs: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>()
  for (const file of dirs.flatMap((dir) => typeScriptFiles(join(root, dir)))) {
    const targets = specifiers(readFileSync(file, 'utf8'))
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => relative(root, resolve(dirname(file), specifier)))
      .map((path) => path.replace(/\.js$/, '.ts'))
    graph.set(relative(root, file), targets)
  }
  // A .tsx file is imported as .js too.
  for (const [file, targets] of graph)
    graph.set(
      file,
      targets.map((t) => (graph.has(t) ? t : t.replace(/\.ts$/, '.tsx'))),
    )
  return graph
}

/** Files that reach themselves through their imports, one list per circle (Tarjan). */
function importCircles(graph: Map<string, string[]>): string[][] {
  const order = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const circles: string[][] = []
  const visit = (file: string) => {
    order.set(file, order.size)
    low.set(file, order.get(file) as number)
    stack.push(file)
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue
      if (!order.has(next)) visit(next)
      if (stack.includes(next))
        low.set(file, Math.min(low.get(file) as number, low.get(next) as number))
    }
    if (low.get(file) !== order.get(file)) return
    const circle = stack.splice(stack.indexOf(file))
    if (circle.length > 1) circles.push(circle.sort())
  }
  for (const file of graph.keys()) if (!order.has(file)) visit(file)
  return circles
}

// Two files that import each other are one idea split in two, or a type that wants its own file.
describe('the import picture', () => {
  it('has no circle: no file reaches itself through its imports', () => {
    expect(importCircles(importGraph(['shared', 'functions', 'infra']))).toEqual([])
  })

  it('sees a circle when there is one', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts', 'd.ts']],
      ['d.ts', []],
    ])
    expect(importCircles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts']])
  })
})
