import { CSV_BOM, csvEuros, csvRow } from '../../csv/csv-format.js'
import type { FormTallies, Tally, YearAuditResult } from './declaration-report.js'
import { FORMS } from './declaration-report.js'
import { COUNTING_RULE, type DeclarationMeta } from './declaration-rule.js'
import { FORM_LABELS, totalOf } from './tallies.js'

/**
 * `declaration-<Y>.csv`: three small tables one after the other (what, the figures per form
 * and in total, the checks with every listed problem), in the project's CSV format.
 */
export function declarationCsv(result: YearAuditResult, meta: DeclarationMeta): string {
  return [
    CSV_BOM,
    csvRow(['rubrique', 'valeur']),
    csvRow(['declaration', `Article 222 bis du CGI : dons reçus en ${result.year}`]),
    csvRow(['association', meta.association]),
    csvRow(['etablie_le', meta.madeOn]),
    csvRow(['regle', COUNTING_RULE]),
    '\r\n',
    csvRow(['rubrique', 'formulaire', 'nombre', 'montant_eur']),
    ...figureRows('Reçus retenus (à déclarer)', result.figures.declared),
    ...figureRows('Reçus annulés (non retenus)', result.figures.cancelled),
    ...figureRows(
      'Reçus remplacés (non retenus, le remplaçant est compté)',
      result.figures.replaced,
    ),
    ...figureRows('Tous les reçus de la série', result.figures.issued),
    csvRow([
      `Reçus retenus délivrés après le 31/12/${result.year}`,
      'Total',
      String(result.figures.declaredIssuedLater),
      '',
    ]),
    '\r\n',
    csvRow(['controle', 'resultat', 'anomalies', 'numero', 'detail']),
    ...result.checks.flatMap((check) => [
      csvRow([
        check.label,
        check.ok ? 'OK' : 'ÉCHEC',
        String(check.problemCount),
        '',
        check.outcome,
      ]),
      ...check.problems.map((problem) =>
        csvRow([check.label, '', '', problem.number ?? '', problem.detail]),
      ),
    ]),
  ].join('')
}

function figureRows(heading: string, tallies: FormTallies): string[] {
  const row = (form: string, tally: Tally) =>
    csvRow([heading, form, String(tally.count), csvEuros(tally.amountCents)])
  return [
    ...FORMS.map((form) => row(FORM_LABELS[form], tallies[form])),
    row('Total', totalOf(tallies)),
  ]
}
