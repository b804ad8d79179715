/**
 * The verification page's only script: hashes a PDF the donor drops or picks, in the browser
 * (Web Crypto), and compares it with the hashes of the files emailed. Nothing is uploaded.
 */
export const PUBLIC_SCRIPT = `
(function () {
  var zone = document.getElementById('depot');
  if (!zone || !window.crypto || !window.crypto.subtle) return;
  var input = document.getElementById('fichier');
  var out = document.getElementById('resultat');
  var expected = (zone.getAttribute('data-sha256') || '').split(' ').filter(Boolean);
  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
      return ('0' + b.toString(16)).slice(-2);
    }).join('');
  }
  function check(file) {
    if (!file) return;
    out.className = '';
    out.textContent = 'Vérification en cours…';
    file.arrayBuffer().then(function (bytes) {
      return window.crypto.subtle.digest('SHA-256', bytes);
    }).then(function (digest) {
      var sum = hex(digest);
      if (expected.indexOf(sum) >= 0) {
        out.className = 'result-ok';
        out.textContent = 'Ce fichier est bien le reçu émis : il n’a pas été modifié.';
      } else {
        out.className = 'result-bad';
        out.textContent = 'Ce fichier n’est pas celui qui a été émis : il a été modifié, ou c’est un autre document. Empreinte : ' + sum;
      }
    });
  }
  input.addEventListener('change', function () { check(input.files && input.files[0]); });
  zone.addEventListener('dragover', function (event) { event.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', function () { zone.classList.remove('over'); });
  zone.addEventListener('drop', function (event) {
    event.preventDefault();
    zone.classList.remove('over');
    check(event.dataTransfer && event.dataTransfer.files[0]);
  });
})();
`
