import { describe, expect, it } from 'vitest'
import {
  CHROMIUM,
  ensureSystemDependencies,
  JAVA_17,
  POPPLER,
  type SystemProbe,
  systemDependenciesFor,
  ZBAR,
} from '../../functions/local/system-dependencies.js'

interface FakeMachine {
  programs: Set<string>
  java?: number
  root?: boolean
  os?: ReturnType<SystemProbe['os']>
  /** Exit code of `apt-get install`; 0 installs the packages asked for. */
  aptStatus?: number
}

const PACKAGE_PROGRAMS: Record<string, string[]> = {
  chromium: ['chromium'],
  'poppler-utils': ['pdftotext', 'pdftoppm'],
  'openjdk-17-jre-headless': ['java'],
}

/** A machine in memory: what is on PATH, and apt-get installing into it. */
function fakeProbe(machine: FakeMachine) {
  const runs: string[] = []
  const said: string[] = []
  const probe: SystemProbe = {
    which: (command) => (machine.programs.has(command) ? `/usr/bin/${command}` : undefined),
    javaMajor: async () => (machine.programs.has('java') ? (machine.java ?? 17) : undefined),
    isRoot: () => machine.root ?? false,
    os: () => machine.os ?? 'debian',
    run: async (command, args) => {
      runs.push([command, ...args].join(' '))
      if (command !== 'apt-get' || args[0] !== 'install') return 0
      if (machine.aptStatus) return machine.aptStatus
      for (const name of args.filter((arg) => !arg.startsWith('-')).slice(1))
        for (const program of PACKAGE_PROGRAMS[name] ?? []) machine.programs.add(program)
      return 0
    },
    say: (line) => said.push(line),
  }
  return { probe, runs, said }
}

const ALL = ['java', 'chromium', 'pdftotext', 'pdftoppm', 'apt-get']

describe('ensureSystemDependencies', () => {
  it('present: says nothing and installs nothing', async () => {
    const { probe, runs, said } = fakeProbe({ programs: new Set(ALL), root: true })
    const check = await ensureSystemDependencies('test', [JAVA_17, CHROMIUM, POPPLER], probe)
    expect(check).toEqual({ ok: true, installed: [] })
    expect(runs).toEqual([])
    expect(said).toEqual([])
  })

  it('installable (root on Debian/Ubuntu with apt-get): installs what is missing, saying so', async () => {
    const { probe, runs, said } = fakeProbe({ programs: new Set(['java', 'apt-get']), root: true })
    const check = await ensureSystemDependencies('test', [JAVA_17, CHROMIUM, POPPLER], probe)
    expect(check).toEqual({ ok: true, installed: ['Chromium', 'poppler (pdftotext, pdftoppm)'] })
    expect(said).toEqual([
      'npm test needs Chromium, poppler (pdftotext, pdftoppm): installing with apt-get install chromium poppler-utils',
    ])
    expect(runs).toEqual([
      'apt-get update -qq',
      'apt-get install -y -qq --no-install-recommends chromium poppler-utils',
    ])
  })

  it('installable: an older Java left as the default is pointed at 17 after the install', async () => {
    const machine: FakeMachine = { programs: new Set(['java', 'apt-get']), java: 11, root: true }
    const { probe, runs } = fakeProbe(machine)
    probe.run = async (command, args) => {
      runs.push([command, ...args].join(' '))
      if (command === 'sh') machine.java = 17
      return 0
    }
    const check = await ensureSystemDependencies('start', [JAVA_17], probe)
    expect(check).toEqual({ ok: true, installed: ['Java 17'] })
    expect(runs.at(-1)).toContain('update-alternatives --set java')
  })

  it('missing, not root: stops with the exact command (sudo), installing nothing', async () => {
    const { probe, runs } = fakeProbe({ programs: new Set(['apt-get', 'pdftotext', 'pdftoppm']) })
    const check = await ensureSystemDependencies('test', [JAVA_17, CHROMIUM, POPPLER], probe)
    expect(runs).toEqual([])
    expect(check).toEqual({
      ok: false,
      missing: ['Java 17', 'Chromium'],
      message: [
        'npm test cannot run: missing',
        '  - Java 17: DynamoDB Local, the local database',
        '  - Chromium: the staff page browser test',
        'Install with:',
        '  sudo apt-get update && sudo apt-get install -y --no-install-recommends openjdk-17-jre-headless chromium',
        '(or set SKIP_BROWSER_TESTS=1 to run the other tests without the browser tests)',
      ].join('\n'),
    })
  })

  it('missing on macOS: the Homebrew command', async () => {
    const { probe } = fakeProbe({ programs: new Set(), os: 'macos', root: true })
    const check = await ensureSystemDependencies('start', [JAVA_17], probe)
    expect(check.ok).toBe(false)
    expect(!check.ok && check.message).toContain('Install with:\n  brew install openjdk@17')
  })

  it('missing elsewhere: names what to put on PATH', async () => {
    const { probe } = fakeProbe({ programs: new Set(), os: 'other' })
    const check = await ensureSystemDependencies('test', [POPPLER], probe)
    expect(!check.ok && check.message).toBe(
      'npm test cannot run: missing\n  - poppler (pdftotext, pdftoppm): the PDF checks\nInstall them and put them on PATH.',
    )
  })

  it('a failed install stops with the command to run by hand', async () => {
    const { probe } = fakeProbe({ programs: new Set(['apt-get']), root: true, aptStatus: 100 })
    const check = await ensureSystemDependencies('start', [JAVA_17], probe)
    expect(!check.ok && check.message).toContain(
      'apt-get update && apt-get install -y --no-install-recommends openjdk-17-jre-headless',
    )
  })
})

describe('systemDependenciesFor', () => {
  const names = (list: { name: string }[]) => list.map((dependency) => dependency.name)

  it('npm start needs Java, unless DYNAMODB_ENDPOINT points at a running database', () => {
    expect(names(systemDependenciesFor('start', {}))).toEqual(['Java 17'])
    expect(systemDependenciesFor('start', { DYNAMODB_ENDPOINT: 'http://db:8000' })).toEqual([])
  })

  it('npm test needs Java, Chromium, poppler and zbar; SKIP_BROWSER_TESTS=1 drops Chromium', () => {
    expect(names(systemDependenciesFor('test', {}))).toEqual([
      'Java 17',
      'Chromium',
      'poppler (pdftotext, pdftoppm)',
      'zbar (zbarimg)',
    ])
    expect(names(systemDependenciesFor('test', { SKIP_BROWSER_TESTS: '1' }))).toEqual([
      'Java 17',
      'poppler (pdftotext, pdftoppm)',
      'zbar (zbarimg)',
    ])
  })

  it('zbar is found by its zbarimg and installed from zbar-tools', async () => {
    const present = (programs: string[]) =>
      ZBAR.present({
        which: (name: string) => (programs.includes(name) ? name : undefined),
      } as SystemProbe)

    expect(await present(['zbarimg'])).toBe(true)
    expect(await present(['pdftoppm'])).toBe(false)
    expect(ZBAR.aptPackage).toBe('zbar-tools')
  })
})
