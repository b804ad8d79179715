import { parseArgs } from 'node:util'

export type JobCommand =
  | { command: 'help' }
  | ({ command: 'reconcile'; since: string; until?: string } & DataOptions)
  | ({ command: 'annual'; year: number; dryRun: boolean; fresh: boolean } & DataOptions)
  | ({ command: 'regenerate'; year: number; resend: boolean; fresh: boolean } & DataOptions)
  | ({ command: 'declaration'; year: number } & DataOptions)
  | ({ command: 'archive'; year: number } & DataOptions)
  | ({ command: 'purge'; beforeYear: number; dryRun: boolean } & DataOptions)
  | { command: 'tax-rules'; year: number; confirm: boolean; by?: string }
  | ({ command: 'index-members' } & DataOptions)

export interface DataOptions {
  /** Run even on a database with nothing in it (otherwise refused: a wrong DATA_DIR, most likely). */
  allowEmpty?: boolean
}

/** One row per command, in the order of the help: a new command adds its row here. */
export const COMMAND_HELP: ReadonlyArray<{ command: string; options: string; what: string }> = [
  {
    command: 'reconcile',
    options: '--since AAAA-MM-JJ [--until AAAA-MM-JJ]',
    what: 'Compare les commandes HelloAsso aux enregistrements ; corrige ce qui est sûr, met le reste en revue.',
  },
  {
    command: 'annual',
    options: '--year AAAA [--dry-run] [--fresh]',
    what: 'Un reçu récapitulatif par donateur pour les paiements de l’année sans reçu ; --dry-run montre ce qui serait émis sans rien écrire.',
  },
  {
    command: 'tax-rules',
    options: '--year AAAA [--confirm [--by "Prénom Nom"]]',
    what: 'Montre les règles fiscales datées des dons de l’année (taux, plafonds, sources) ; --confirm enregistre que vous les avez vérifiées, ce que annual demande avant d’émettre.',
  },
  {
    command: 'regenerate',
    options: '--year AAAA [--resend] [--fresh]',
    what: 'Refait chaque PDF de l’année à partir de ses données figées et le compare à celui envoyé ; --resend renvoie aussi à chaque donateur tous ses reçus de l’année en un message.',
  },
  {
    command: 'declaration',
    options: '--year AAAA',
    what: 'Les chiffres de l’article 222 bis, le registre CSV et les contrôles.',
  },
  {
    command: 'archive',
    options: '--year AAAA',
    what: 'Un ZIP avec chaque PDF de l’année, le registre et la déclaration.',
  },
  {
    command: 'purge',
    options: '--before-year AAAA [--dry-run]',
    what: 'Efface les données personnelles des reçus des années antérieures à AAAA, une fois leur durée de conservation passée (numéro, date, montant, modèle et état restent) ; --dry-run liste ce qui serait effacé.',
  },
  {
    command: 'verifier',
    options: '<fichier.pdf | lien> [--cle cle.pem] [--hors-ligne]',
    what: 'Vérifie un reçu : la signature de son lien, ses numéro, montant et date contre le texte du PDF, et son état en ligne (sauf --hors-ligne) ; 0 authentique et valide, 2 sinon.',
  },
  {
    command: 'setup',
    options: '--slug <slug HelloAsso> [--out association.json]',
    what: 'Écrit une configuration de départ depuis les formulaires HelloAsso de l’association (n’écrase jamais un fichier existant) et liste ce qu’il faut vérifier.',
  },
  {
    command: 'check-config',
    options: '[--config association.json]',
    what: 'Compare la configuration (ASSOCIATION_CONFIG par défaut) aux formulaires HelloAsso ; 0 si tout est en ordre, 2 s’il faut agir.',
  },
  {
    command: 'index-members',
    options: '[--allow-empty]',
    what: 'Une fois, après la mise à jour qui a ajouté la liste des membres : y ajoute les adhésions enregistrées avant elle.',
  },
  {
    command: 'config export',
    options: '[--config association.json] [--out association-exportee.json]',
    what: 'Écrit la configuration avec les paliers HelloAsso rattachés depuis la page « À vérifier » (tiers[].match.tierIds) ; n’écrase jamais un fichier existant.',
  },
  { command: 'help', options: '', what: 'Cette aide (aussi --help, -h).' },
]

export function usage(): string {
  const width = Math.max(...COMMAND_HELP.map((row) => row.command.length))
  const indent = ' '.repeat(width + 4)
  const rows = COMMAND_HELP.map(({ command, options, what }) =>
    options
      ? `  ${command.padEnd(width)}  ${options}\n${wrap(what, 96 - indent.length)
          .map((line) => indent + line)
          .join('\n')}`
      : `  ${command.padEnd(width)}  ${what}`,
  )
  return [
    'Utilisation : npm run receipts -- <commande> [options]',
    '',
    ...rows,
    '',
    'Les commandes de reconcile à archive lisent les données de npm start (DATA_DIR, .data par',
    'défaut) et refusent une base vide (mauvais DATA_DIR ?) ; --allow-empty les lance quand même.',
    'setup et check-config lisent HelloAsso (identifiants HELLOASSO_CLIENT_ID/SECRET).',
    'Une exécution interrompue reprend là où elle s’est arrêtée avec la même commande ;',
    '--fresh repart de zéro.',
    'Codes de sortie : 0 terminé, 2 terminé avec quelque chose à examiner, 64 commande à',
    'corriger, 1 erreur (relancer est sans danger).',
  ].join('\n')
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = []
  let line = ''
  // French puts a space before ; : ? ! and a line never starts with one: that space does not break.
  for (const word of text.replace(/ (?=[;:?!])/g, '\u00a0').split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line)
      line = word
    } else line = line ? `${line} ${word}` : word
  }
  return line ? [...lines, line] : lines
}

export class UsageError extends Error {}

/** Commands that work on the recorded payments and receipts: an empty database means a wrong DATA_DIR. */
const DATA_COMMANDS: ReadonlySet<JobCommand['command']> = new Set([
  'reconcile',
  'annual',
  'regenerate',
  'declaration',
  'archive',
  'purge',
  'index-members',
])

export function readsRecordedData(command: JobCommand): command is JobCommand & DataOptions {
  return DATA_COMMANDS.has(command.command)
}

/** Parses and checks the command line; every mistake gets a message naming what to fix. */
export function parseJobCommand(argv: string[], now: Date = new Date()): JobCommand {
  const [command, ...rest] = argv
  if (command === 'help' || argv.includes('--help') || argv.includes('-h'))
    return { command: 'help' }
  const { values } = options(rest)
  const data: DataOptions = values['allow-empty'] ? { allowEmpty: true } : {}
  switch (command) {
    case 'reconcile':
      return {
        command,
        ...data,
        since: day(values.since, '--since'),
        ...(values.until ? { until: day(values.until, '--until') } : {}),
      }
    case 'annual':
      return {
        command,
        ...data,
        year: year(values.year, now),
        dryRun: values['dry-run'] ?? false,
        fresh: values.fresh ?? false,
      }
    case 'regenerate':
      return {
        command,
        ...data,
        year: year(values.year, now),
        resend: values.resend ?? false,
        fresh: values.fresh ?? false,
      }
    case 'declaration':
    case 'archive':
      return { command, ...data, year: year(values.year, now) }
    case 'purge':
      return {
        command,
        ...data,
        beforeYear: year(values['before-year'], now, '--before-year'),
        dryRun: values['dry-run'] ?? false,
      }
    case 'index-members':
      return { command, ...data }
    case 'tax-rules':
      return {
        command,
        year: year(values.year, now),
        confirm: values.confirm ?? false,
        ...(values.by?.trim() ? { by: values.by.trim() } : {}),
      }
    default:
      throw new UsageError(
        command ? `Commande inconnue : « ${command} ».` : 'Aucune commande donnée.',
      )
  }
}

function year(value: string | undefined, now: Date, flag = '--year'): number {
  if (!value) throw new UsageError(`${flag} AAAA est obligatoire.`)
  const parsed = Number(value)
  const latest = now.getUTCFullYear() + 1
  if (!/^\d{4}$/.test(value) || parsed < 2000 || parsed > latest) {
    throw new UsageError(`${flag} doit être une année entre 2000 et ${latest}, reçu « ${value} ».`)
  }
  return parsed
}

function day(value: string | undefined, flag: string): string {
  if (!value) throw new UsageError(`${flag} AAAA-MM-JJ est obligatoire.`)
  const parsed = new Date(`${value}T00:00:00Z`)
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(value) ||
    Number.isNaN(parsed.getTime()) ||
    parsed.toISOString().slice(0, 10) !== value
  ) {
    throw new UsageError(`${flag} doit être une date AAAA-MM-JJ, reçu « ${value} ».`)
  }
  return value
}

/** node:util's parseArgs, its English mistakes said in French. */
function options(args: string[]) {
  try {
    return parseArgs({
      args,
      options: {
        year: { type: 'string' },
        'before-year': { type: 'string' },
        since: { type: 'string' },
        until: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        resend: { type: 'boolean', default: false },
        fresh: { type: 'boolean', default: false },
        'allow-empty': { type: 'boolean', default: false },
        confirm: { type: 'boolean', default: false },
        by: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    })
  } catch (error) {
    const code = (error as { code?: string }).code ?? ''
    if (!code.startsWith('ERR_PARSE_ARGS')) throw error
    const named = /'([^' ]+)/.exec((error as Error).message)?.[1]
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
      throw new UsageError(`Option inconnue : ${named}.`)
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
      throw new UsageError(`L’option ${named} attend une valeur.`)
    throw new UsageError(`Argument inattendu : ${named ?? args.join(' ')}.`)
  }
}
