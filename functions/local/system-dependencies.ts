/**
 * The programs `npm start` and `npm test` need besides Node: checked first, so a bare machine
 * gets one clear sentence (or, as root on Debian/Ubuntu, the install itself, the way `.ci/run`
 * does it) instead of a stack trace from deep inside DynamoDB Local or Playwright.
 */

export type SystemPurpose = 'start' | 'test'

export interface SystemDependency {
  name: string
  /** Why the project needs it, for the message. */
  neededFor: string
  present(probe: SystemProbe): Promise<boolean>
  /** Debian/Ubuntu package. */
  aptPackage: string
  /** Homebrew formula (`--cask x` for an application). */
  brewFormula: string
}

/** The machine, injected so each outcome can be tested without installing anything. */
export interface SystemProbe {
  /** Path of an executable on PATH, or undefined. */
  which(command: string): string | undefined
  /** Major version of the `java` on PATH, or undefined when there is none. */
  javaMajor(): Promise<number | undefined>
  isRoot(): boolean
  os(): 'debian' | 'macos' | 'other'
  /** Runs a command with its output shown; resolves with its exit code. */
  run(command: string, args: readonly string[]): Promise<number>
  say(line: string): void
}

export type SystemCheck =
  | { ok: true; installed: string[] }
  | { ok: false; missing: string[]; message: string }

export const SKIP_BROWSER_TESTS_HINT =
  'or set SKIP_BROWSER_TESTS=1 to run the other tests without the browser tests'

export const JAVA_17: SystemDependency = {
  name: 'Java 17',
  neededFor: 'DynamoDB Local, the local database',
  present: async (probe) => ((await probe.javaMajor()) ?? 0) >= 17,
  aptPackage: 'openjdk-17-jre-headless',
  brewFormula: 'openjdk@17',
}

export const CHROMIUM: SystemDependency = {
  name: 'Chromium',
  neededFor: 'the staff page browser test',
  present: async (probe) => findChromium(probe) !== undefined,
  aptPackage: 'chromium',
  brewFormula: '--cask chromium',
}

export const POPPLER: SystemDependency = {
  name: 'poppler (pdftotext, pdftoppm)',
  neededFor: 'the PDF checks',
  present: async (probe) =>
    probe.which('pdftotext') !== undefined && probe.which('pdftoppm') !== undefined,
  aptPackage: 'poppler-utils',
  brewFormula: 'poppler',
}

export const ZBAR: SystemDependency = {
  name: 'zbar (zbarimg)',
  neededFor: 'reading the QR code printed on receipts',
  present: async (probe) => probe.which('zbarimg') !== undefined,
  aptPackage: 'zbar-tools',
  brewFormula: 'zbar',
}

export function findChromium(probe: Pick<SystemProbe, 'which'>): string | undefined {
  return probe.which('chromium') ?? probe.which('chromium-browser')
}

/**
 * What a purpose needs. DynamoDB Local is skipped when an endpoint is given (`DYNAMODB_ENDPOINT`
 * for the server, `TEST_DYNAMODB_ENDPOINT` for the tests), Chromium when the browser tests are.
 */
export function systemDependenciesFor(
  purpose: SystemPurpose,
  env: Readonly<Record<string, string | undefined>>,
): SystemDependency[] {
  const endpoint = purpose === 'start' ? env.DYNAMODB_ENDPOINT : env.TEST_DYNAMODB_ENDPOINT
  const needed = endpoint ? [] : [JAVA_17]
  if (purpose === 'test') {
    if (!browserTestsSkipped(env)) needed.push(CHROMIUM)
    needed.push(POPPLER, ZBAR)
  }
  return needed
}

export function browserTestsSkipped(env: Readonly<Record<string, string | undefined>>): boolean {
  return env.SKIP_BROWSER_TESTS === '1' || env.SKIP_BROWSER_TESTS === 'true'
}

/** Present → nothing; missing, as root on Debian/Ubuntu → installed; else the command to run. */
export async function ensureSystemDependencies(
  purpose: SystemPurpose,
  needed: readonly SystemDependency[],
  probe: SystemProbe,
): Promise<SystemCheck> {
  const missing = await missingOf(needed, probe)
  if (missing.length === 0) return { ok: true, installed: [] }
  if (canInstall(probe)) {
    const packages = missing.map((dependency) => dependency.aptPackage)
    probe.say(
      `npm ${purpose} needs ${names(missing).join(', ')}: installing with apt-get install ${packages.join(' ')}`,
    )
    const status = await aptInstall(packages, probe)
    const still = await missingOf(missing, probe)
    if (status === 0 && still.length === 0) return { ok: true, installed: names(missing) }
    return failure(purpose, still.length > 0 ? still : missing, probe)
  }
  return failure(purpose, missing, probe)
}

async function missingOf(
  needed: readonly SystemDependency[],
  probe: SystemProbe,
): Promise<SystemDependency[]> {
  const present = await Promise.all(needed.map((dependency) => dependency.present(probe)))
  return needed.filter((_, index) => !present[index])
}

function canInstall(probe: SystemProbe): boolean {
  return probe.isRoot() && probe.os() === 'debian' && probe.which('apt-get') !== undefined
}

async function aptInstall(packages: readonly string[], probe: SystemProbe): Promise<number> {
  const updated = await probe.run('apt-get', ['update', '-qq'])
  if (updated !== 0) return updated
  const status = await probe.run('apt-get', [
    'install',
    '-y',
    '-qq',
    '--no-install-recommends',
    ...packages,
  ])
  // An older JDK may stay the default `java` after the install: point it at 17, as .ci/run does.
  if (status === 0 && packages.includes(JAVA_17.aptPackage) && !(await JAVA_17.present(probe))) {
    return probe.run('sh', [
      '-c',
      'update-alternatives --set java "$(ls /usr/lib/jvm/java-17-openjdk-*/bin/java | head -n1)"',
    ])
  }
  return status
}

function failure(
  purpose: SystemPurpose,
  missing: readonly SystemDependency[],
  probe: SystemProbe,
): SystemCheck {
  const list = missing.map((dependency) => `  - ${dependency.name}: ${dependency.neededFor}`)
  const lines = [`npm ${purpose} cannot run: missing`, ...list]
  const command = installCommand(missing, probe)
  lines.push(command ? `Install with:\n  ${command}` : 'Install them and put them on PATH.')
  if (missing.includes(CHROMIUM)) lines.push(`(${SKIP_BROWSER_TESTS_HINT})`)
  return { ok: false, missing: names(missing), message: lines.join('\n') }
}

/** The exact command for this machine, when there is one. */
export function installCommand(
  missing: readonly SystemDependency[],
  probe: Pick<SystemProbe, 'os' | 'isRoot'>,
): string | undefined {
  if (probe.os() === 'debian') {
    const sudo = probe.isRoot() ? '' : 'sudo '
    const packages = missing.map((dependency) => dependency.aptPackage).join(' ')
    return `${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends ${packages}`
  }
  if (probe.os() === 'macos') {
    return missing.map((dependency) => `brew install ${dependency.brewFormula}`).join(' && ')
  }
  return undefined
}

function names(dependencies: readonly SystemDependency[]): string[] {
  return dependencies.map((dependency) => dependency.name)
}
