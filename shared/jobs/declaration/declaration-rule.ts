/**
 * The counting rule, printed in the summary and the CSV so the figures carry their own
 * explanation. See DeclarationFigures for the reasoning.
 */
export const COUNTING_RULE =
  'Sont comptés les reçus de la série de l’année (versements reçus dans l’année, heure de Paris) ' +
  'qui restent valables. Un reçu annulé (remboursement, contestation, annulation par l’équipe) ' +
  'n’est pas compté : le don a été rendu ou le document retiré. Un reçu remplacé (« annule et ' +
  'remplace ») n’est pas compté ; son remplaçant l’est, une seule fois.'

export interface DeclarationMeta {
  association: string
  /** Paris day the figures were drawn (YYYY-MM-DD). */
  madeOn: string
}
