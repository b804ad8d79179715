import type { ReceiptRecord } from '../../shared/domain/records.js'
import { CORRECTION_MAX_CHARS } from '../../shared/donor/request-correction.js'
import { DONOR_LINK_DAYS, DONOR_PAGE_PATH } from '../../shared/donor/request-donor-link.js'
import { day, euros } from '../staff/pages/format.js'
import { PUBLIC_CSRF_FIELD } from './public-csrf.js'
import { PublicLayout } from './public-layout.js'

const SUBTITLE = 'Mes reçus fiscaux'

export type RequestNotice = 'sent' | 'rate-limited' | 'invalid'

/** `GET|POST /mes-recus`: one field. The answer to a POST never says whether the address is known. */
export function DonorRequestPage(props: {
  associationName: string
  csrf: string
  notice?: RequestNotice
}) {
  return (
    <PublicLayout associationName={props.associationName} title="Mes reçus" subtitle={SUBTITLE}>
      <h1>Retrouver mes reçus fiscaux</h1>
      {props.notice === 'sent' ? (
        <p class="notice" role="status">
          Demande reçue. Si des reçus ont été émis à cette adresse, un e-mail vient d’y partir avec
          un lien vers vos reçus, valable {DONOR_LINK_DAYS} jours. Pensez à regarder dans les
          indésirables.
        </p>
      ) : null}
      {props.notice === 'rate-limited' ? (
        <p class="notice" role="status">
          Vous avez déjà fait plusieurs demandes : pour protéger les adresses de chacun, attendez
          une heure avant d’en faire une nouvelle. Le dernier e-mail envoyé reste valable.
        </p>
      ) : null}
      <section class="card" aria-labelledby="demande">
        <h2 id="demande">Recevoir le lien par e-mail</h2>
        <p>
          Indiquez l’adresse e-mail utilisée pour votre adhésion ou votre don (pour une entreprise :
          celle de la commande). Nous y envoyons un lien vers la liste de vos reçus.
        </p>
        <form method="post" action={DONOR_PAGE_PATH}>
          <input type="hidden" name={PUBLIC_CSRF_FIELD} value={props.csrf} />
          <label for="email">Adresse e-mail</label>
          <input
            id="email"
            name="email"
            type="email"
            autocomplete="email"
            required
            aria-invalid={props.notice === 'invalid' ? 'true' : undefined}
            aria-describedby={props.notice === 'invalid' ? 'email-erreur' : undefined}
          />
          {props.notice === 'invalid' ? (
            <p id="email-erreur" class="result-bad">
              Cette adresse e-mail n’est pas valide : vérifiez-la.
            </p>
          ) : null}
          <button type="submit">Recevoir le lien</button>
        </form>
      </section>
      <p class="small muted">
        Vous trouvez aussi chaque reçu dans l’e-mail qui vous l’a envoyé. Votre adresse sert
        uniquement à vous envoyer ce lien.
      </p>
    </PublicLayout>
  )
}

export interface DonorPageProps {
  associationName: string
  base: string
  csrf: string
  expiresAt: string
  receipts: ReceiptRecord[]
  notice?: 'correction-sent' | 'correction-invalid' | 'correction-rate-limited'
}

/** `GET /mes-recus/<secret>`: the donor's receipts by year, their PDFs, their data, a correction. */
export function DonorReceiptsPage(props: DonorPageProps) {
  const years = [...new Set(props.receipts.map((r) => r.year))]
  return (
    <PublicLayout associationName={props.associationName} title="Mes reçus" subtitle={SUBTITLE}>
      <h1>Mes reçus fiscaux</h1>
      <CorrectionNotice notice={props.notice} />
      <p class="muted small">Ce lien personnel fonctionne jusqu’au {day(props.expiresAt)}.</p>
      {props.receipts.length === 0 ? <p>Aucun reçu n’est enregistré pour cette adresse.</p> : null}
      {years.map((year) => (
        <section class="card" aria-labelledby={`annee-${year}`}>
          <h2 id={`annee-${year}`}>Année {year}</h2>
          <table class="receipts">
            <thead>
              <tr>
                <th scope="col">Reçu</th>
                <th scope="col">Date</th>
                <th scope="col">Montant</th>
                <th scope="col">État</th>
                <th scope="col">PDF</th>
              </tr>
            </thead>
            <tbody>
              {props.receipts
                .filter((r) => r.year === year)
                .map((receipt) => (
                  <ReceiptRow receipt={receipt} base={props.base} />
                ))}
            </tbody>
          </table>
        </section>
      ))}
      <section class="card" aria-labelledby="donnees">
        <h2 id="donnees">Mes données</h2>
        <p>
          Tout ce que l’association conserve sur cette adresse (reçus, adhésions, échanges), dans un
          fichier JSON (RGPD, article 15).
        </p>
        <a class="button secondary" href={`${props.base}/donnees.json`} download="mes-donnees.json">
          Télécharger mes données
        </a>
      </section>
      <CorrectionForm {...props} />
    </PublicLayout>
  )
}

function ReceiptRow({ receipt, base }: { receipt: ReceiptRecord; base: string }) {
  const summary = receipt.coveredPayments ? ' (reçu annuel récapitulatif)' : ''
  return (
    <tr>
      <td data-label="Reçu">
        <span class="num">n° {receipt.number}</span>
        {summary}
      </td>
      <td data-label="Date" class="num">
        {day(receipt.issuedAt.slice(0, 10))}
      </td>
      <td data-label="Montant" class="num">
        {euros(receipt.snapshot.amountCents)}
      </td>
      <td data-label="État">
        <StateBadge receipt={receipt} />
      </td>
      <td data-label="PDF">
        {receipt.purged ? (
          <span class="muted">effacé</span>
        ) : (
          <a href={`${base}/recus/${receipt.number}.pdf`} download>
            Télécharger<span class="skip-text"> le reçu n° {receipt.number}</span>
          </a>
        )}
      </td>
    </tr>
  )
}

function StateBadge({ receipt }: { receipt: ReceiptRecord }) {
  if (receipt.status === 'cancelled') return <span class="badge badge-cancelled">annulé</span>
  if (receipt.status === 'replaced')
    return <span class="badge badge-replaced">remplacé par le n° {receipt.replacedBy?.number}</span>
  return <span class="badge badge-valid">{receipt.snapshot.specimen ? 'SPECIMEN' : 'valide'}</span>
}

function CorrectionNotice({ notice }: { notice: DonorPageProps['notice'] }) {
  if (notice === 'correction-sent')
    return (
      <p class="notice" role="status">
        Votre demande de correction est transmise à l’association, qui vous répondra par e-mail.
      </p>
    )
  if (notice === 'correction-rate-limited')
    return (
      <p class="notice" role="status">
        Plusieurs demandes ont déjà été envoyées aujourd’hui : l’association les traite, merci de
        patienter.
      </p>
    )
  if (notice === 'correction-invalid')
    return (
      <p class="notice" role="status">
        Écrivez votre demande (au plus {CORRECTION_MAX_CHARS} caractères) puis envoyez-la à nouveau.
      </p>
    )
  return null
}

function CorrectionForm(props: DonorPageProps) {
  return (
    <section class="card" aria-labelledby="correction">
      <h2 id="correction">Demander une correction</h2>
      <p>
        Une erreur sur un reçu (nom, adresse, montant) ? Dites-le ici : l’association vérifie et, si
        besoin, émet un reçu corrigé qui annule et remplace l’ancien.
      </p>
      <form method="post" action={`${props.base}/correction`}>
        <input type="hidden" name={PUBLIC_CSRF_FIELD} value={props.csrf} />
        <label for="recu">Reçu concerné</label>
        <select id="recu" name="recu">
          <option value="">Plusieurs ou aucun en particulier</option>
          {props.receipts.map((r) => (
            <option value={r.number}>n° {r.number}</option>
          ))}
        </select>
        <label for="message" class="spaced">
          Votre demande
        </label>
        <textarea id="message" name="message" required maxlength={CORRECTION_MAX_CHARS} />
        <button type="submit">Envoyer la demande</button>
      </form>
    </section>
  )
}
