import Hummingbird

/// The pages' few hand-written scripts, served from this server at `/assets/{name}` (the pages'
/// Content-Security-Policy allows no other and no inline script). Every page works without them;
/// they add what must be live or interactive.
enum PageScripts {
    static let all: [String: String] = ["center.js": center, "locate.js": locate, "admin-upload.js": adminUpload]

    static func register(on router: Router<GridRequestContext>) {
        router.get("/assets/:name") { _, context in
            guard let script = all[try context.pathParameter("name")] else {
                throw APIError(.notFound, code: "not_found", message: "no such asset")
            }
            return Response(status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "public, max-age=300"],
                            body: .init(byteBuffer: ByteBuffer(string: script)))
        }
    }

    /// The command centre's live feed: case changes from `/api/v1/events` (Server-Sent Events)
    /// prepended to `#live-feed`, newest first, at most 30.
    static let center = """
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
        """

    /// Position pickers: "use my position" fills latitude and longitude from the phone's
    /// geolocation (WGS-84); a tap on `#locate-map` fills them from the map's projection.
    static let locate = """
        (function () {
          var lat = document.getElementById('lat'), lng = document.getElementById('lng');
          var map = document.getElementById('locate-map'), marker = document.getElementById('locate-marker');
          var status = document.getElementById('locate-status');
          if (!lat || !lng) return;
          function num(name) { return parseFloat(map.getAttribute('data-' + name)); }
          function place() {
            if (!map || !marker) return;
            var la = parseFloat(lat.value), ln = parseFloat(lng.value);
            if (isNaN(la) || isNaN(ln)) return;
            marker.setAttribute('cx', ((ln - num('min-lng')) / num('lng-per-unit')).toFixed(1));
            marker.setAttribute('cy', ((num('max-lat') - la) / num('lat-per-unit')).toFixed(1));
          }
          function set(la, ln, message) {
            lat.value = la.toFixed(6); lng.value = ln.toFixed(6); place();
            if (status) status.textContent = message;
          }
          if (map) {
            map.addEventListener('click', function (event) {
              var point = map.createSVGPoint(); point.x = event.clientX; point.y = event.clientY;
              var p = point.matrixTransform(map.getScreenCTM().inverse());
              set(num('max-lat') - p.y * num('lat-per-unit'), num('min-lng') + p.x * num('lng-per-unit'), status ? status.getAttribute('data-picked') : '');
            });
          }
          lat.addEventListener('change', place); lng.addEventListener('change', place); place();
          var button = document.getElementById('locate-me');
          if (button && navigator.geolocation) {
            button.hidden = false;
            button.addEventListener('click', function () {
              if (status) status.textContent = button.getAttribute('data-waiting') || '';
              navigator.geolocation.getCurrentPosition(function (position) {
                set(position.coords.latitude, position.coords.longitude, button.getAttribute('data-done') || '');
              }, function (error) {
                if (status) status.textContent = (button.getAttribute('data-failed') || '') + ' ' + error.message;
              }, { enableHighAccuracy: true, timeout: 15000 });
            });
          }
        })();
        """
}
