import { DELIVERY_STATUS, FORM, RECEIPT_STATUS } from './labels.js'
import { deliveryLabel } from './receipt-badges.js'
import { MATCHED_BY } from './search-query.js'

const LABELS = JSON.stringify({
  status: RECEIPT_STATUS,
  delivery: DELIVERY_STATUS,
  // « Envoyé » beside « Annulé » / « Remplacé »: sent before, as the server-rendered badge says.
  sentBefore: {
    cancelled: deliveryLabel('cancelled', 'sent'),
    replaced: deliveryLabel('replaced', 'sent'),
  },
  form: FORM,
  matchedBy: MATCHED_BY,
})

/**
 * The only script of the staff pages, served from a route. Everything works without it (forms
 * submit, the server renders); with it: instant search, a confirmation dialog instead of the
 * « Je confirme » checkbox, and the donor form showing only the fields of the chosen kind.
 * Plain ES2017 for any browser a volunteer may have; text goes in with textContent only.
 */
export const STAFF_SCRIPT = `'use strict';
(function () {
  var LABELS = ${LABELS};
  var hasDialog = typeof HTMLDialogElement === 'function';
  if (hasDialog) document.documentElement.classList.add('js');

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function euros(cents) {
    var whole = String(Math.floor(cents / 100)).replace(/\\B(?=(\\d{3})+(?!\\d))/g, '\\u00a0');
    return whole + ',' + String(cents % 100).padStart(2, '0') + '\\u00a0€';
  }

  function day(iso) {
    var p = iso.slice(0, 10).split('-');
    return p[2] + '/' + p[1] + '/' + p[0];
  }

  function plural(n, one, many) {
    return n + '\\u00a0' + (n > 1 ? many : one);
  }

  /* Same markup as the server's ResultList, so both renderings look and read the same. */
  function resultItem(r) {
    var li = el('li');
    var a = el('a', 'result');
    a.href = '/staff/recus/' + encodeURIComponent(r.number);
    a.appendChild(el('span', 'r-num num', r.number));
    a.appendChild(el('span', 'r-who', r.donorName));
    a.appendChild(el('span', 'r-meta', r.payerEmail + ' · versé le ' + day(r.paymentDate) + ' · ' + LABELS.form[r.form]));
    a.appendChild(el('span', 'r-amount num', euros(r.amountCents)));
    var wrap = el('span', 'r-badges');
    var badges = el('span', 'badges');
    badges.appendChild(el('span', 'badge ' + r.status, LABELS.status[r.status]));
    var sent = r.deliveryStatus === 'sent' && LABELS.sentBefore[r.status];
    badges.appendChild(el('span', 'badge ' + r.deliveryStatus, sent || LABELS.delivery[r.deliveryStatus]));
    if (r.specimen) badges.appendChild(el('span', 'badge specimen', 'SPECIMEN'));
    wrap.appendChild(badges);
    a.appendChild(wrap);
    li.appendChild(a);
    return li;
  }

  function setupSearch() {
    var form = document.getElementById('recherche');
    var input = document.getElementById('q');
    var box = document.getElementById('resultats');
    var state = document.getElementById('resultats-etat');
    if (!form || !input || !box || !state || !window.fetch) return;
    var timer = 0;
    var controller = null;
    var sequence = 0;

    function field(name) {
      var f = form.elements.namedItem(name);
      return f && f.value ? f.value : '';
    }

    function pageQuery() {
      var params = new URLSearchParams();
      ['q', 'annee', 'statut', 'envoi'].forEach(function (name) {
        var v = field(name).trim();
        if (v) params.set(name, v);
      });
      return params;
    }

    function apiQuery() {
      var params = new URLSearchParams();
      var map = { q: 'q', annee: 'year' };
      Object.keys(map).forEach(function (name) {
        var v = field(name).trim();
        if (v) params.set(map[name], v);
      });
      var statut = form.elements.namedItem('statut');
      var envoi = form.elements.namedItem('envoi');
      if (statut && statut.selectedOptions[0] && statut.selectedOptions[0].dataset.api) params.set('status', statut.selectedOptions[0].dataset.api);
      if (envoi && envoi.selectedOptions[0] && envoi.selectedOptions[0].dataset.api) params.set('delivery', envoi.selectedOptions[0].dataset.api);
      return params;
    }

    function render(data) {
      var heading = data.matchedBy === 'year' && !field('q').trim() ? LABELS.matchedBy.year : LABELS.matchedBy[data.matchedBy];
      state.textContent = data.items.length === 0
        ? 'Aucun reçu ne correspond.'
        : plural(data.items.length, 'reçu trouvé', 'reçus trouvés') + ' — ' + heading;
      box.textContent = '';
      if (data.items.length === 0) {
        box.appendChild(el('p', 'empty', 'Aucun reçu ne correspond à cette recherche. Essayez un autre nom, le numéro du reçu ou l’e-mail du payeur.'));
        return;
      }
      var ul = el('ul', 'results');
      data.items.forEach(function (r) { ul.appendChild(resultItem(r)); });
      box.appendChild(ul);
      if (data.cursor) {
        var params = pageQuery();
        params.set('suite', data.cursor);
        var p = el('p', 'pager');
        var more = el('a', '', 'Reçus suivants');
        more.href = '/staff/recus?' + params.toString();
        p.appendChild(more);
        box.appendChild(p);
      }
    }

    function run() {
      var mine = ++sequence;
      if (controller) controller.abort();
      controller = typeof AbortController === 'function' ? new AbortController() : null;
      var query = pageQuery().toString();
      history.replaceState(null, '', '/staff/recus' + (query ? '?' + query : ''));
      state.textContent = 'Recherche…';
      fetch('/staff/api/receipts?' + apiQuery().toString(), {
        credentials: 'same-origin',
        headers: { accept: 'application/json' },
        signal: controller ? controller.signal : undefined
      }).then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      }).then(function (result) {
        if (mine !== sequence) return;
        if (!result.ok) { state.textContent = (result.body && result.body.error) || 'La recherche a échoué.'; return; }
        render(result.body);
      }).catch(function (error) {
        if (mine !== sequence || (error && error.name === 'AbortError')) return;
        state.textContent = 'La recherche instantanée n’a pas abouti : appuyez sur Entrée pour relancer.';
      });
    }

    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(run, 250);
    });
    form.addEventListener('change', function (event) {
      if (event.target !== input) run();
    });
  }

  function setupConfirmations() {
    var dialog = document.getElementById('confirmation');
    if (!hasDialog || !dialog) return;
    var title = document.getElementById('confirmation-titre');
    var text = document.getElementById('confirmation-texte');
    var ok = document.getElementById('confirmation-ok');
    var cancel = document.getElementById('confirmation-retour');
    var pending = null;
    document.querySelectorAll('form[data-confirm] input[name="confirme"]').forEach(function (box) {
      box.required = false;
    });
    document.addEventListener('submit', function (event) {
      var form = event.target;
      if (!(form instanceof HTMLFormElement) || !form.dataset.confirm) return;
      event.preventDefault();
      pending = form;
      var email = form.elements.namedItem('email');
      var address = email ? (email.value.trim() || email.placeholder) : '';
      // A chosen option may say what the form does better than the form (resend: original or duplicata).
      var chosen = form.querySelector('input[type="radio"][data-confirm]:checked');
      var says = chosen ? chosen.dataset : form.dataset;
      title.textContent = says.confirmTitle || form.dataset.confirmTitle || 'Confirmer';
      text.textContent = (says.confirm || form.dataset.confirm).replace('{email}', address);
      ok.textContent = form.dataset.confirmButton || 'Confirmer';
      ok.className = form.dataset.confirmDanger ? 'danger' : '';
      ok.disabled = false;
      dialog.showModal();
    });
    ok.addEventListener('click', function () {
      if (!pending) return;
      ok.disabled = true;
      var box = pending.querySelector('input[name="confirme"]');
      if (box) box.checked = true;
      dialog.close();
      pending.submit();
    });
    cancel.addEventListener('click', function () { dialog.close(); });
  }

  function setupDonorKinds() {
    document.querySelectorAll('[data-donor-form]').forEach(function (form) {
      function sync() {
        var checked = form.querySelector('input[name="type"]:checked');
        var kind = checked ? checked.value : 'particulier';
        form.querySelectorAll('[data-donor-kind]').forEach(function (set) {
          var shown = set.getAttribute('data-donor-kind') === kind;
          set.hidden = !shown;
          set.disabled = !shown;
        });
      }
      form.addEventListener('change', sync);
      sync();
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    setupSearch();
    setupConfirmations();
    setupDonorKinds();
  });
})();
`
