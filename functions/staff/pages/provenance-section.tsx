import type { ProvenanceLine, ReceiptRecord } from '../../../shared/domain/records.js'
import { dateTime, euros } from './format.js'
import { itemTypeLabel } from './labels.js'

/** How the amount was computed: the question a treasurer asks when a donor disputes it. */
export function ProvenanceSection(props: {
  receipt: ReceiptRecord
  tierLabel: (key: string) => string
}) {
  const { receipt } = props
  const p = receipt.provenance
  return (
    <section class="card" aria-labelledby="provenance-titre">
      <h2 id="provenance-titre">D’où vient le montant</h2>
      <p class="small muted">
        Ce que HelloAsso a encaissé pour ce paiement, article par article. Le pourboire versé à
        HelloAsso et les options ne figurent jamais sur un reçu.
      </p>
      <div class="table-wrap">
        <table class="stack">
          <thead>
            <tr>
              <th scope="col">Article</th>
              <th scope="col" class="right">
                Part du paiement
              </th>
              <th scope="col" class="right">
                Options
              </th>
              <th scope="col">Sur le reçu</th>
            </tr>
          </thead>
          <tbody>
            {p.lines.map((line) => (
              <tr>
                <td data-label="Article">
                  {/* One child per cell: on a phone the cell is a grid of label and content. */}
                  <div>
                    {line.label}
                    <br />
                    <span class="small muted">{itemTypeLabel(line.type)}</span>
                  </div>
                </td>
                <td class="right num" data-label="Part du paiement">
                  {euros(line.shareCents)}
                </td>
                <td class="right num" data-label="Options">
                  {euros(line.optionsCents)}
                </td>
                <td data-label="Sur le reçu">
                  <div>
                    {line.eligible
                      ? line.deductibleCents === undefined
                        ? 'Oui'
                        : `Oui, pour ${euros(line.deductibleCents)}`
                      : 'Non'}
                    <br />
                    <span class="small muted">{whyText(line, props.tierLabel)}</span>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Paiement HelloAsso</th>
              <td class="right num">{euros(p.paymentAmountCents)}</td>
              <td colspan={2} />
            </tr>
            <tr>
              <th scope="row">Pourboire à HelloAsso (exclu)</th>
              <td class="right num">{euros(p.tipCents)}</td>
              <td colspan={2} />
            </tr>
            <tr>
              <th scope="row">Montant du reçu</th>
              <td class="right num">{euros(p.eligibleCents)}</td>
              <td colspan={2} />
            </tr>
          </tfoot>
        </table>
      </div>
      {p.staffDecision ? (
        <p class="notice info small">
          Montant fixé par {p.staffDecision.by} le {dateTime(p.staffDecision.at)} :{' '}
          {euros(p.staffDecision.amountCents)} — « {p.staffDecision.reason} »
        </p>
      ) : null}
    </section>
  )
}

/**
 * Why a line is (not) on the receipt, as recorded, with French spacing inside guillemets.
 * Receipts drafted before tiers were named by their label say « adhésion, palier <key> »:
 * the key is shown as the tier's label instead.
 */
function whyText(line: ProvenanceLine, tierLabel: (key: string) => string): string {
  const key = line.tierKey
  const named =
    key && line.why.startsWith(`adhésion, palier ${key} ;`)
      ? `adhésion au palier « ${tierLabel(key)} »${line.why.slice(`adhésion, palier ${key}`.length)}`
      : line.why
  return named.replace(/« /g, '« ').replace(/ »/g, ' »')
}
