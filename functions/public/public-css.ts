/**
 * The stylesheet of the public pages (verification, « Mes reçus »): one column that reads on a
 * phone, system fonts, colours at 4.5:1 contrast or more, served from a route (the CSP forbids
 * inline style).
 */
export const PUBLIC_CSS = `
:root {
  --ink: #1c2430; --muted: #4f5966; --bg: #f3f4f6; --surface: #fff; --line: #d9dee5;
  --brand: #1d4f91; --brand-dark: #15345f;
  --ok-bg: #e3f4e8; --ok-ink: #14532d; --warn-bg: #fff3d1; --warn-ink: #6e4600;
  --bad-bg: #fde7e7; --bad-ink: #8c1d1d; --radius: 10px;
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; color: var(--ink); background: var(--bg); line-height: 1.5; font-size: 1rem;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif;
}
a { color: var(--brand); text-underline-offset: 0.15em; }
a:hover { color: var(--brand-dark); }
:focus-visible { outline: 3px solid var(--brand); outline-offset: 2px; border-radius: 3px; }
.skip { position: absolute; left: 0.5rem; top: -3rem; background: #fff; color: var(--brand-dark); padding: 0.5rem 0.75rem; border-radius: 6px; }
.skip:focus { top: 0.5rem; }
.site-header { background: var(--brand-dark); color: #fff; }
.site-header .bar { max-width: 46rem; margin: 0 auto; padding: 0.75rem 1.25rem; }
.site-header strong { display: block; font-size: 1.05rem; }
.site-header span { font-size: 0.85rem; color: #d5e0f0; }
main { max-width: 46rem; margin: 0 auto; padding: 1.25rem; }
h1 { font-size: 1.5rem; line-height: 1.25; margin: 0.5rem 0 1rem; }
h2 { font-size: 1.15rem; line-height: 1.3; margin: 0 0 0.75rem; }
h3 { font-size: 1rem; margin: 1rem 0 0.5rem; }
p { margin: 0 0 0.75rem; }
.card { background: var(--surface); border: 1px solid var(--line); border-radius: var(--radius); padding: 1rem 1.25rem; margin: 0 0 1rem; }
.state { border-radius: var(--radius); padding: 0.9rem 1.1rem; margin: 0 0 1rem; font-size: 1.1rem; font-weight: 600; border: 1px solid transparent; }
.state-valid { background: var(--ok-bg); color: var(--ok-ink); border-color: #a7d8b5; }
.state-cancelled, .state-replaced { background: var(--bad-bg); color: var(--bad-ink); border-color: #f0b4b4; }
.notice { background: var(--warn-bg); color: var(--warn-ink); border-radius: var(--radius); padding: 0.75rem 1rem; margin: 0 0 1rem; }
dl.facts { display: grid; grid-template-columns: minmax(8rem, max-content) 1fr; gap: 0.4rem 1rem; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; font-weight: 500; overflow-wrap: anywhere; }
@media (max-width: 30rem) { dl.facts { grid-template-columns: 1fr; gap: 0 0; } dl.facts dd { margin-bottom: 0.5rem; } }
.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
.muted { color: var(--muted); }
.small { font-size: 0.875rem; }
label { display: block; font-weight: 600; margin: 0 0 0.35rem; }
input[type="email"], textarea, select {
  width: 100%; font: inherit; padding: 0.6rem 0.7rem; border: 1px solid #8a94a3; border-radius: 8px; background: #fff; color: var(--ink);
}
textarea { min-height: 7rem; }
button, .button {
  display: inline-block; font: inherit; font-weight: 600; padding: 0.6rem 1.1rem; margin-top: 0.75rem; border-radius: 8px;
  border: 1px solid var(--brand); background: var(--brand); color: #fff; cursor: pointer; text-decoration: none;
}
button:hover, .button:hover { background: var(--brand-dark); color: #fff; }
.button.secondary { background: #fff; color: var(--brand); }
.drop { display: block; border: 2px dashed #8a94a3; border-radius: var(--radius); padding: 1.25rem; text-align: center; background: #fafbfc; cursor: pointer; font-weight: 400; }
.drop.over { border-color: var(--brand); background: #e8eff9; }
.drop input { display: block; margin: 0.75rem auto 0; max-width: 100%; }
.result-ok { color: var(--ok-ink); font-weight: 600; }
.result-bad { color: var(--bad-ink); font-weight: 600; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: 0.5rem 0.4rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 0.875rem; color: var(--muted); font-weight: 600; }
@media (max-width: 30rem) {
  table.receipts thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0,0,0,0); }
  table.receipts tr { display: block; border-bottom: 1px solid var(--line); padding: 0.5rem 0; }
  table.receipts td { display: block; border: 0; padding: 0.1rem 0; }
  table.receipts td[data-label]::before { content: attr(data-label) " : "; color: var(--muted); }
}
.badge { display: inline-block; border-radius: 999px; padding: 0 0.55rem; font-size: 0.85rem; font-weight: 600; }
.badge-valid { background: var(--ok-bg); color: var(--ok-ink); }
.badge-cancelled, .badge-replaced { background: var(--bad-bg); color: var(--bad-ink); }
pre.key { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 0.85rem; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 0.75rem; }
.skip-text { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0,0,0,0); white-space: nowrap; }
label.spaced { margin-top: 0.9rem; }
footer { max-width: 46rem; margin: 0 auto; padding: 0 1.25rem 2rem; color: var(--muted); font-size: 0.875rem; }
`
