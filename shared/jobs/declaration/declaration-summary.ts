import { euros, fr, frenchDate } from '../../mail/french-text.js'
import type { DeclarationCheck, FormTallies, Tally, YearAuditResult } from './declaration-report.js'
import { FORMS } from './declaration-report.js'
import { COUNTING_RULE, type DeclarationMeta } from './declaration-rule.js'
import { countOf } from './french-counts.js'
import { FORM_LABELS, totalOf } from './tallies.js'

/** The printable page the treasurer copies the two figures from (French, plain text). */
export function declarationSummary(result: YearAuditResult, meta: DeclarationMeta): string {
  const { year, figures } = result
  const declared = totalOf(figures.declared)
  const lines = [
    fr`Déclaration annuelle des dons (article 222 bis du CGI) : année ${year}`,
    fr`${meta.association}, chiffres établis le ${frenchDate(meta.madeOn)}`,
    '',
    fr`Montant des dons mentionnés sur les reçus : ${euros(declared.amountCents)}`,
    fr`Nombre de reçus délivrés : ${declared.count}`,
    ...byForm(figures.declared),
    '',
    COUNTING_RULE,
    '',
    'Non comptés :',
    fr`  Reçus annulés : ${tally(totalOf(figures.cancelled))}`,
    fr`  Reçus remplacés : ${tally(totalOf(figures.replaced))}`,
    fr`Tous les reçus de la série : ${tally(totalOf(figures.issued))}`,
    ...(figures.declaredIssuedLater > 0
      ? [fr`Dont reçus comptés délivrés après le 31/12/${year} : ${figures.declaredIssuedLater}`]
      : []),
    '',
    result.ok ? 'Contrôles : tous réussis.' : 'Contrôles : ÉCHEC, à examiner avant de déclarer.',
    ...result.checks.flatMap(checkLines),
  ]
  return `${lines.join('\n')}\n`
}

function byForm(tallies: FormTallies): string[] {
  return FORMS.map((form) => fr`  dont ${FORM_LABELS[form]} : ${tally(tallies[form])}`)
}

function tally(value: Tally): string {
  return `${countOf(value.count, 'reçu')}, ${euros(value.amountCents)}`
}

function checkLines(check: DeclarationCheck): string[] {
  const head = fr`  [${check.ok ? 'OK' : 'ÉCHEC'}] ${check.label} : ${check.outcome}`
  const listed = check.problems.map((problem) =>
    problem.number ? fr`      ${problem.number} : ${problem.detail}` : `      ${problem.detail}`,
  )
  const more = check.problemCount - check.problems.length
  return [head, ...listed, ...(more > 0 ? [`      … et ${countOf(more, 'autre')}`] : [])]
}
