// `npm run check:arm64`: layout 3's pinned receipts rendered by Node 20 x64 (this one), Node
// 24 x64 and Node 24 ARM64 (the npm registry's official binaries, ARM64 run under
// qemu-aarch64), compared with the pins of test/receipts/pinned-layout-three.ts. Layout 3
// deflates in JavaScript and hashes canonical JSON, so the three must agree to the byte.
// Outside the test suite: the ARM64 run takes about a minute under emulation.
//
// Needs (Debian): apt-get install qemu-user libc6-arm64-cross libstdc++6-arm64-cross

import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { LAYOUT_THREE_PINS } from '../receipts/pinned-layout-three.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const CACHE = join(ROOT, 'node_modules/.cache')
// The Node 24 that .ci/run tests on (and caches in the same place).
const NODE24_VERSION = '24.22.3'
const QEMU_LD_PREFIX = '/usr/aarch64-linux-gnu'

interface Run {
  label: string
  hashes: Record<string, string>
  seconds: number
}

async function main(): Promise<number> {
  const bundle = await bundleRenderer()
  const runs: Run[] = [
    run('Node (this one)', process.execPath, [bundle]),
    run(`Node ${NODE24_VERSION} x64`, nodeBinary('x64'), [bundle]),
  ]
  const qemu = which('qemu-aarch64')
  if (!qemu || !existsSync(QEMU_LD_PREFIX)) {
    console.error(
      'qemu-aarch64 or the ARM64 libraries are missing: apt-get install qemu-user libc6-arm64-cross libstdc++6-arm64-cross',
    )
    return 2
  }
  runs.push(
    run(`Node ${NODE24_VERSION} arm64 (qemu)`, qemu, [nodeBinary('arm64'), bundle], {
      QEMU_LD_PREFIX,
    }),
  )
  return report(runs)
}

async function bundleRenderer(): Promise<string> {
  const outfile = join(CACHE, 'check-arm64', 'layout-three-hashes.mjs')
  // Packages stay external: the bundle, inside node_modules, loads them (and the font files)
  // from there, as the Lambda bundle does.
  await build({
    entryPoints: [join(ROOT, 'test/tools/layout-three-hashes.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    target: 'node20',
    outfile,
    logLevel: 'warning',
  })
  return outfile
}

/** The official binary from the npm registry's node-linux-<arch> package, cached. */
function nodeBinary(arch: 'x64' | 'arm64'): string {
  const dir = join(CACHE, `node-${NODE24_VERSION}-linux-${arch}`)
  const bin = join(dir, 'bin/node')
  if (existsSync(bin)) return bin
  const download = mkdtempSync(join(tmpdir(), 'node-pack-'))
  try {
    execFileSync('npm', ['pack', '--silent', `node-linux-${arch}@${NODE24_VERSION}`], {
      cwd: download,
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    mkdirSync(dir, { recursive: true })
    const tarball = join(download, `node-linux-${arch}-${NODE24_VERSION}.tgz`)
    execFileSync('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1', 'package/bin/node'])
  } finally {
    rmSync(download, { recursive: true, force: true })
  }
  return bin
}

function run(label: string, command: string, args: string[], env: Record<string, string> = {}) {
  const started = performance.now()
  const out = execFileSync(command, args, {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 15 * 60_000,
    maxBuffer: 1 << 20,
  })
  const { node, arch, hashes } = JSON.parse(out) as {
    node: string
    arch: string
    hashes: Record<string, string>
  }
  const seconds = (performance.now() - started) / 1000
  console.info(`${label}: ${node} ${arch}, ${seconds.toFixed(0)} s`)
  return { label: `${node} ${arch}`, hashes, seconds }
}

function report(runs: readonly Run[]): number {
  let failures = 0
  for (const [name, pin] of Object.entries(LAYOUT_THREE_PINS)) {
    console.info(`\n${name}\n  pinned             ${pin}`)
    for (const { label, hashes } of runs) {
      const hash = hashes[name] ?? '(missing)'
      const same = hash === pin
      if (!same) failures++
      console.info(`  ${label.padEnd(18)} ${hash} ${same ? 'same' : 'DIFFERENT'}`)
    }
  }
  console.info(
    failures === 0
      ? `\nAll ${runs.length} runs give the pinned bytes.`
      : `\n${failures} hash(es) differ from the pins.`,
  )
  return failures === 0 ? 0 : 1
}

function which(command: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).trim()
  } catch {
    return undefined
  }
}

process.exitCode = await main()
