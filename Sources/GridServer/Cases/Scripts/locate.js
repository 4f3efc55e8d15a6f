// "Use my position": fills latitude and longitude from the phone's geolocation (WGS-84) and tells
// the map (map.js, data-locate) by a change event, which moves its pin there.
(function () {
  var lat = document.getElementById('lat'), lng = document.getElementById('lng');
  var status = document.getElementById('locate-status');
  var button = document.getElementById('locate-me');
  if (!lat || !lng || !button || !navigator.geolocation) return;
  button.hidden = false;
  button.addEventListener('click', function () {
    if (status) status.textContent = button.getAttribute('data-waiting') || '';
    navigator.geolocation.getCurrentPosition(function (position) {
      lat.value = position.coords.latitude.toFixed(6);
      lng.value = position.coords.longitude.toFixed(6);
      [lat, lng].forEach(function (input) { input.dispatchEvent(new Event('change')); });
      if (status) status.textContent = button.getAttribute('data-done') || '';
    }, function (error) {
      if (status) status.textContent = (button.getAttribute('data-failed') || '') + ' ' + error.message;
    }, { enableHighAccuracy: true, timeout: 15000 });
  });
})();
