import type { Donor } from '../../../shared/receipts/receipt-snapshot.js'

/** Who the receipt is made out to, as printed on it. */
export function DonorSection({ donor, email }: { donor: Donor; email: string }) {
  const { address } = donor
  return (
    <section class="card" aria-labelledby="donateur-titre">
      <h2 id="donateur-titre">Donateur</h2>
      <dl class="kv">
        {donor.kind === 'company' ? (
          <>
            <dt>Dénomination</dt>
            <dd>{donor.name}</dd>
            <dt>Forme juridique</dt>
            <dd>{donor.legalForm}</dd>
            <dt>SIREN</dt>
            <dd class="num">{donor.siren}</dd>
          </>
        ) : (
          <>
            <dt>Nom</dt>
            <dd>{donor.lastName}</dd>
            <dt>Prénom(s)</dt>
            <dd>{donor.firstNames}</dd>
          </>
        )}
        <dt>Adresse</dt>
        <dd>
          {address.street}
          <br />
          {address.postalCode} {address.city}
          <br />
          {address.country}
        </dd>
        <dt>E-mail</dt>
        <dd>
          <a href={`mailto:${email}`}>{email}</a>
        </dd>
      </dl>
    </section>
  )
}
