// A boundary drawn before it is saved: the GeoJSON chosen as a file or pasted is parsed here and
// drawn (orange) over its parent's area on the map component, converted from GCJ-02 when the form
// says so. Nothing is sent until the administrator saves; the server checks it again then.
(function () {
  'use strict';
  var container = document.getElementById('boundary-preview');
  var status = document.getElementById('boundary-preview-status');
  var file = document.getElementById('boundary_file'), pasted = document.getElementById('boundary');
  var code = document.getElementById('code'), name = document.getElementById('name');
  var parent = document.getElementById('parent_code'), datum = document.getElementById('datum');
  if (!container || !status || !file || !pasted || !window.GridMap || !window.fetch) return;
  var last = null;

  function geometryOf(json) {
    if (json && json.type === 'FeatureCollection') json = (json.features || [])[0];
    if (json && json.type === 'Feature') json = json.geometry;
    if (!json || (json.type !== 'Polygon' && json.type !== 'MultiPolygon') || !Array.isArray(json.coordinates)) return null;
    return json;
  }
  function mapPositions(geometry, convert) {
    var polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
    var mapped = polygons.map(function (polygon) {
      return polygon.map(function (ring) { return ring.map(function (p) { return convert(p[0], p[1]); }); });
    });
    return geometry.type === 'Polygon' ? { type: 'Polygon', coordinates: mapped[0] }
      : { type: 'MultiPolygon', coordinates: mapped };
  }
  function show(text) {
    var geometry = null;
    try { geometry = geometryOf(JSON.parse(text)); } catch (error) { geometry = null; }
    if (!geometry) { status.textContent = status.getAttribute('data-invalid'); return; }
    last = text;
    var gcj = datum && datum.value === 'gcj02';
    var sum = [0, 0], count = 0;
    geometry = mapPositions(geometry, function (lng, lat) {
      var p = gcj ? window.GridMap.fromGCJ(lat, lng) : [lat, lng];
      sum[0] += p[0]; sum[1] += p[1]; count += 1;
      return [p[1], p[0]];
    });
    var typedCode = code.value.trim();
    var around = parent.value.trim() || (typedCode.length > 12 ? typedCode.slice(0, 12) : '');
    fetch('/api/v1/map' + (around ? '?region=' + encodeURIComponent(around) : ''),
      { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .catch(function () { return null; })
      .then(function (layer) {
        layer = layer || { regions: [], cases: [], basemap: null };
        var regions = (layer.regions || []).filter(function (r) { return r.code !== typedCode; });
        regions.forEach(function (r) { r.drills = false; });
        regions.push({ code: typedCode, name: name.value.trim() || status.getAttribute('data-name'), boundary: geometry,
          seat: count ? { lat: sum[0] / count, lng: sum[1] / count } : null, open: 0, warned: 0, overdue: 0, preview: true });
        layer.regions = regions;
        layer.cases = [];
        window.GridMap.draw(container, layer);
        status.textContent = status.getAttribute('data-shown');
      });
  }
  file.addEventListener('change', function () {
    var chosen = file.files && file.files[0];
    if (!chosen) return;
    // A boundary file is small; a huge one is left to the server, which refuses it by name.
    if (chosen.size > 8 * 1024 * 1024) return;
    chosen.text().then(show);
  });
  pasted.addEventListener('change', function () { if (pasted.value.trim()) show(pasted.value); });
  if (datum) datum.addEventListener('change', function () { if (last) show(last); });
})();
