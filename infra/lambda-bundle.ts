import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type BuildOptions, buildSync, type Metafile } from 'esbuild'

export const PROJECT_ROOT = fileURLToPath(new URL('../', import.meta.url))

/** CommonJS dependencies (nodemailer, fontkit…) call require(), which an ES module lacks. */
export const CREATE_REQUIRE_BANNER =
  "import { createRequire as __createRequire } from 'node:module';const require = __createRequire(import.meta.url);"

/** A data file the code reads at run time: copied from `source`, or written from `content`. */
export type BundledFile = {
  /** Path inside the bundle, relative to index.mjs. */
  target: string
} & (
  | {
      /** Absolute path on the machine that synthesizes. */
      source: string
    }
  | { content: string }
)

/**
 * How every Lambda is bundled: by the CDK app (app-function.ts) and by `npm run bench:bundle`,
 * through this one function, so the bench measures what is deployed.
 *
 * ES modules with code splitting: a module the code imports with `await import()` (fontkit,
 * the receipt renderer's 0.9 MB) becomes a file of its own beside index.mjs, read only when
 * the code reaches that import, not at every cold start. Chunks sit beside index.mjs (no
 * sub-folder) because font-files.ts finds the fonts relative to its own module's URL.
 * The AWS SDK is bundled: the pinned versions, not whatever the runtime carries.
 */
export function lambdaBuildOptions(entry: string, outdir: string): BuildOptions {
  return {
    absWorkingDir: PROJECT_ROOT,
    entryPoints: { index: entry },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    outExtension: { '.js': '.mjs' },
    chunkNames: '[name]-[hash]',
    platform: 'node',
    target: 'node22',
    mainFields: ['module', 'main'],
    banner: { js: CREATE_REQUIRE_BANNER },
    minify: true,
    // Stack traces name our files and lines (NODE_OPTIONS=--enable-source-maps); the sources
    // need not ship.
    sourcemap: true,
    sourcesContent: false,
    metafile: true,
    logLevel: 'warning',
  }
}

/** Bundles one function into `outdir` and copies its data files; returns esbuild's metafile. */
export function bundleLambda(
  entry: string,
  outdir: string,
  files: readonly BundledFile[] = [],
): Metafile {
  const result = buildSync(lambdaBuildOptions(entry, outdir))
  for (const file of files) {
    const target = join(outdir, file.target)
    mkdirSync(dirname(target), { recursive: true })
    if ('content' in file) writeFileSync(target, file.content)
    else copyFileSync(file.source, target)
  }
  if (!result.metafile) throw new Error(`esbuild gave no metafile for ${entry}`)
  return result.metafile
}

/** The entry point of a function folder under functions/. */
export function functionEntry(name: string, entry = 'lambda.ts'): string {
  return join(PROJECT_ROOT, 'functions', name, entry)
}
