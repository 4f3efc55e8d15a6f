// The command centre: the live feed of case changes from /api/v1/events (Server-Sent Events),
// prepended to #live-feed newest first (at most 30), with times in Beijing time; a banner and a
// tone for a new or overdue case when the operator switches them on (remembered in this browser);
// select-all and print for the queue.
(function () {
  var feed = document.getElementById('live-feed');
  var alerts = document.getElementById('feed-alerts');
  var banner = document.getElementById('feed-banner');
  var bannerText = document.getElementById('feed-banner-text');
  var selectAll = document.getElementById('select-all');
  var printButton = document.getElementById('print-queue');
  if (selectAll) selectAll.addEventListener('change', function () {
    var boxes = document.querySelectorAll('input[name="number"][form="bulk"]');
    for (var i = 0; i < boxes.length; i++) boxes[i].checked = selectAll.checked;
  });
  if (printButton) printButton.addEventListener('click', function () { window.print(); });
  var closeButton = document.getElementById('feed-banner-close');
  if (closeButton) closeButton.addEventListener('click', function () { banner.hidden = true; });
  if (alerts) {
    alerts.checked = window.localStorage && localStorage.getItem('gridgov-feed-alerts') === 'on';
    alerts.addEventListener('change', function () {
      if (window.localStorage) localStorage.setItem('gridgov-feed-alerts', alerts.checked ? 'on' : 'off');
    });
  }
  if (!feed || !window.EventSource) return;
  var states = JSON.parse(feed.getAttribute('data-states') || '{}');
  var empty = document.getElementById('live-empty');
  var clock = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false });
  var audio = null;
  function tone() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return;
    try {
      audio = audio || new Context();
      var oscillator = audio.createOscillator();
      var gain = audio.createGain();
      oscillator.frequency.value = 880;
      gain.gain.value = 0.1;
      oscillator.connect(gain);
      gain.connect(audio.destination);
      oscillator.start();
      oscillator.stop(audio.currentTime + 0.3);
    } catch (e) { /* no sound available: the banner still shows */ }
  }
  function announce(c, overdue) {
    if (!alerts || !alerts.checked || !banner) return;
    var label = feed.getAttribute(overdue ? 'data-overdue' : 'data-new-case');
    bannerText.textContent = label + '：' + c.number + ' ' + (c.category_name || c.category);
    banner.hidden = false;
    tone();
  }
  var source = new EventSource('/api/v1/events');
  source.addEventListener('case', function (event) {
    var c = JSON.parse(event.data);
    var item = document.createElement('li');
    var link = document.createElement('a');
    link.href = '/cases/' + encodeURIComponent(c.number);
    link.textContent = c.number;
    item.appendChild(link);
    var when = clock.format(new Date(c.updated_at));
    item.appendChild(document.createTextNode(' ' + (c.category_name || c.category) + ' · ' + (states[c.state] || c.state) + ' · ' + when));
    var overdue = c.time_status === 'red';
    if (overdue || c.supervised) item.className = 's-red';
    feed.insertBefore(item, feed.firstChild);
    while (feed.children.length > 30) feed.removeChild(feed.lastChild);
    if (empty) empty.hidden = true;
    if (c.state === 'reported' || overdue) announce(c, overdue);
  });
  window.addEventListener('pagehide', function () { source.close(); });
})();
