// 大屏: keeps the wall screen current without reloading it. Case changes arrive on the event
// stream into the live feed; every minute the map's layer is fetched and redrawn; every five
// minutes the page is fetched again and its figures, hotspots and warnings swapped in place.
(function () {
  'use strict';
  var wall = document.getElementById('wall');
  if (!wall) return;
  document.body.classList.add('wall-page');
  var feed = document.getElementById('wall-feed');
  var clock = document.getElementById('wall-clock');
  var time = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short', hour12: false });
  setInterval(function () { clock.textContent = time.format(new Date()); }, 15000);
  if (window.EventSource) {
    var source = new EventSource('/api/v1/events');
    source.addEventListener('case', function (event) {
      var c = JSON.parse(event.data);
      var waiting = feed.querySelector('.empty');
      if (waiting) feed.removeChild(waiting);
      var item = document.createElement('li');
      item.textContent = time.format(new Date(c.updated_at)) + ' ' + c.number + ' ' + (c.category_name || c.category) + ' · ' + (c.state_name || c.state);
      feed.insertBefore(item, feed.firstChild);
      while (feed.children.length > 30) feed.removeChild(feed.lastChild);
    });
  }
  var map = wall.querySelector('.gmap[data-src]');
  if (map && window.GridMap) {
    setInterval(function () {
      fetch(map.getAttribute('data-src'), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (layer) {
          if (!layer) return;
          while (map.firstChild) map.removeChild(map.firstChild);
          window.GridMap.draw(map, layer);
        })
        .catch(function () { /* keep what is drawn */ });
    }, 60000);
  }
  setInterval(function () {
    fetch(window.location.href, { credentials: 'same-origin' })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, 'text/html');
        ['wall-indicators', 'wall-hotspots', 'wall-warnings'].forEach(function (id) {
          var now = document.getElementById(id), next = fresh.getElementById(id);
          if (now && next) now.innerHTML = next.innerHTML;
        });
      })
      .catch(function () { /* offline: try again later */ });
  }, 300000);
})();
