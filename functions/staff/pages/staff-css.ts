/**
 * The whole stylesheet of the staff pages, served from a route (no CDN, no inline style, so the
 * Content-Security-Policy can forbid both). System fonts; colours checked for 4.5:1 contrast.
 */
export const STAFF_CSS = `
:root {
  --ink: #1c2430;
  --muted: #56606e;
  --bg: #f3f4f6;
  --surface: #ffffff;
  --line: #d9dee5;
  --brand: #1d4f91;
  --brand-dark: #15345f;
  --brand-soft: #e8eff9;
  --ok-bg: #e3f4e8;
  --ok-ink: #14532d;
  --warn-bg: #fff3d1;
  --warn-ink: #6e4600;
  --bad-bg: #fde7e7;
  --bad-ink: #8c1d1d;
  --grey-bg: #eceff3;
  --grey-ink: #3a4350;
  --focus: #1d4f91;
  --radius: 10px;
  --shadow: 0 1px 2px rgba(16, 24, 40, 0.06), 0 1px 3px rgba(16, 24, 40, 0.08);
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
search { display: block; }
body {
  margin: 0;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif;
  font-size: 1rem;
  line-height: 1.5;
  color: var(--ink);
  background: var(--bg);
}
h1, h2, h3 { line-height: 1.25; margin: 0 0 0.75rem; }
h1 { font-size: 1.6rem; }
h2 { font-size: 1.15rem; }
h3 { font-size: 1rem; }
p { margin: 0 0 0.75rem; }
a { color: var(--brand); text-underline-offset: 0.15em; }
a:hover { color: var(--brand-dark); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; border-radius: 3px; }
.sr-only {
  position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0;
}
.skip {
  position: absolute; left: 0.5rem; top: -3rem; z-index: 10;
  background: #fff; color: var(--brand-dark); padding: 0.5rem 0.75rem; border-radius: 6px;
}
.skip:focus { top: 0.5rem; }
code, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.92em; }
.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
.muted { color: var(--muted); }
.small { font-size: 0.875rem; }

/* Header and navigation */
.site-header { background: var(--brand-dark); color: #fff; }
.site-header :focus-visible { outline-color: #ffd166; }
.site-header .bar {
  max-width: 76rem; margin: 0 auto; padding: 0.6rem 1.25rem;
  display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 1.5rem;
}
.brand { color: #fff; text-decoration: none; display: flex; flex-direction: column; line-height: 1.2; margin-right: auto; }
.brand:hover { color: #fff; }
.brand strong { font-size: 1.05rem; }
.brand span { font-size: 0.8rem; color: #c9d6ea; }
.site-nav ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem; }
.site-nav a {
  display: inline-flex; align-items: center; gap: 0.4rem;
  color: #fff; text-decoration: none; padding: 0.45rem 0.75rem; border-radius: 6px; font-weight: 500;
}
.site-nav a:hover { background: rgba(255, 255, 255, 0.12); color: #fff; }
.site-nav a[aria-current="page"] { background: #fff; color: var(--brand-dark); }
.count {
  display: inline-block; min-width: 1.5rem; padding: 0 0.4rem; border-radius: 999px;
  background: #ffd166; color: #3a2a00; font-size: 0.8rem; font-weight: 700; text-align: center;
}
.count.zero { background: rgba(255, 255, 255, 0.2); color: #fff; }
.site-nav a[aria-current="page"] .count.zero { background: var(--grey-bg); color: var(--grey-ink); }
.who { display: flex; align-items: center; gap: 0.75rem; font-size: 0.875rem; }
.who .role { color: #c9d6ea; }
.who form { margin: 0; }
.who button {
  background: transparent; color: #fff; border: 1px solid rgba(255, 255, 255, 0.55);
  padding: 0.3rem 0.7rem; border-radius: 6px; font: inherit; cursor: pointer;
}
.who button:hover { background: rgba(255, 255, 255, 0.12); }

/* The whole instance is unverified: said on every page, above everything else. */
.specimen-banner {
  background: var(--bad-bg); color: var(--bad-ink); border-bottom: 2px solid currentColor;
  padding: 0.6rem 1.25rem; text-align: center; font-size: 0.925rem;
}

/* Page frame */
main { max-width: 76rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
.sign-in main {
  max-width: 26rem; margin: 12vh auto 0; padding: 2rem 1.75rem; background: #fff;
  border-radius: 12px; box-shadow: 0 1px 3px rgba(16, 24, 40, 0.12);
}
.sign-in main h1 { font-size: 1.35rem; margin-bottom: 1.25rem; }
.sign-in main [role="alert"] { color: #8c1d1d; background: #fdecec; padding: 0.6rem 0.8rem; border-radius: 8px; }
.sign-in main input { width: 100%; }
main:focus { outline: none; }
.page-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.5rem 1rem; margin-bottom: 1.25rem; }
.page-head h1 { margin: 0; }
.page-head .actions { margin-left: auto; display: flex; gap: 0.5rem; flex-wrap: wrap; }
.site-footer { max-width: 76rem; margin: 0 auto; padding: 0 1.25rem 2rem; color: var(--muted); font-size: 0.8rem; }
.card {
  background: var(--surface); border: 1px solid var(--line); border-radius: var(--radius);
  box-shadow: var(--shadow); padding: 1.1rem 1.25rem; margin-bottom: 1.25rem;
}
.card > h2:first-child { margin-bottom: 0.85rem; }
.card.tight { padding: 0; overflow: hidden; }
.grid { display: grid; gap: 0 1.25rem; grid-template-columns: minmax(0, 1fr); }
.stats { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); margin-bottom: 1.25rem; }
.stats .card { margin: 0; }
.stat { margin: 0; }
.stat .label { color: var(--muted); font-size: 0.875rem; font-weight: 600; }
.stat .value { font-size: 1.6rem; font-weight: 700; font-variant-numeric: tabular-nums; white-space: nowrap; }
.stat .sub { color: var(--muted); font-size: 0.875rem; }
.stat a { font-weight: 600; }
.stat.attention { border-color: #e9c46a; background: #fffaf0; }
.stat.alert { border-color: #eab0b0; background: #fff7f7; }
/* The detail reads summary, actions, PDF, then the rest on a phone; on a laptop actions and
   PDF stand beside everything else. */
.detail { display: grid; gap: 0 1.25rem; grid-template-columns: minmax(0, 1fr); }
@media (min-width: 60rem) {
  .two-cols { grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); align-items: start; }
  .detail {
    grid-template-columns: minmax(0, 7fr) minmax(0, 5fr);
    grid-template-areas: "summary side" "rest side";
    grid-template-rows: auto 1fr;
    align-items: start;
  }
  .detail > .d-summary { grid-area: summary; }
  .detail > .d-side { grid-area: side; }
  .detail > .d-rest { grid-area: rest; }
}

/* Messages */
.notice { border-radius: var(--radius); padding: 0.85rem 1rem; margin-bottom: 1.25rem; border: 1px solid; }
.notice p:last-child { margin: 0; }
.notice.ok { background: var(--ok-bg); color: var(--ok-ink); border-color: #a8d5b5; }
.notice.error { background: var(--bad-bg); color: var(--bad-ink); border-color: #eab0b0; }
.notice.info { background: var(--brand-soft); color: var(--brand-dark); border-color: #bcd0ec; }

/* Badges */
.badge {
  display: inline-block; padding: 0.1rem 0.55rem; border-radius: 999px; font-size: 0.8rem;
  font-weight: 600; white-space: nowrap; border: 1px solid transparent;
}
.badge.issued, .badge.active { background: var(--ok-bg); color: var(--ok-ink); }
.badge.cancelled, .badge.failed { background: var(--bad-bg); color: var(--bad-ink); }
.badge.replaced, .badge.ended { background: var(--grey-bg); color: var(--grey-ink); }
.badge.sent { background: var(--brand-soft); color: var(--brand-dark); }
.badge.pending, .badge.sending { background: var(--warn-bg); color: var(--warn-ink); }
.badge.specimen { background: #fff; color: var(--bad-ink); border-color: currentColor; letter-spacing: 0.04em; }
.badges { display: inline-flex; flex-wrap: wrap; gap: 0.35rem; }

/* Forms */
label, .label { display: block; font-weight: 600; margin-bottom: 0.25rem; }
.hint { display: block; color: var(--muted); font-size: 0.875rem; font-weight: 400; margin-bottom: 0.35rem; }
input[type="text"], input[type="search"], input[type="email"], input[type="number"], input[type="password"], select, textarea {
  width: 100%; font: inherit; color: var(--ink); background: #fff;
  border: 1px solid #8a94a3; border-radius: 6px; padding: 0.5rem 0.65rem;
}
textarea { min-height: 4.5rem; resize: vertical; }
input:focus-visible, select:focus-visible, textarea:focus-visible { outline-offset: 0; border-color: var(--focus); }
.field { margin-bottom: 0.9rem; }
.field-row { display: grid; gap: 0 0.9rem; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); }
fieldset { border: 1px solid var(--line); border-radius: 8px; padding: 0.75rem 1rem 0.25rem; margin: 0 0 0.9rem; }
legend { font-weight: 600; padding: 0 0.35rem; }
.check { display: flex; gap: 0.5rem; align-items: flex-start; font-weight: 400; }
.check input { width: 1.1rem; height: 1.1rem; margin-top: 0.2rem; flex: none; accent-color: var(--brand); }
.radios { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; }
.confirm-fallback { background: var(--warn-bg); border-radius: 6px; padding: 0.5rem 0.75rem; margin-bottom: 0.9rem; }
.js .confirm-fallback { display: none; }
button, .button {
  display: inline-flex; align-items: center; justify-content: center; gap: 0.4rem;
  font: inherit; font-weight: 600; cursor: pointer; text-decoration: none;
  border-radius: 6px; padding: 0.5rem 1rem; border: 1px solid var(--brand);
  background: var(--brand); color: #fff; min-height: 2.5rem;
}
button:hover, .button:hover { background: var(--brand-dark); border-color: var(--brand-dark); color: #fff; }
.button.secondary, button.secondary { background: #fff; color: var(--brand); border-color: #9fb4d3; }
.button.secondary:hover, button.secondary:hover { background: var(--brand-soft); color: var(--brand-dark); }
button.danger { background: #b42318; border-color: #b42318; }
button.danger:hover { background: #8c1d1d; border-color: #8c1d1d; }
.button-row { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; margin-bottom: 0.75rem; }

/* Search */
.search-box { display: flex; gap: 0.5rem; }
.search-box input { flex: 1; font-size: 1.1rem; padding: 0.65rem 0.8rem; }
.filters { display: grid; gap: 0.75rem; grid-template-columns: repeat(3, minmax(0, 12rem)); margin-top: 0.9rem; }
.filters .field { margin: 0; }
@media (max-width: 40rem) { .filters { grid-template-columns: repeat(3, minmax(0, 1fr)); } }
.results-meta { color: var(--muted); margin: 0 0 0.6rem; min-height: 1.5em; }
.results { list-style: none; margin: 0; padding: 0; }
.results li + li { border-top: 1px solid var(--line); }
.result {
  display: grid; gap: 0.15rem 1rem; padding: 0.8rem 1.1rem; text-decoration: none; color: inherit;
  grid-template-columns: 7.5rem minmax(0, 1fr) auto;
  grid-template-areas: "num who amount" "num meta badges";
}
.result:hover { background: #f7f9fc; color: inherit; }
.result:focus-visible { outline-offset: -3px; }
.result .r-num { grid-area: num; font-weight: 700; color: var(--brand); }
.result .r-who { grid-area: who; font-weight: 600; overflow-wrap: anywhere; }
.result .r-meta { grid-area: meta; color: var(--muted); font-size: 0.875rem; overflow-wrap: anywhere; }
.result .r-amount { grid-area: amount; text-align: right; font-weight: 700; }
.result .r-badges { grid-area: badges; justify-self: end; }
.empty { padding: 1.25rem; color: var(--muted); margin: 0; }
.pager { padding: 0.75rem 1.1rem; border-top: 1px solid var(--line); margin: 0; }
@media (max-width: 40rem) {
  .result { grid-template-columns: minmax(0, 1fr) auto; grid-template-areas: "num amount" "who who" "meta meta" "badges badges"; }
  .result .r-badges { justify-self: start; }
}

/* Key–value lists and tables */
dl.kv { display: grid; grid-template-columns: minmax(8rem, max-content) minmax(0, 1fr); gap: 0.4rem 1rem; margin: 0; }
dl.kv dt { color: var(--muted); font-weight: 600; }
dl.kv dd { margin: 0; overflow-wrap: anywhere; }
@media (max-width: 40rem) { dl.kv { grid-template-columns: 1fr; gap: 0; } dl.kv dd { margin-bottom: 0.5rem; } }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 0.925rem; }
th, td { text-align: left; padding: 0.45rem 0.6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { color: var(--muted); font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.03em; }
td.right, th.right { text-align: right; }
tfoot td, tfoot th { border-bottom: 0; font-weight: 700; }
/* On a phone a .stack table reads as one card per row, each cell with its column's name. */
@media (max-width: 40rem) {
  table { font-size: 0.875rem; }
  th, td { padding: 0.4rem 0.35rem; }
  table.stack thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0, 0, 0, 0); }
  table.stack tr { display: block; padding: 0.5rem 0; border-bottom: 1px solid var(--line); }
  table.stack td { display: grid; grid-template-columns: 6.5rem minmax(0, 1fr); gap: 0.5rem; border: 0; padding: 0.15rem 0; white-space: normal; }
  table.stack td::before { content: attr(data-label); color: var(--muted); font-weight: 600; }
  table.stack td { justify-items: start; text-align: left; }
  table.stack td:empty { display: none; }
  table.stack tfoot tr { display: flex; justify-content: space-between; gap: 1rem; }
  table.stack tfoot th { padding: 0; }
  table.stack tfoot td { display: block; padding: 0; }
  table.stack tfoot td::before { content: none; }
}
.timeline { list-style: none; margin: 0; padding: 0; }
.timeline li { position: relative; padding: 0 0 0.8rem 1.25rem; border-left: 2px solid var(--line); margin-left: 0.35rem; }
.timeline li:last-child { padding-bottom: 0; }
.timeline li::before {
  content: ""; position: absolute; left: -0.42rem; top: 0.35rem; width: 0.7rem; height: 0.7rem;
  border-radius: 50%; background: var(--brand); border: 2px solid #fff;
}
.timeline .when { color: var(--muted); font-size: 0.85rem; display: block; }

/* Receipt detail */
.amount-big { font-size: 1.9rem; font-weight: 700; font-variant-numeric: tabular-nums; margin: 0; }
.pdf-frame { width: 100%; height: 34rem; border: 1px solid var(--line); border-radius: 6px; background: #e5e7eb; }
/* Phones seldom show a PDF inside a page: the download buttons do the job there. */
@media (max-width: 40rem) { .pdf-frame { display: none; } }
details.action { border: 1px solid var(--line); border-radius: 8px; margin-bottom: 0.75rem; background: #fff; }
details.action > summary {
  cursor: pointer; padding: 0.7rem 0.9rem; font-weight: 600; list-style-position: inside;
}
details.action > summary:hover { background: #f7f9fc; }
details.action[open] > summary { border-bottom: 1px solid var(--line); }
details.action > .body { padding: 0.9rem; }
.action-hint { color: var(--muted); font-size: 0.875rem; }

/* Chart */
figure.chart { margin: 0; }
.chart svg { display: block; width: 100%; height: 210px; overflow: visible; }
.chart .bar { fill: var(--brand); }
.chart .bar.current { fill: #3f7fd1; }
.chart .bar-empty { fill: var(--line); }
.chart .grid-line { stroke: var(--line); stroke-width: 1; }
.chart text { font-size: 12px; fill: var(--muted); font-family: inherit; }
.chart text.value { fill: var(--ink); font-weight: 600; font-size: 11px; }
.chart .m-short { display: none; }
@media (max-width: 40rem) {
  .chart .m-long, .chart text.value { display: none; }
  .chart .m-short { display: inline; }
}
figcaption { color: var(--muted); font-size: 0.875rem; margin-top: 0.5rem; }
details.data > summary { cursor: pointer; color: var(--brand); font-weight: 600; margin-top: 0.75rem; }

/* Review queue and members */
.chips { display: flex; flex-wrap: wrap; gap: 0.5rem; list-style: none; margin: 0 0 0.75rem; padding: 0; }
.chips li { background: var(--surface); border: 1px solid var(--line); border-radius: 999px; padding: 0.25rem 0.8rem; font-size: 0.9rem; }
.chips strong { margin-left: 0.35rem; }
.review-item h2 { display: flex; flex-wrap: wrap; gap: 0.35rem 0.75rem; align-items: baseline; }
.review-item .refs { display: flex; flex-wrap: wrap; gap: 0.35rem 1.25rem; font-size: 0.9rem; margin-bottom: 0.75rem; }

/* Confirmation dialog */
dialog {
  border: 0; border-radius: 12px; padding: 1.4rem; max-width: min(32rem, calc(100vw - 2rem));
  box-shadow: 0 20px 50px rgba(16, 24, 40, 0.35); color: var(--ink);
}
dialog::backdrop { background: rgba(16, 24, 40, 0.55); }
dialog h2 { margin-bottom: 0.5rem; }
dialog .button-row { justify-content: flex-end; margin-top: 1.25rem; }

@media (max-width: 40rem) {
  main { padding: 1rem 0.9rem 2.5rem; }
  .stat .value { font-size: 1.3rem; }
  .site-header .bar { padding: 0.5rem 0.9rem; }
  h1 { font-size: 1.35rem; }
  .card { padding: 1rem; }
  .who { width: 100%; justify-content: space-between; }
  .site-nav { width: 100%; }
  .site-nav ul { flex-wrap: nowrap; overflow-x: auto; }
  .site-nav a { padding: 0.45rem 0.6rem; white-space: nowrap; }
}
@media print {
  .site-header, .site-footer, .actions-panel, .pdf-frame { display: none; }
  body { background: #fff; }
  .card { box-shadow: none; }
}
`
