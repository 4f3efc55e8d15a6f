// Position pickers: "use my position" fills latitude and longitude from the phone's
// geolocation (WGS-84); a tap on #locate-map fills them from the map's projection.
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
