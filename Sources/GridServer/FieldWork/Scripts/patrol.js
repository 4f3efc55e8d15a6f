// 巡查 on the phone: sign in and out where the worker stands; while a patrol runs, the phone's
// position every few seconds, buffered on the phone and sent in batches, each batch with its own
// Idempotency-Key so a batch resent after a lost answer is stored once. A patrol's replay moves a
// dot along its track with a slider.
(function () {
  'use strict';
  var status = document.getElementById('position-status');
  document.querySelectorAll('form.locate-form').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      if (form.dataset.located) return;
      if (!navigator.geolocation) return;
      event.preventDefault();
      if (status) status.textContent = '…';
      navigator.geolocation.getCurrentPosition(function (position) {
        form.querySelector('[name=lat]').value = position.coords.latitude.toFixed(6);
        form.querySelector('[name=lng]').value = position.coords.longitude.toFixed(6);
        form.dataset.located = '1';
        form.submit();
      }, function (error) {
        if (status) status.textContent = error.message;
      }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 30000 });
    });
  });

  var running = document.getElementById('running');
  if (running && navigator.geolocation) {
    var id = running.getAttribute('data-patrol');
    var county = running.getAttribute('data-county');
    var bufferKey = 'gridgov-patrol-' + id;
    var last = Number(running.getAttribute('data-last')) || 0;
    var note = document.getElementById('patrol-status');
    var csrf = (document.querySelector('input[name=_csrf]') || {}).value || '';
    var load = function () {
      try { return JSON.parse(localStorage.getItem(bufferKey)) || { points: [], batch: null }; } catch (e) { return { points: [], batch: null }; }
    };
    var save = function (state) { localStorage.setItem(bufferKey, JSON.stringify(state)); };
    navigator.geolocation.watchPosition(function (position) {
      var t = Math.round(position.timestamp || Date.now());
      if (t - last < 5000) return;
      last = t;
      var state = load();
      state.points.push({ t: t, lat: Number(position.coords.latitude.toFixed(6)), lng: Number(position.coords.longitude.toFixed(6)) });
      save(state);
    }, function () {}, { enableHighAccuracy: true, maximumAge: 5000 });
    var sending = false;
    var flush = function () {
      var state = load();
      if (sending || (!state.batch && state.points.length === 0)) return;
      // A batch, once formed, is resent as it is with its key until the server has it.
      if (!state.batch) {
        state.batch = { key: (window.crypto && crypto.randomUUID) ? crypto.randomUUID() : String(Date.now()) + Math.random(), points: state.points.slice(0, 500) };
        state.points = state.points.slice(state.batch.points.length);
        save(state);
      }
      sending = true;
      fetch('/api/v1/patrols/' + county + '/' + id + '/points', {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf, 'Idempotency-Key': state.batch.key },
        body: JSON.stringify({ points: state.batch.points })
      }).then(function (response) {
        if (response.ok) {
          return response.json().then(function (patrol) {
            document.getElementById('patrol-points').textContent = patrol.points;
            document.getElementById('patrol-distance').textContent = patrol.distance_m;
            if (note) note.textContent = '';
            var now = load(); now.batch = null; save(now);
          });
        }
        if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 409 && response.status !== 429) {
          // A point the server refuses (a bad fix) would be refused for ever: the batch is dropped.
          return response.json().then(function (body) {
            if (note) note.textContent = (body.error && body.error.message) || String(response.status);
            var now = load(); now.batch = null; save(now);
          });
        }
      }).catch(function () {
        if (note) note.textContent = running.getAttribute('data-offline') || '';
      }).then(function () { sending = false; });
    };
    setInterval(flush, 10000);
    window.addEventListener('online', flush);
  }

  var slider = document.getElementById('replay-time');
  var track = document.getElementById('track');
  if (slider && track) {
    var points = track.points;
    var times = (track.getAttribute('data-times') || '').split(' ').map(Number);
    var clock = document.getElementById('replay-clock');
    var dot = document.createElementNS('http://www.w3.org/2000/svg', 'circle');
    dot.setAttribute('r', '6');
    dot.setAttribute('class', 'replay');
    track.parentNode.appendChild(dot);
    var move = function () {
      var i = Number(slider.value);
      var p = points.getItem(i);
      dot.setAttribute('cx', p.x);
      dot.setAttribute('cy', p.y);
      if (clock) clock.textContent = new Date(times[i]).toLocaleTimeString('zh-CN', { hour12: false, timeZone: 'Asia/Shanghai' });
    };
    slider.addEventListener('input', move);
    move();
  }
})();
