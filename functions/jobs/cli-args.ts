import { parseArgs } from 'node:util'

export type JobCommand =
  | { command: 'reconcile'; since: string; until?: string }
  | { command: 'annual'; year: number; dryRun: boolean; fresh: boolean }
  | { command: 'regenerate'; year: number; resend: boolean; fresh: boolean }
  | { command: 'declaration'; year: number }
  | { command: 'archive'; year: number }

export const USAGE = `Usage: npm run receipts -- <command> [options]

  reconcile   --since YYYY-MM-DD [--until YYYY-MM-DD]
              Compare HelloAsso's orders with local records; fix what is safe, queue the rest for review.
  annual      --year YYYY [--dry-run] [--fresh]
              One summary receipt per donor for the year's payments not yet on a receipt.
  regenerate  --year YYYY [--resend] [--fresh]
              Rebuild every PDF of the year from its snapshot and check it against the sent one;
              --resend also emails each donor all their receipts of the year in one message.
  declaration --year YYYY
              The art. 222 bis figures, the register CSV and the checks.
  archive     --year YYYY
              One ZIP with every PDF of the year, the register and the declaration.

A stopped run resumes where it stopped when the same command is run again; --fresh starts over.`

export class UsageError extends Error {}

/** Parses and checks the command line; every mistake gets a message naming what to fix. */
export function parseJobCommand(argv: string[], now: Date = new Date()): JobCommand {
  const [command, ...rest] = argv
  const { values } = parseArgs({
    args: rest,
    options: {
      year: { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      resend: { type: 'boolean', default: false },
      fresh: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  })
  switch (command) {
    case 'reconcile':
      return {
        command,
        since: day(values.since, '--since'),
        ...(values.until ? { until: day(values.until, '--until') } : {}),
      }
    case 'annual':
      return {
        command,
        year: year(values.year, now),
        dryRun: values['dry-run'] ?? false,
        fresh: values.fresh ?? false,
      }
    case 'regenerate':
      return {
        command,
        year: year(values.year, now),
        resend: values.resend ?? false,
        fresh: values.fresh ?? false,
      }
    case 'declaration':
    case 'archive':
      return { command, year: year(values.year, now) }
    default:
      throw new UsageError(command ? `Unknown command "${command}".` : 'No command given.')
  }
}

function year(value: string | undefined, now: Date): number {
  if (!value) throw new UsageError('--year YYYY is required.')
  const parsed = Number(value)
  const latest = now.getUTCFullYear() + 1
  if (!/^\d{4}$/.test(value) || parsed < 2000 || parsed > latest) {
    throw new UsageError(`--year must be a year between 2000 and ${latest}, got "${value}".`)
  }
  return parsed
}

function day(value: string | undefined, flag: string): string {
  if (!value) throw new UsageError(`${flag} YYYY-MM-DD is required.`)
  const parsed = new Date(`${value}T00:00:00Z`)
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(value) ||
    Number.isNaN(parsed.getTime()) ||
    parsed.toISOString().slice(0, 10) !== value
  ) {
    throw new UsageError(`${flag} must be a date YYYY-MM-DD, got "${value}".`)
  }
  return value
}
