import type { MemberResult } from '../../../shared/staff/find-members.js'
import type { MembershipListPage } from '../../../shared/staff/list-memberships.js'
import { plural } from './format.js'
import { Layout } from './layout.js'
import { MembershipTable } from './membership-table.js'
import { Notice } from './notice.js'
import type { PageView } from './page-view.js'

export function MembersPage(props: {
  view: PageView
  q: string
  members?: MemberResult[] | undefined
  /** Without a search: every membership, a page at a time. */
  list?: MembershipListPage & { continued: boolean }
  error?: string
  tierLabel: (key: string) => string
  today: string
}) {
  const { members } = props
  return (
    <Layout view={props.view} title={props.q ? `Membres : « ${props.q} »` : 'Membres'}>
      <div class="page-head">
        <h1>Membres</h1>
        <div class="actions">
          <a class="button secondary" href="/staff/membres/export.csv" download>
            Exporter en CSV
          </a>
        </div>
      </div>
      <Notice error={props.error} />
      <section class="card">
        <search>
          <form method="get" action="/staff/membres">
            <label for="membre-q">Rechercher un membre</label>
            <span class="hint" id="membre-q-aide">
              Début du nom ou du prénom, au moins 2 caractères ; majuscules et accents sont ignorés.
            </span>
            <div class="search-box">
              <input
                type="search"
                id="membre-q"
                name="q"
                value={props.q}
                autocomplete="off"
                spellcheck={false}
                minlength={2}
                maxlength={100}
                aria-describedby="membre-q-aide"
              />
              <button type="submit">Rechercher</button>
            </div>
          </form>
        </search>
      </section>
      {props.list ? (
        <MembershipList list={props.list} tierLabel={props.tierLabel} today={props.today} />
      ) : null}
      {members === undefined ? (
        props.q ? (
          <p class="results-meta" role="status">
            Tapez au moins 2 caractères.
          </p>
        ) : null
      ) : (
        <>
          <p class="results-meta" role="status">
            {members.length === 0
              ? 'Aucun membre ne correspond.'
              : plural(members.length, 'membre trouvé', 'membres trouvés')}
          </p>
          {members.map((member, index) => (
            <section class="card" aria-labelledby={`membre-${index}`}>
              <h2 id={`membre-${index}`}>{member.name}</h2>
              <MembershipTable
                memberships={member.memberships}
                tierLabel={props.tierLabel}
                today={props.today}
                showMember={false}
              />
            </section>
          ))}
        </>
      )}
    </Layout>
  )
}

/** Every membership, newest validity first, with the link to the next page. */
function MembershipList(props: {
  list: MembershipListPage & { continued: boolean }
  tierLabel: (key: string) => string
  today: string
}) {
  const { list } = props
  return (
    <section class="card" aria-labelledby="adhesions-titre">
      <h2 id="adhesions-titre">{list.continued ? 'Adhésions (suite)' : 'Toutes les adhésions'}</h2>
      {list.memberships.length === 0 ? (
        <p>Aucune adhésion enregistrée pour l’instant.</p>
      ) : (
        <>
          <p class="small muted">
            Les plus récentes d’abord (date de début de validité) ; l’export CSV les contient
            toutes.
          </p>
          <MembershipTable
            memberships={list.memberships}
            tierLabel={props.tierLabel}
            today={props.today}
          />
        </>
      )}
      <nav class="pager" aria-label="Pages de la liste">
        {list.continued ? <a href="/staff/membres">← Premières adhésions</a> : null}
        {list.next ? (
          <a href={`/staff/membres?apres=${encodeURIComponent(list.next)}`}>
            Adhésions suivantes →
          </a>
        ) : null}
      </nav>
    </section>
  )
}
