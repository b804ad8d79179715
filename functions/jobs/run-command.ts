import { userInfo } from 'node:os'
import {
  confirmationText,
  confirmYearTaxRules,
  type YearTaxRulesStatus,
  yearTaxRulesLines,
  yearTaxRulesStatus,
} from '../../shared/jobs/annual/year-tax-rules-check.js'
import { countOf } from '../../shared/jobs/declaration/french-counts.js'
import type { JobDeps } from '../../shared/jobs/job-deps.js'
import {
  findingText,
  reconcileActionText,
  reconcileCountsText,
  runText,
  yearNotOverText,
} from '../../shared/jobs/job-report-text.js'
import { createProgress } from '../../shared/jobs/progress.js'
import { needsAttention } from '../../shared/jobs/reconcile/reconcile-report.js'
import { type JobOutcome, runJob } from '../../shared/jobs/run-job.js'
import { euros, fr } from '../../shared/mail/french-text.js'
import { runFindings } from '../../shared/store/job-run-store.js'
import { indexUnlistedMemberships } from '../../shared/store/membership-queries.js'
import { frenchDay } from '../../shared/tax/reduction-text.js'
import { yearTaxRules } from '../../shared/tax/tax-rules.js'
import { type JobCommand, usage } from './cli-args.js'
import type { CommandIo, ExitCode } from './command-io.js'

export type { CommandIo, ExitCode }

const FINDINGS_SHOWN = 20

// Each job's module is imported when its command runs, not with this file: together they are
// some 250 modules (the PDF, the ZIP, the mail, HelloAsso's processing), and one command uses a
// few of them. Loading them all cost every `npm run receipts` most of a second of CPU.

/** Runs one job command against the given dependencies and prints its report. */
export async function runCommand(
  deps: JobDeps,
  command: JobCommand,
  io: CommandIo,
): Promise<ExitCode> {
  if (command.command === 'help') {
    io.out(usage())
    return 0
  }
  // Every job that reads a finished year says so when it is not: its figures are not final.
  const notOver =
    'year' in command && command.command !== 'tax-rules' && !isRealAnnual(command)
      ? yearNotOverText(command.year, deps.process.now())
      : undefined
  if (notOver)
    io.out(
      `Attention : ${notOver}, les chiffres ne sont pas définitifs ; relancez la commande une fois l’année close.`,
    )
  const code = await runJobCommand(deps, command, io)
  return notOver ? 2 : code
}

/** The real `annual` refuses an unfinished year outright (it would number receipts). */
function isRealAnnual(command: JobCommand): boolean {
  return command.command === 'annual' && !command.dryRun
}

async function runJobCommand(
  deps: JobDeps,
  command: Exclude<JobCommand, { command: 'help' }>,
  io: CommandIo,
): Promise<ExitCode> {
  switch (command.command) {
    case 'regenerate':
      return regenerate(deps, command, io)
    case 'reconcile':
      return reconcileCommand(deps, command, io)
    case 'annual':
      return annual(deps, command, io)
    case 'declaration':
      return declaration(deps, command.year, io)
    case 'archive':
      return archive(deps, command.year, io)
    case 'purge':
      return (await import('./purge-command.js')).purgeCommand(deps, command, io)
    case 'tax-rules':
      return taxRules(deps, command, io)
    case 'index-members': {
      const indexed = await indexUnlistedMemberships(deps.process.table)
      io.out(
        fr`Liste des membres : ${countOf(indexed, 'adhésion ajoutée', 'adhésions ajoutées')} (celles enregistrées avant la mise à jour).`,
      )
      return 0
    }
  }
}

async function reconcileCommand(
  deps: JobDeps,
  command: Extract<JobCommand, { command: 'reconcile' }>,
  io: CommandIo,
): Promise<ExitCode> {
  const { reconcile } = await import('../../shared/jobs/reconcile/reconcile.js')
  const report = await reconcile(deps, {
    since: command.since,
    ...(command.until ? { until: command.until } : {}),
    progress: createProgress('reconcile', io.progressStream),
  })
  io.out(
    fr`reconcile du ${command.since} au ${command.until ?? 'aujourd’hui'} : ${reconcileCountsText(report.counts)}`,
  )
  for (const action of report.actions.slice(0, FINDINGS_SHOWN))
    io.out(`  ${reconcileActionText(action)}`)
  if (report.actions.length > FINDINGS_SHOWN)
    io.out(`  … et ${countOf(report.actions.length - FINDINGS_SHOWN, 'autre action')}`)
  return needsAttention(report) ? 2 : 0
}

async function annual(
  deps: JobDeps,
  command: Extract<JobCommand, { command: 'annual' }>,
  io: CommandIo,
): Promise<ExitCode> {
  if (command.dryRun) {
    const { previewAnnualReceipts } = await import(
      '../../shared/jobs/annual/preview-annual-receipts.js'
    )
    let donors = 0
    let total = 0
    for await (const preview of previewAnnualReceipts(deps, command.year)) {
      donors++
      total += preview.amountCents
      io.out(
        fr`  ${preview.form}  ${preview.donorLabel} : ${countOf(preview.paymentCount, 'paiement')}, ${euros(preview.amountCents)}, ${preview.dateText}${preview.fitsOneReceipt ? '' : ' (trop de paiements pour un reçu : ira en revue)'}${preview.note ? ` — ${preview.note}` : ''}`,
      )
    }
    const would = donors < 2 ? 'serait émis' : 'seraient émis'
    io.out(
      fr`Simulation : ${countOf(donors, 'reçu récapitulatif', 'reçus récapitulatifs')} ${would} pour ${euros(total)} ; rien n’a été écrit.`,
    )
    return 0
  }
  const notOver = yearNotOverText(command.year, deps.process.now())
  if (notOver) {
    io.out(
      `Rien n’a été émis : ${notOver}, les reçus récapitulatifs s’émettent une fois l’année close. --dry-run montre ce qui serait émis.`,
    )
    return 2
  }
  // The year's tax rules first: a finance law may have changed them since (docs/tax-rules.md).
  const rules = await yearTaxRulesStatus(deps.process.table, command.year)
  if (!rules.confirmed) {
    printYearRules(rules, io)
    io.out(
      `Rien n’a été émis. Vérifiez ces règles (docs/tax-rules.md), puis confirmez-les : npm run receipts -- tax-rules --year ${command.year} --confirm`,
    )
    return 2
  }
  io.out(`Règles fiscales de ${command.year} ${confirmationText(rules.confirmed)}.`)
  const { annualJob } = await import('../../shared/jobs/annual/annual-job.js')
  const outcome = await runJob(
    deps,
    annualJob,
    { year: command.year },
    {
      fresh: command.fresh,
      progress: createProgress(`annual ${command.year}`, io.progressStream),
    },
  )
  return printRun(deps, outcome, io)
}

/**
 * `tax-rules --year Y [--confirm]`: the dated rules of the year's gifts; with --confirm, the
 * treasurer's confirmation is recorded (the real `annual` waits for it).
 */
async function taxRules(
  deps: JobDeps,
  command: Extract<JobCommand, { command: 'tax-rules' }>,
  io: CommandIo,
): Promise<ExitCode> {
  if (command.confirm) {
    const confirmation = await confirmYearTaxRules(deps.process.table, {
      year: command.year,
      by: command.by ?? userInfo().username,
      at: deps.process.now().toISOString(),
    })
    io.out(`Règles fiscales de ${command.year} ${confirmationText(confirmation)}.`)
    for (const line of yearTaxRulesLines(command.year)) io.out(line)
    return 0
  }
  const status = await yearTaxRulesStatus(deps.process.table, command.year)
  printYearRules(status, io)
  if (status.confirmed) return 0
  io.out(
    `Après vérification : npm run receipts -- tax-rules --year ${command.year} --confirm [--by "Prénom Nom"]`,
  )
  return 2
}

/** The rules of the year's gifts, and whether (and by whom) they were confirmed. */
function printYearRules(status: YearTaxRulesStatus, io: CommandIo): void {
  const { year } = status
  const versions = yearTaxRules(year).versions.map(frenchDay).join(', ')
  io.out(`Règles fiscales des dons de ${year} (versions du ${versions}) :`)
  for (const line of yearTaxRulesLines(year)) io.out(line)
  if (status.confirmed) io.out(`Règles fiscales de ${year} ${confirmationText(status.confirmed)}.`)
  else if (status.outdated)
    io.out(
      `Les règles fiscales de ${year} ont changé depuis leur confirmation du ${confirmationText(status.outdated).replace(/^confirmées le /, '')} : confirmez-les de nouveau.`,
    )
  else io.out(`Les règles fiscales de ${year} ne sont pas encore confirmées.`)
}

async function declaration(deps: JobDeps, year: number, io: CommandIo): Promise<ExitCode> {
  const { buildDeclaration } = await import('../../shared/jobs/declaration/build-declaration.js')
  const report = await buildDeclaration(
    deps,
    year,
    createProgress(`declaration ${year}`, io.progressStream),
  )
  io.out(report.summary)
  io.out(fr`Fichiers : ${report.files.declaration}, ${report.files.register}`)
  return report.ok ? 0 : 2
}

async function archive(deps: JobDeps, year: number, io: CommandIo): Promise<ExitCode> {
  const { writeArchive } = await import('../../shared/jobs/archive/write-archive.js')
  const report = await writeArchive(
    deps,
    year,
    createProgress(`archive ${year}`, io.progressStream),
  )
  io.out(
    fr`Archive ${report.path} : ${countOf(report.receipts, 'reçu')}, ${(report.bytes / 1024 / 1024).toFixed(1).replace('.', ',')} Mo, SHA-256 ${report.sha256}`,
  )
  if (!report.checksOk)
    io.out(
      '  Les contrôles de la déclaration n’ont pas tous réussi : voir la déclaration dans l’archive.',
    )
  if (report.pdfs.differentCount > 0)
    io.out(
      fr`  ${countOf(report.pdfs.differentCount, 'PDF diffère', 'PDF diffèrent')} de ceux envoyés : ${report.pdfs.different.join(', ')}`,
    )
  return report.checksOk && report.pdfs.differentCount === 0 ? 0 : 2
}

async function regenerate(
  deps: JobDeps,
  command: Extract<JobCommand, { command: 'regenerate' }>,
  io: CommandIo,
): Promise<ExitCode> {
  const { regenerateJob } = await import('../../shared/jobs/regenerate/regenerate-job.js')
  const params = { year: command.year }
  const outcome = await runJob(deps, regenerateJob, params, {
    fresh: command.fresh,
    progress: createProgress(`regenerate ${command.year}`, io.progressStream),
  })
  const code = await printRun(deps, outcome, io)
  io.out(`PDF écrits dans ${deps.files.locate(`receipts/${command.year}`)}`)
  if (!command.resend) return code
  const { yearlyResendJob } = await import('../../shared/jobs/regenerate/yearly-resend-job.js')
  const resend = await runJob(deps, yearlyResendJob, params, {
    fresh: command.fresh,
    progress: createProgress(`resend ${command.year}`, io.progressStream),
  })
  return Math.max(code, await printRun(deps, resend, io)) as ExitCode
}

async function printRun(deps: JobDeps, outcome: JobOutcome, io: CommandIo): Promise<ExitCode> {
  io.out(runText(outcome.run, outcome.resumed))
  let findings = 0
  for await (const finding of runFindings(deps.process.table, outcome.run)) {
    findings++
    if (findings <= FINDINGS_SHOWN) io.out(`  ${findingText(finding)}`)
  }
  if (findings > FINDINGS_SHOWN)
    io.out(`  … et ${countOf(findings - FINDINGS_SHOWN, 'autre constat', 'autres constats')}`)
  return findings > 0 ? 2 : 0
}
