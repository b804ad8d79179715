import type { ReceiptSearchResult } from '../../../shared/staff/search-receipts.js'
import { day, euros, plural } from './format.js'
import { DELIVERY_STATUS, FORM, RECEIPT_STATUS } from './labels.js'
import { Layout } from './layout.js'
import type { PageView } from './page-view.js'
import { ReceiptBadges } from './receipt-badges.js'
import {
  DELIVERY_PARAM,
  MATCHED_BY,
  type SearchForm,
  STATUS_PARAM,
  searchHref,
} from './search-query.js'

export function SearchPage(props: {
  view: PageView
  form: SearchForm
  result: ReceiptSearchResult
  currentYear: number
}) {
  const { form, result } = props
  const years = Array.from({ length: 6 }, (_, i) => props.currentYear - i)
  return (
    <Layout view={props.view} title={form.q ? `Reçus : « ${form.q} »` : 'Reçus'}>
      <div class="page-head">
        <h1>Reçus</h1>
      </div>
      <section class="card">
        <search>
          <form id="recherche" method="get" action="/staff/recus">
            <label for="q">Rechercher un reçu</label>
            <span class="hint" id="q-aide">
              Numéro (2025-00042), e-mail, nom ou prénom du donateur, ou n° de commande HelloAsso.
              Majuscules et accents sont ignorés.
            </span>
            <div class="search-box">
              <input
                type="search"
                id="q"
                name="q"
                value={form.q}
                autocomplete="off"
                spellcheck={false}
                aria-describedby="q-aide"
                aria-controls="resultats"
                maxlength={200}
              />
              <button type="submit">Rechercher</button>
            </div>
            <div class="filters">
              <div class="field">
                <label for="annee">Année</label>
                <select id="annee" name="annee">
                  <option value="">En cours</option>
                  {years.map((year) => (
                    <option value={String(year)} selected={form.annee === String(year)}>
                      {year}
                    </option>
                  ))}
                </select>
              </div>
              <div class="field">
                <label for="statut">Statut</label>
                <select id="statut" name="statut">
                  <option value="">Tous</option>
                  {Object.entries(STATUS_PARAM).map(([param, status]) => (
                    <option value={param} data-api={status} selected={form.statut === param}>
                      {RECEIPT_STATUS[status]}
                    </option>
                  ))}
                </select>
              </div>
              <div class="field">
                <label for="envoi">Envoi</label>
                <select id="envoi" name="envoi">
                  <option value="">Tous</option>
                  {Object.entries(DELIVERY_PARAM).map(([param, status]) => (
                    <option value={param} data-api={status} selected={form.envoi === param}>
                      {DELIVERY_STATUS[status]}
                    </option>
                  ))}
                </select>
              </div>
            </div>
          </form>
        </search>
      </section>
      <p id="resultats-etat" class="results-meta" role="status">
        {result.items.length === 0
          ? 'Aucun reçu ne correspond.'
          : `${plural(result.items.length, 'reçu trouvé', 'reçus trouvés')} — ${MATCHED_BY[result.matchedBy]}`}
      </p>
      <div id="resultats" class="card tight">
        <ResultList result={result} form={form} />
      </div>
    </Layout>
  )
}

/** The script renders the same markup (staff-script.ts resultItem) when results come by fetch. */
function ResultList({ result, form }: { result: ReceiptSearchResult; form: SearchForm }) {
  if (result.items.length === 0)
    return (
      <p class="empty">
        Aucun reçu ne correspond à cette recherche. Essayez un autre nom, le numéro du reçu ou
        l’e-mail du payeur.
      </p>
    )
  return (
    <>
      <ul class="results">
        {result.items.map((r) => (
          <li>
            <a class="result" href={`/staff/recus/${r.number}`}>
              <span class="r-num num">{r.number}</span>
              <span class="r-who">{r.donorName}</span>
              <span class="r-meta">
                {r.payerEmail} · versé le {day(r.paymentDate)} · {FORM[r.form]}
              </span>
              <span class="r-amount num">{euros(r.amountCents)}</span>
              <span class="r-badges">
                <ReceiptBadges
                  status={r.status}
                  delivery={r.deliveryStatus}
                  specimen={r.specimen}
                />
              </span>
            </a>
          </li>
        ))}
      </ul>
      {result.cursor ? (
        <p class="pager">
          <a href={searchHref({ ...form, suite: result.cursor })}>Reçus suivants</a>
        </p>
      ) : null}
    </>
  )
}
