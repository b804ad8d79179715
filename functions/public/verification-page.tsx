import type { VerifiedReceipt } from '../../shared/verification/receipt-verification.js'
import { day, euros } from '../staff/pages/format.js'
import { PublicLayout } from './public-layout.js'

const SUBTITLE = 'Vérification d’un reçu fiscal'

const MODEL: Record<VerifiedReceipt['form'], string> = {
  '11580': 'reçu au titre des dons à certains organismes d’intérêt général (particuliers)',
  '16216': 'reçu au titre des dons effectués par les entreprises',
}

/** The state in plain words, first thing on the page. */
export function stateSentence(view: VerifiedReceipt): string {
  const { state } = view
  if (state.status === 'cancelled')
    return `Ce reçu est annulé le ${day(state.on)} (${state.motif}) : il ne vaut plus reçu fiscal.`
  if (state.status === 'replaced')
    return `Ce reçu est remplacé par le reçu n° ${state.by} (depuis le ${day(state.on)}) : seul le nouveau reçu est valide.`
  return view.specimen
    ? 'Ce reçu est un SPECIMEN : il n’a aucune valeur fiscale.'
    : 'Ce reçu est valide : il a bien été émis par l’association et n’a été ni annulé ni remplacé.'
}

export function VerificationPage({ view }: { view: VerifiedReceipt }) {
  const stateClass =
    view.specimen && view.state.status === 'valid' ? 'cancelled' : view.state.status
  return (
    <PublicLayout
      associationName={view.associationName}
      title={`Reçu n° ${view.number}`}
      subtitle={SUBTITLE}
      script
    >
      <h1>
        Reçu fiscal n°{'\u00a0'}
        <span class="num">{view.number}</span>
      </h1>
      <p class={`state state-${stateClass}`} role="status">
        {stateSentence(view)}
      </p>
      {view.specimen && view.state.status !== 'valid' ? (
        <p class="notice">Ce reçu est un SPECIMEN : il n’a aucune valeur fiscale.</p>
      ) : null}
      {view.purgedOn ? (
        <p class="notice">
          Les données personnelles de ce reçu ont été effacées le {day(view.purgedOn)}, à la fin de
          la durée de conservation légale. Son numéro, sa date, son montant et son état restent
          enregistrés.
        </p>
      ) : null}
      <section class="card" aria-labelledby="faits">
        <h2 id="faits">Ce que l’association a enregistré</h2>
        <dl class="facts">
          <dt>Organisme</dt>
          <dd>{view.associationName}</dd>
          <dt>Numéro du reçu</dt>
          <dd class="num">{view.number}</dd>
          <dt>Date d’émission</dt>
          <dd class="num">{day(view.issuedOn)}</dd>
          <dt>Montant</dt>
          <dd class="num">{euros(view.amountCents)}</dd>
          <dt>Modèle</dt>
          <dd>
            Cerfa n° {view.cerfaNumber} — {MODEL[view.form]}
          </dd>
          {view.donorInitials ? (
            <>
              <dt>Donateur (initiales)</dt>
              <dd>{view.donorInitials}</dd>
            </>
          ) : null}
        </dl>
      </section>
      <PdfCheck hashes={view.emailedPdfSha256} />
      <p class="small muted">
        Ce lien est signé par l’association : un numéro de reçu seul n’ouvre rien, et un lien
        modifié n’ouvre aucun reçu. <a href="/verifier">Comment vérifier un reçu</a> (clé publique
        de l’association).
      </p>
    </PublicLayout>
  )
}

function PdfCheck({ hashes }: { hashes: string[] }) {
  return (
    <section class="card" aria-labelledby="fichier-titre">
      <h2 id="fichier-titre">Vérifier le fichier PDF</h2>
      {hashes.length === 0 ? (
        <p>
          Le PDF de ce reçu n’a pas encore été envoyé : la comparaison sera possible une fois
          l’e-mail parti.
        </p>
      ) : (
        <>
          <p>
            Déposez le PDF reçu par e-mail : votre navigateur calcule son empreinte (SHA-256) et la
            compare à celle du fichier émis. Le fichier ne quitte pas votre appareil.
          </p>
          <label id="depot" class="drop" for="fichier" data-sha256={hashes.join(' ')}>
            Déposez le PDF ici, ou choisissez-le :
            <input id="fichier" type="file" accept="application/pdf,.pdf" />
          </label>
          <p id="resultat" aria-live="polite" />
        </>
      )}
    </section>
  )
}

export function UnknownLinkPage({ associationName }: { associationName: string }) {
  return (
    <PublicLayout associationName={associationName} title="Lien inconnu" subtitle={SUBTITLE}>
      <h1>Ce lien ne correspond à aucun reçu</h1>
      <p>
        Vérifiez qu’il a été recopié en entier, ou scannez à nouveau le code QR du reçu. Un lien
        dont un seul caractère a changé ne correspond à aucun reçu : c’est ce qui empêche de
        fabriquer un faux.
      </p>
      <p>
        <a href="/verifier">Comment vérifier un reçu</a>
      </p>
    </PublicLayout>
  )
}
