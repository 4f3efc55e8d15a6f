// Visits on the phone: the due list sorted from where the worker stands, and the visit form's
// position (where the visit happened) and its case fields shown only when a case is raised.
(function () {
  var sort = document.getElementById('sort-nearest');
  if (sort && navigator.geolocation) {
    sort.addEventListener('click', function () {
      sort.disabled = true;
      navigator.geolocation.getCurrentPosition(function (position) {
        var query = new URLSearchParams({
          grid: sort.getAttribute('data-grid') || '',
          lat: position.coords.latitude.toFixed(6),
          lng: position.coords.longitude.toFixed(6)
        });
        window.location.search = query.toString();
      }, function () { sort.disabled = false; }, { timeout: 10000, maximumAge: 60000 });
    });
  }
  var form = document.getElementById('visit-form');
  if (!form) return;
  var lat = document.getElementById('lat');
  var lng = document.getElementById('lng');
  var status = document.getElementById('visit-position');
  if (navigator.geolocation && lat && lng) {
    navigator.geolocation.getCurrentPosition(function (position) {
      lat.value = position.coords.latitude.toFixed(6);
      lng.value = position.coords.longitude.toFixed(6);
      if (status) status.textContent = '📍 ' + lat.value + ', ' + lng.value;
    }, function () {}, { timeout: 10000, maximumAge: 60000 });
  }
  var raise = document.getElementById('raise_case');
  var fields = document.getElementById('raise-fields');
  if (raise && fields) {
    var show = function () { fields.hidden = !raise.checked; };
    raise.addEventListener('change', show);
    show();
  }
})();
