import { describe, expect, it } from 'vitest'
import { parseJobCommand, UsageError } from '../../functions/jobs/cli-args.js'

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
    ['', 'No command given.'],
    ['erase --year 2025', 'Unknown command "erase".'],
    ['declaration', '--year YYYY is required.'],
    ['declaration --year 25', '--year must be a year between 2000 and 2027, got "25".'],
    ['archive --year 2031', '--year must be a year between 2000 and 2027, got "2031".'],
    ['reconcile', '--since YYYY-MM-DD is required.'],
    ['reconcile --since 2026-02-30', '--since must be a date YYYY-MM-DD, got "2026-02-30".'],
    ['reconcile --since 01/02/2026', '--since must be a date YYYY-MM-DD, got "01/02/2026".'],
    ['reconcile --since 2026-01-01 --until tomorrow', '--until must be a date YYYY-MM-DD'],
  ])('refuses «%s» with a message naming what to fix', (line, message) => {
    expect(() => parse(line)).toThrow(UsageError)
    expect(() => parse(line)).toThrow(message)
  })

  it('refuses an option it does not know (node:util parseArgs)', () => {
    expect(() => parse('regenerate --year 2025 --force')).toThrow(/Unknown option '--force'/)
  })
})
