import { describe, expect, it } from 'vitest'
import {
  COMMAND_HELP,
  parseJobCommand,
  readsRecordedData,
  UsageError,
  usage,
} from '../../functions/jobs/cli-args.js'

const NOW = new Date('2026-11-26T12:00:00Z')
const parse = (line: string) => parseJobCommand(line.split(' ').filter(Boolean), NOW)

describe('npm run receipts -- <command>: arguments', () => {
  it('reads each command with its options', () => {
    expect(parse('reconcile --since 2026-01-01')).toEqual({
      command: 'reconcile',
      since: '2026-01-01',
    })
    expect(parse('reconcile --since 2026-01-01 --until 2026-06-30')).toMatchObject({
      until: '2026-06-30',
    })
    expect(parse('annual --year 2025 --dry-run')).toEqual({
      command: 'annual',
      year: 2025,
      dryRun: true,
      fresh: false,
    })
    expect(parse('regenerate --year 2025 --resend --fresh')).toEqual({
      command: 'regenerate',
      year: 2025,
      resend: true,
      fresh: true,
    })
    expect(parse('declaration --year 2025')).toEqual({ command: 'declaration', year: 2025 })
    expect(parse('archive --year 2024')).toEqual({ command: 'archive', year: 2024 })
  })

  it.each([
    ['', 'Aucune commande donnée.'],
    ['erase --year 2025', 'Commande inconnue : « erase ».'],
    ['declaration', '--year AAAA est obligatoire.'],
    ['declaration --year 25', '--year doit être une année entre 2000 et 2027, reçu « 25 ».'],
    ['archive --year 2031', '--year doit être une année entre 2000 et 2027, reçu « 2031 ».'],
    ['reconcile', '--since AAAA-MM-JJ est obligatoire.'],
    ['reconcile --since 2026-02-30', '--since doit être une date AAAA-MM-JJ, reçu « 2026-02-30 ».'],
    ['reconcile --since 01/02/2026', '--since doit être une date AAAA-MM-JJ, reçu « 01/02/2026 ».'],
    ['reconcile --since 2026-01-01 --until tomorrow', '--until doit être une date AAAA-MM-JJ'],
    ['regenerate --year 2025 --force', 'Option inconnue : --force.'],
    ['declaration --year', 'L’option --year attend une valeur.'],
    ['declaration 2025', 'Argument inattendu : 2025.'],
  ])('refuses «%s» with a message naming what to fix', (line, message) => {
    expect(() => parse(line)).toThrow(UsageError)
    expect(() => parse(line)).toThrow(message)
  })

  it.each(['help', '--help', '-h', 'annual --help', 'declaration -h'])(
    '« %s » asks for the help',
    (line) => {
      expect(parse(line)).toEqual({ command: 'help' })
    },
  )

  it('--allow-empty is accepted by every command that reads the data', () => {
    expect(parse('declaration --year 2025 --allow-empty')).toEqual({
      command: 'declaration',
      year: 2025,
      allowEmpty: true,
    })
    expect(parse('reconcile --since 2026-01-01 --allow-empty')).toMatchObject({ allowEmpty: true })
    expect(parse('annual --year 2025 --dry-run --allow-empty')).toMatchObject({ allowEmpty: true })
  })
})

describe('which commands read the recorded data (and so refuse an empty database)', () => {
  it('the five jobs do, help does not', () => {
    for (const line of [
      'reconcile --since 2026-01-01',
      'annual --year 2025',
      'regenerate --year 2025',
      'declaration --year 2025',
      'archive --year 2025',
    ])
      expect(readsRecordedData(parse(line)), line).toBe(true)
    expect(readsRecordedData(parse('help'))).toBe(false)
  })
})

describe('the usage', () => {
  it('lists every command with its options, in French', () => {
    const text = usage()
    const lines = text.split('\n').map((line) => line.trim())
    for (const { command, options } of COMMAND_HELP)
      expect(lines.some((line) => line.startsWith(command) && line.endsWith(options))).toBe(true)
    expect(text).toContain('Utilisation : npm run receipts -- <commande> [options]')
    expect(text).toContain('--allow-empty')
  })

  it('never starts a line with the ; : ? or ! that French spaces from the word before', () => {
    const starts = usage()
      .split('\n')
      .filter((line) => /^\s*[;:?!]/.test(line))
    expect(starts).toEqual([])
  })
})
