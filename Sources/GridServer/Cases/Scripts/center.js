// The command centre's live feed: case changes from /api/v1/events (Server-Sent Events)
// prepended to #live-feed, newest first, at most 30.
(function () {
  var feed = document.getElementById('live-feed');
  if (!feed || !window.EventSource) return;
  var states = JSON.parse(feed.getAttribute('data-states') || '{}');
  var empty = document.getElementById('live-empty');
  var source = new EventSource('/api/v1/events');
  source.addEventListener('case', function (event) {
    var c = JSON.parse(event.data);
    var item = document.createElement('li');
    var link = document.createElement('a');
    link.href = '/cases/' + encodeURIComponent(c.number);
    link.textContent = c.number;
    item.appendChild(link);
    var when = new Date(c.updated_at).toLocaleTimeString();
    item.appendChild(document.createTextNode(' ' + (c.category_name || c.category) + ' · ' + (states[c.state] || c.state) + ' · ' + when));
    if (c.time_status === 'red' || c.supervised) item.className = 's-red';
    feed.insertBefore(item, feed.firstChild);
    while (feed.children.length > 30) feed.removeChild(feed.lastChild);
    if (empty) empty.hidden = true;
  });
  window.addEventListener('pagehide', function () { source.close(); });
})();
