import type { StoredPublicKey } from '../../shared/store/verification-key-store.js'
import { day } from '../staff/pages/format.js'
import { PublicLayout } from './public-layout.js'

/** `/verifier`: how verification works, and the association's public keys to check it alone. */
export function PublicKeyPage(props: { associationName: string; keys: StoredPublicKey[] }) {
  return (
    <PublicLayout
      associationName={props.associationName}
      title="Vérifier un reçu"
      subtitle="Vérification d’un reçu fiscal"
    >
      <h1>Vérifier un reçu fiscal de {props.associationName}</h1>
      <section class="card" aria-labelledby="comment">
        <h2 id="comment">Comment faire</h2>
        <p>
          Chaque reçu porte un code QR et, à côté, le même lien. Ouvrez-le : la page dit si le reçu
          est valide, annulé ou remplacé, avec son numéro, sa date, son montant et son modèle Cerfa.
          Vous pouvez y déposer le PDF pour vérifier qu’il n’a pas été modifié.
        </p>
        <p>
          Le lien contient les données du reçu (organisme, numéro, montant, date, empreinte de ses
          données figées) signées par l’association avec une clé Ed25519. Sans ordinateur relié à
          internet, la commande <code>npm run receipts -- verifier recu.pdf</code> vérifie la
          signature et compare ces données au texte du PDF.
        </p>
      </section>
      <section class="card" aria-labelledby="cles">
        <h2 id="cles">Clé publique de l’association</h2>
        {props.keys.length === 0 ? (
          <p>Aucun reçu signé n’a encore été émis.</p>
        ) : (
          props.keys.map((key) => (
            <>
              <h3>
                Clé {key.keyId}{' '}
                <span class="muted small">(utilisée depuis le {day(key.since)})</span>
              </h3>
              <pre class="key">{key.pem}</pre>
            </>
          ))
        )}
        <p class="small muted">
          Format du jeton (base64url) : version (1 octet), identifiant de clé (4), longueur puis
          identifiant de l’organisme, année (2), numéro d’ordre (4), montant en centimes (6), date
          d’émission AAAAMMJJ (4), SHA-256 des données figées (32), signature Ed25519 (64) de la
          chaîne « recu-fiscal/verification/v1 » suivie d’un octet nul et de tout ce qui précède.
        </p>
      </section>
    </PublicLayout>
  )
}
