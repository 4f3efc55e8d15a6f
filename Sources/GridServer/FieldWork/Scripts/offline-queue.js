// A weak signal is normal: a form marked data-offline-queue (a visit, a patrol report) is sent by
// script with an Idempotency-Key. Without a connection it waits on the phone (IndexedDB, photos
// included) and is sent when the connection returns, with the same key, so the server does it
// once however many times it arrives. Photos are shrunk on the phone before they are sent.
(function () {
  'use strict';
  var DB = 'gridgov-outbox', STORE = 'requests', MAX_SIDE = 1600;
  // The server keeps its answers 48 hours: an older item could be done twice, so it is not sent.
  var KEPT_MS = 47 * 3600 * 1000;
  var banner = document.getElementById('outbox');
  // What one account queued is sent only as that account (a shared phone, a new login).
  var userElement = document.querySelector('[data-user]');
  var owner = userElement ? userElement.getAttribute('data-user') : '';
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/m/phone-pages.js', { scope: '/m/' }).catch(function () {});
  }

  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB, 1);
      request.onupgradeneeded = function () { request.result.createObjectStore(STORE, { keyPath: 'key' }); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }
  function store(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(STORE, mode);
        var result = work(transaction.objectStore(STORE));
        transaction.oncomplete = function () { resolve(result && result.result); };
        transaction.onerror = function () { reject(transaction.error); };
      });
    });
  }
  function waiting() {
    return store('readonly', function (s) { return s.getAll(); }).then(function (items) {
      return (items || []).filter(function (item) { return (item.owner || '') === owner; });
    });
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(36) + '-' + Math.random().toString(36).slice(2);
  }

  // A photo larger than MAX_SIDE on its long side is redrawn as a JPEG; others go as they are.
  function shrink(file) {
    if (!/^image\/(jpeg|png|webp)$/.test(file.type) || !window.createImageBitmap) return Promise.resolve(file);
    return createImageBitmap(file).then(function (bitmap) {
      var scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
      if (scale === 1 && file.size < 1500000) return file;
      var canvas = document.createElement('canvas');
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      return new Promise(function (resolve) {
        canvas.toBlob(function (blob) {
          resolve(blob ? new File([blob], file.name.replace(/\.\w+$/, '') + '.jpg', { type: 'image/jpeg' }) : file);
        }, 'image/jpeg', 0.85);
      });
    }).catch(function () { return file; });
  }

  // The form's fields as [name, value] pairs, photos shrunk.
  function entries(form) {
    var pending = [];
    new FormData(form).forEach(function (value, name) {
      pending.push(value instanceof File
        ? (value.size ? shrink(value).then(function (file) { return [name, file]; }) : null)
        : Promise.resolve([name, value]));
    });
    return Promise.all(pending.filter(Boolean));
  }

  // The session's current CSRF token (the page's forms carry it): a queued form's own may be a
  // session older than this one.
  function csrf() {
    var field = document.querySelector('input[name=_csrf]');
    return field ? field.value : '';
  }

  // Sends one queued request: 'sent' when the server has it (done now, or done before and
  // replayed), 'later' when it could not judge it (no connection, logged out, busy, failing),
  // or how it refused it.
  function send(item) {
    var body = new FormData();
    item.fields.forEach(function (pair) { body.append(pair[0], pair[1]); });
    return fetch(item.action, {
      method: 'POST', body: body, credentials: 'same-origin',
      headers: { 'Idempotency-Key': item.key, 'X-CSRF-Token': csrf() }
    }).then(function (response) {
      if (response.redirected && new URL(response.url).pathname === '/login') return 'later';
      if (response.ok) return 'sent';
      if ([408, 409, 429].indexOf(response.status) >= 0 || response.status >= 500) return 'later';
      return { refused: response.status };
    });
  }

  function show() {
    if (!banner) return Promise.resolve();
    return waiting().then(function (items) {
      banner.hidden = items.length === 0;
      var list = banner.querySelector('ul');
      var count = banner.querySelector('[data-count]');
      if (count) count.textContent = String(items.length);
      if (!list) return;
      list.textContent = '';
      items.forEach(function (item) {
        var row = document.createElement('li');
        row.textContent = item.label + ' · ' + new Date(item.savedAt).toLocaleString('zh-CN', { hour12: false }) +
          (item.error ? ' · ' + item.error : '');
        if (item.error) {
          var discard = document.createElement('button');
          discard.type = 'button';
          discard.textContent = banner.getAttribute('data-discard') || '×';
          discard.addEventListener('click', function () {
            store('readwrite', function (s) { return s.delete(item.key); }).then(show);
          });
          row.appendChild(document.createTextNode(' '));
          row.appendChild(discard);
        }
        list.appendChild(row);
      });
    }).catch(function () {});
  }

  var flushing = false;
  function flush() {
    if (flushing) return Promise.resolve();
    flushing = true;
    return waiting().then(function (items) {
      return items.reduce(function (chain, item) {
        return chain.then(function (going) {
          // A refused item waits for the worker to discard it; it is never sent again.
          if (!going || item.error) return going;
          if (Date.now() - item.savedAt > KEPT_MS) {
            item.error = (banner && banner.getAttribute('data-expired')) || 'expired';
            return store('readwrite', function (s) { return s.put(item); }).then(function () { return true; });
          }
          return send(item).then(function (outcome) {
            if (outcome === 'sent') return store('readwrite', function (s) { return s.delete(item.key); }).then(function () { return true; });
            if (outcome === 'later') return false;
            item.error = ((banner && banner.getAttribute('data-refused')) || 'refused') + ' (' + outcome.refused + ')';
            return store('readwrite', function (s) { return s.put(item); }).then(function () { return true; });
          }, function () { return false; });
        });
      }, Promise.resolve(true));
    }).catch(function () {}).then(function () { flushing = false; return show(); });
  }

  document.querySelectorAll('form[data-offline-queue]').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      if (!window.indexedDB || !window.fetch) return;
      event.preventDefault();
      var when = form.querySelector('[name=visited_at]');
      if (when && !when.value) when.value = String(Date.now());
      var button = form.querySelector('[type=submit]');
      if (button) button.disabled = true;
      entries(form).then(function (fields) {
        var item = {
          key: newKey(), owner: owner, action: form.getAttribute('action'), fields: fields, savedAt: Date.now(),
          label: form.getAttribute('data-label') || document.title
        };
        return send(item).then(function (outcome) {
          if (outcome === 'sent') { window.location.href = form.getAttribute('data-done') || window.location.href; return; }
          if (outcome !== 'later' && outcome.refused) {
            // The server judged it (a field to correct): post the form as the page would without
            // this script, so its answer names the field.
            HTMLFormElement.prototype.submit.call(form);
            return;
          }
          return store('readwrite', function (s) { return s.put(item); }).then(queued);
        }, function () {
          return store('readwrite', function (s) { return s.put(item); }).then(queued);
        });
        function queued() {
          if (button) button.disabled = false;
          form.reset();
          var note = document.getElementById('queued-notice');
          if (note) note.hidden = false;
          return show();
        }
      });
    });
  });

  window.addEventListener('online', flush);
  setInterval(function () { if (navigator.onLine) flush(); }, 15000);
  flush();
})();
