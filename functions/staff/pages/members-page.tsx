import type { MemberResult } from '../../../shared/staff/find-members.js'
import { plural } from './format.js'
import { Layout } from './layout.js'
import { MembershipTable } from './membership-table.js'
import type { PageView } from './page-view.js'

export function MembersPage(props: {
  view: PageView
  q: string
  members: MemberResult[] | undefined
  tierLabel: (key: string) => string
  today: string
}) {
  const { members } = props
  return (
    <Layout view={props.view} title={props.q ? `Membres : « ${props.q} »` : 'Membres'}>
      <div class="page-head">
        <h1>Membres</h1>
      </div>
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
