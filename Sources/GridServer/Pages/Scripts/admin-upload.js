// Upload progress for the administration forms marked data-progress: the form is sent with
// XMLHttpRequest so its upload events can fill the form's <progress>; once the file is up,
// the bar turns indeterminate and the status says the server is importing. The answer is a
// whole page, whose <main> replaces this one's (the summary or the error report). Without
// this script the form posts as usual and the same page comes back.
(function () {
  if (!window.FormData || !window.DOMParser || !window.XMLHttpRequest) return;
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form.hasAttribute('data-progress')) return;
    event.preventDefault();
    var bar = form.querySelector('progress'), status = form.querySelector('.upload-status');
    var button = form.querySelector('button[type=submit]');
    var xhr = new XMLHttpRequest();
    function fail(message) {
      status.textContent = message || form.getAttribute('data-failed');
      bar.hidden = true; button.disabled = false; form.removeAttribute('aria-busy');
    }
    xhr.open('POST', form.action);
    xhr.upload.addEventListener('progress', function (e) {
      if (!e.lengthComputable) return;
      bar.max = e.total; bar.value = e.loaded;
      status.textContent = form.getAttribute('data-uploading') + ' ' + Math.round(e.loaded * 100 / e.total) + '%';
    });
    xhr.upload.addEventListener('load', function () {
      bar.removeAttribute('value');
      status.textContent = form.getAttribute('data-working');
    });
    xhr.addEventListener('load', function () {
      var type = xhr.getResponseHeader('Content-Type') || '';
      if (type.indexOf('text/html') !== 0) {
        var message;
        try { message = JSON.parse(xhr.responseText).error.message; } catch (ignored) { message = null; }
        fail(message);
        return;
      }
      var page = new DOMParser().parseFromString(xhr.responseText, 'text/html');
      var main = page.querySelector('main'), current = document.querySelector('main');
      if (!main || !current) { fail(null); return; }
      current.replaceWith(document.adoptNode(main));
      document.title = page.title;
      var result = main.querySelector('[role=alert], .notice');
      if (result) { result.setAttribute('tabindex', '-1'); result.focus(); }
    });
    xhr.addEventListener('error', function () { fail(null); });
    bar.hidden = false; bar.value = 0; button.disabled = true; form.setAttribute('aria-busy', 'true');
    status.textContent = form.getAttribute('data-uploading') + ' 0%';
    xhr.send(new FormData(form));
  });
})();
