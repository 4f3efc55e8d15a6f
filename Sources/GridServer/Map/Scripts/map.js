// The map component (one for every page): a .gmap element with data-src (a /api/v1/map URL)
// becomes a map in Web Mercator that pans and zooms by mouse, wheel and touch, with a scale bar,
// region and grid boundaries with their names coloured by their open cases, and the open cases
// as markers coloured by their time light, clustered where dense. A click on a case opens it, on
// a cluster zooms in, on a region drills down to it. Tiles come from the layer's basemap (GridGov's
// own /tiles or a configured tile server, GCJ-02 ones drawn in their datum) when there is one.
// Without script, or until the layer arrives, the server's own SVG map stays in the element.
// With data-locate the map picks a position for a form: a tap drops a pin and fills #lat and #lng
// (WGS-84); a position typed or taken from the phone (a change event on them) moves the pin there.
(function () {
  'use strict';
  var SVG = 'http://www.w3.org/2000/svg';
  var TILE = 256;

  // Web Mercator: the world as the unit square, x east, y south.
  function project(lat, lng) {
    var s = Math.max(Math.min(Math.sin(lat * Math.PI / 180), 0.9999), -0.9999);
    return [(lng + 180) / 360, 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)];
  }

  // WGS-84 to GCJ-02 (the published forward transform), to draw over GCJ-02 tiles.
  function toGCJ(lat, lng) {
    if (lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271) return [lat, lng];
    var a = 6378245.0, ee = 0.00669342162296594323, x = lng - 105, y = lat - 35, PI = Math.PI;
    var dLat = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
    dLat += (20 * Math.sin(6 * x * PI) + 20 * Math.sin(2 * x * PI)) * 2 / 3;
    dLat += (20 * Math.sin(y * PI) + 40 * Math.sin(y / 3 * PI)) * 2 / 3;
    dLat += (160 * Math.sin(y / 12 * PI) + 320 * Math.sin(y * PI / 30)) * 2 / 3;
    var dLng = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
    dLng += (20 * Math.sin(6 * x * PI) + 20 * Math.sin(2 * x * PI)) * 2 / 3;
    dLng += (20 * Math.sin(x * PI) + 40 * Math.sin(x / 3 * PI)) * 2 / 3;
    dLng += (150 * Math.sin(x / 12 * PI) + 300 * Math.sin(x / 30 * PI)) * 2 / 3;
    var rad = lat / 180 * PI, magic = 1 - ee * Math.sin(rad) * Math.sin(rad), sq = Math.sqrt(magic);
    dLat = (dLat * 180) / ((a * (1 - ee)) / (magic * sq) * PI);
    dLng = (dLng * 180) / (a / sq * Math.cos(rad) * PI);
    return [lat + dLat, lng + dLng];
  }

  // The inverse of toGCJ, by fixed-point iteration (the shift changes slowly: a few steps reach
  // centimetres).
  function fromGCJ(lat, lng) {
    var la = lat, ln = lng;
    for (var i = 0; i < 4; i++) {
      var shifted = toGCJ(la, ln);
      la -= shifted[0] - lat;
      ln -= shifted[1] - lng;
    }
    return [la, ln];
  }

  function unproject(x, y) {
    return [Math.atan(Math.sinh(Math.PI * (1 - 2 * y))) * 180 / Math.PI, x * 360 - 180];
  }

  function node(name, attributes, parent) {
    var element = document.createElementNS(SVG, name);
    for (var key in attributes) element.setAttribute(key, attributes[key]);
    if (parent) parent.appendChild(element);
    return element;
  }

  function GridMap(container, layer) {
    var self = this;
    this.container = container;
    this.layer = layer;
    this.words = JSON.parse(container.getAttribute('data-words') || '{}');
    this.gcj = layer.basemap && layer.basemap.datum === 'gcj02';
    this.width = container.clientWidth || 640;
    this.height = Math.round(Math.min(Math.max(this.width * 0.7, 320), 720));
    while (container.firstChild) container.removeChild(container.firstChild);
    this.svg = node('svg', { 'class': 'gmap-svg', width: this.width, height: this.height, role: 'img',
      viewBox: '0 0 ' + this.width + ' ' + this.height, 'aria-label': container.getAttribute('data-label') || '' }, container);
    this.tiles = node('g', {}, this.svg);
    this.regions = node('g', { 'class': 'gmap-regions' }, this.svg);
    this.labels = node('g', { 'class': 'gmap-labels' }, this.svg);
    this.cases = node('g', { 'class': 'gmap-cases' }, this.svg);
    this.pin = node('g', { 'class': 'gmap-pin' }, this.svg);
    this.locating = container.hasAttribute('data-locate');
    this.scale = node('g', { 'class': 'gmap-scale' }, this.svg);
    this.tileCache = {};
    this.world = []; // regions in world coordinates: { region, rings: [[[x, y], …]], seat: [x, y] }
    var box = [Infinity, Infinity, -Infinity, -Infinity];
    layer.regions.forEach(function (region) {
      var rings = [];
      var geometry = region.boundary;
      var polygons = !geometry ? [] : geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
      polygons.forEach(function (polygon) {
        polygon.forEach(function (ring) {
          rings.push(ring.map(function (p) {
            var w = self.point(p[1], p[0]);
            box = [Math.min(box[0], w[0]), Math.min(box[1], w[1]), Math.max(box[2], w[0]), Math.max(box[3], w[1])];
            return w;
          }));
        });
      });
      var seat = region.seat ? self.point(region.seat.lat, region.seat.lng) : null;
      self.world.push({ region: region, rings: rings, seat: seat });
    });
    this.focus = container.getAttribute('data-focus');
    this.points = layer.cases.map(function (c) { return { c: c, w: self.point(c.lat, c.lng) }; });
    this.points.forEach(function (p) {
      box = [Math.min(box[0], p.w[0]), Math.min(box[1], p.w[1]), Math.max(box[2], p.w[0]), Math.max(box[3], p.w[1])];
    });
    if (!isFinite(box[0])) box = [0.8335, 0.4065, 0.8345, 0.4075];
    this.box = box;
    this.fit();
    this.drawRegions();
    this.controls();
    this.interact();
    if (this.locating) this.followInputs();
    this.render();
  }

  // Locating: the pin follows #lat/#lng, and a tap sets them.
  GridMap.prototype.followInputs = function () {
    var self = this;
    this.lat = document.getElementById('lat');
    this.lng = document.getElementById('lng');
    if (!this.lat || !this.lng) { this.locating = false; return; }
    function moved() {
      var la = parseFloat(self.lat.value), ln = parseFloat(self.lng.value);
      if (isNaN(la) || isNaN(ln)) { self.picked = null; self.schedule(); return; }
      self.picked = self.point(la, ln);
      var s = self.screen(self.picked);
      // A position from elsewhere (the phone, typed) is brought into view at street scale.
      if (s[0] < 0 || s[1] < 0 || s[0] > self.width || s[1] > self.height || self.k < 1 << 22) {
        self.cx = self.picked[0];
        self.cy = self.picked[1];
        self.k = Math.max(self.k, 1 << 23);
      }
      self.schedule();
    }
    this.lat.addEventListener('change', moved);
    this.lng.addEventListener('change', moved);
    var la = parseFloat(this.lat.value), ln = parseFloat(this.lng.value);
    if (!isNaN(la) && !isNaN(ln)) moved();
  };

  GridMap.prototype.pick = function (px, py) {
    var wx = this.cx + (px - this.width / 2) / this.k, wy = this.cy + (py - this.height / 2) / this.k;
    var p = unproject(wx, wy);
    if (this.gcj) p = fromGCJ(p[0], p[1]);
    this.lat.value = p[0].toFixed(6);
    this.lng.value = p[1].toFixed(6);
    this.picked = [wx, wy];
    var status = document.getElementById('locate-status');
    if (status) status.textContent = status.getAttribute('data-picked') || '';
    this.schedule();
  };

  GridMap.prototype.drawPin = function () {
    while (this.pin.firstChild) this.pin.removeChild(this.pin.firstChild);
    if (!this.picked) return;
    var s = this.screen(this.picked);
    node('path', { 'class': 'gmap-pin-mark', id: 'locate-marker',
      d: 'M' + s[0].toFixed(1) + ' ' + s[1].toFixed(1) + 'c-3-9-10-13-10-20a10 10 0 0 1 20 0c0 7-7 11-10 20z' }, this.pin);
    node('circle', { cx: s[0].toFixed(1), cy: (s[1] - 20).toFixed(1), r: 3.5, fill: '#fff' }, this.pin);
  };

  GridMap.prototype.point = function (lat, lng) {
    var p = this.gcj ? toGCJ(lat, lng) : [lat, lng];
    return project(p[0], p[1]);
  };

  // Pixels per world unit and the world point at the centre of the view.
  GridMap.prototype.fit = function () {
    var b = this.box, w = Math.max(b[2] - b[0], 1e-7), h = Math.max(b[3] - b[1], 1e-7);
    this.k = Math.min(this.width / w, this.height / h) * 0.92;
    this.cx = (b[0] + b[2]) / 2;
    this.cy = (b[1] + b[3]) / 2;
  };

  GridMap.prototype.screen = function (w) {
    return [(w[0] - this.cx) * this.k + this.width / 2, (w[1] - this.cy) * this.k + this.height / 2];
  };

  // Region paths are drawn once in world units scaled by 1e6 and moved by a transform.
  GridMap.prototype.drawRegions = function () {
    var self = this;
    this.world.forEach(function (item) {
      var r = item.region, d = '';
      item.rings.forEach(function (ring) {
        d += 'M' + ring.map(function (p) { return (p[0] * 1e6).toFixed(1) + ' ' + (p[1] * 1e6).toFixed(1); }).join('L') + 'Z';
      });
      var tone = r.preview ? 't-preview' : r.overdue > 0 ? 't-overdue' : r.warned > 0 ? 't-warned' : r.open > 0 ? 't-open' : 't-none';
      var path = node('path', { d: d, 'class': 'gmap-region ' + tone, 'fill-rule': 'evenodd' }, self.regions);
      var title = node('title', {}, path);
      title.textContent = r.name + (self.words.open ? '：' + self.words.open + ' ' + r.open + '，' + self.words.warned + ' ' +
        r.warned + '，' + self.words.overdue + ' ' + r.overdue : '');
      if (r.drills) {
        path.setAttribute('data-href', '/center?region=' + r.code);
        path.style.cursor = 'pointer';
      }
    });
  };

  GridMap.prototype.render = function () {
    var self = this;
    var k = this.k / 1e6;
    this.regions.setAttribute('transform', 'translate(' + (this.width / 2 - this.cx * this.k).toFixed(2) + ' ' +
      (this.height / 2 - this.cy * this.k).toFixed(2) + ') scale(' + k + ')');
    this.drawTiles();
    // Names at the regions' seats, when the region is big enough on screen to hold one.
    while (this.labels.firstChild) this.labels.removeChild(this.labels.firstChild);
    this.world.forEach(function (item) {
      if (!item.seat) return;
      var size = 0;
      item.rings.forEach(function (ring) {
        var xs = ring.map(function (p) { return p[0]; });
        size = Math.max(size, (Math.max.apply(null, xs) - Math.min.apply(null, xs)) * self.k);
      });
      if (size < item.region.name.length * 11) return;
      var s = self.screen(item.seat);
      var label = node('text', { x: s[0].toFixed(1), y: s[1].toFixed(1), 'text-anchor': 'middle' }, self.labels);
      label.textContent = item.region.name;
    });
    this.drawCases();
    if (this.locating) this.drawPin();
    this.drawScale();
  };

  GridMap.prototype.drawTiles = function () {
    var basemap = this.layer.basemap;
    if (!basemap) return;
    var z = Math.round(Math.log(this.k / TILE) / Math.LN2);
    z = Math.max(basemap.min_zoom, Math.min(basemap.max_zoom, z));
    var n = Math.pow(2, z), size = this.k / n;
    var x0 = Math.floor((this.cx - this.width / 2 / this.k) * n), x1 = Math.floor((this.cx + this.width / 2 / this.k) * n);
    var y0 = Math.floor((this.cy - this.height / 2 / this.k) * n), y1 = Math.floor((this.cy + this.height / 2 / this.k) * n);
    var wanted = {};
    for (var x = Math.max(0, x0); x <= Math.min(n - 1, x1); x++) {
      for (var y = Math.max(0, y0); y <= Math.min(n - 1, y1); y++) {
        var key = z + '/' + x + '/' + y;
        wanted[key] = true;
        var image = this.tileCache[key];
        if (!image) {
          image = node('image', { 'class': 'gmap-tile', preserveAspectRatio: 'none',
            href: basemap.url.replace('{z}', z).replace('{x}', x).replace('{y}', y) }, this.tiles);
          this.tileCache[key] = image;
        }
        var s = this.screen([x / n, y / n]);
        image.setAttribute('x', s[0].toFixed(1));
        image.setAttribute('y', s[1].toFixed(1));
        image.setAttribute('width', (size + 0.5).toFixed(1));
        image.setAttribute('height', (size + 0.5).toFixed(1));
      }
    }
    for (var cached in this.tileCache) {
      if (!wanted[cached]) { this.tiles.removeChild(this.tileCache[cached]); delete this.tileCache[cached]; }
    }
  };

  // Markers, binned on a 36-pixel grid: a bin of one is the case, of more a cluster with its count
  // in the colour of its worst light.
  GridMap.prototype.drawCases = function () {
    var self = this, bins = {}, order = [], rank = { normal: 0, yellow: 1, red: 2 };
    while (this.cases.firstChild) this.cases.removeChild(this.cases.firstChild);
    var focused = null;
    this.points.forEach(function (p) {
      var s = self.screen(p.w);
      if (s[0] < -20 || s[1] < -20 || s[0] > self.width + 20 || s[1] > self.height + 20) return;
      // The page's own case stands apart from any cluster.
      if (p.c.number === self.focus) { focused = { x: s[0], y: s[1], items: [p.c] }; return; }
      var key = Math.floor(s[0] / 36) + ':' + Math.floor(s[1] / 36);
      var bin = bins[key];
      if (!bin) { bin = bins[key] = { x: 0, y: 0, items: [], light: 'normal' }; order.push(bin); }
      bin.x += s[0]; bin.y += s[1]; bin.items.push(p.c);
      if (rank[p.c.light] > rank[bin.light]) bin.light = p.c.light;
    });
    if (focused) order.push(focused);
    order.forEach(function (bin) {
      var x = bin.x / bin.items.length, y = bin.y / bin.items.length;
      if (bin.items.length === 1) {
        var c = bin.items[0], focus = c.number === self.focus;
        var marker = node('circle', { cx: x.toFixed(1), cy: y.toFixed(1), r: focus ? 10 : 7,
          'class': 'gmap-case s-' + c.light + (focus ? ' gmap-focus' : ''),
          'data-href': '/cases/' + c.number, tabindex: 0 }, self.cases);
        node('title', {}, marker).textContent = c.number + ' ' + c.category_name;
      } else {
        var group = node('g', { 'class': 'gmap-cluster s-' + bin.light, 'data-zoom': x.toFixed(1) + ',' + y.toFixed(1) }, self.cases);
        node('circle', { cx: x.toFixed(1), cy: y.toFixed(1), r: Math.min(22, 11 + Math.log(bin.items.length) * 3) }, group);
        node('text', { x: x.toFixed(1), y: (y + 4).toFixed(1), 'text-anchor': 'middle' }, group).textContent = bin.items.length;
        node('title', {}, group).textContent = bin.items.length + ' ' + (self.words.cases || '');
      }
    });
  };

  GridMap.prototype.drawScale = function () {
    while (this.scale.firstChild) this.scale.removeChild(this.scale.firstChild);
    var lat = Math.atan(Math.sinh(Math.PI * (1 - 2 * this.cy))) * 180 / Math.PI;
    var metresPerPixel = 40075016.686 * Math.cos(lat * Math.PI / 180) / this.k;
    var metres = 1;
    for (var power = 0; power < 8; power++) {
      [1, 2, 5].forEach(function (step) {
        var candidate = step * Math.pow(10, power);
        if (candidate / metresPerPixel <= 120) metres = candidate;
      });
    }
    var length = metres / metresPerPixel, x = 12, y = this.height - 14;
    node('rect', { x: x - 4, y: y - 16, width: length + 60, height: 24, rx: 3, 'class': 'gmap-scale-back' }, this.scale);
    node('path', { d: 'M' + x + ' ' + (y - 5) + 'v5h' + length.toFixed(1) + 'v-5', 'class': 'gmap-scale-bar' }, this.scale);
    node('text', { x: (x + length + 6).toFixed(1), y: y }, this.scale).textContent =
      metres >= 1000 ? metres / 1000 + ' km' : metres + ' m';
    if (this.layer.basemap && this.layer.basemap.attribution) {
      node('text', { x: this.width - 6, y: this.height - 6, 'text-anchor': 'end', 'class': 'gmap-attribution' }, this.scale)
        .textContent = this.layer.basemap.attribution;
    }
  };

  GridMap.prototype.zoom = function (factor, px, py) {
    var k = Math.max(Math.min(this.k * factor, 1 << 28), 64);
    // Keep the world point under (px, py) where it is.
    var wx = this.cx + (px - this.width / 2) / this.k, wy = this.cy + (py - this.height / 2) / this.k;
    this.cx = wx - (px - this.width / 2) / k;
    this.cy = wy - (py - this.height / 2) / k;
    this.k = k;
    this.schedule();
  };

  GridMap.prototype.schedule = function () {
    var self = this;
    if (this.pending) return;
    this.pending = true;
    window.requestAnimationFrame(function () { self.pending = false; self.render(); });
  };

  GridMap.prototype.controls = function () {
    var self = this, bar = document.createElement('div');
    bar.className = 'gmap-controls';
    [['+', 'zoom_in', function () { self.zoom(2, self.width / 2, self.height / 2); }],
     ['−', 'zoom_out', function () { self.zoom(0.5, self.width / 2, self.height / 2); }],
     ['⤢', 'fit', function () { self.fit(); self.schedule(); }]].forEach(function (spec) {
      var button = document.createElement('button');
      button.type = 'button';
      button.textContent = spec[0];
      button.title = self.words[spec[1]] || spec[1];
      button.setAttribute('aria-label', button.title);
      button.className = 'gmap-' + spec[1].replace('_', '-');
      button.addEventListener('click', spec[2]);
      bar.appendChild(button);
    });
    this.container.appendChild(bar);
  };

  GridMap.prototype.local = function (event) {
    var rect = this.svg.getBoundingClientRect();
    return [(event.clientX - rect.left) * this.width / rect.width, (event.clientY - rect.top) * this.height / rect.height];
  };

  GridMap.prototype.interact = function () {
    var self = this, pointers = {}, moved = 0, last = null, spread = 0;
    this.svg.addEventListener('wheel', function (event) {
      event.preventDefault();
      var p = self.local(event);
      self.zoom(Math.pow(1.2, -event.deltaY / (event.deltaMode === 1 ? 3 : 100)), p[0], p[1]);
    }, { passive: false });
    this.svg.addEventListener('dblclick', function (event) {
      var p = self.local(event);
      self.zoom(2, p[0], p[1]);
    });
    this.svg.addEventListener('pointerdown', function (event) {
      pointers[event.pointerId] = self.local(event);
      moved = 0;
      last = self.local(event);
      var ids = Object.keys(pointers);
      if (ids.length === 2) spread = Math.hypot(pointers[ids[0]][0] - pointers[ids[1]][0], pointers[ids[0]][1] - pointers[ids[1]][1]);
    });
    this.svg.addEventListener('pointermove', function (event) {
      if (!pointers[event.pointerId]) return;
      var p = self.local(event);
      pointers[event.pointerId] = p;
      var ids = Object.keys(pointers);
      if (ids.length === 2) {
        // Pinch: zoom about the midpoint by the change of the fingers' distance.
        var a = pointers[ids[0]], b = pointers[ids[1]], now = Math.hypot(a[0] - b[0], a[1] - b[1]);
        if (spread > 0) self.zoom(now / spread, (a[0] + b[0]) / 2, (a[1] + b[1]) / 2);
        spread = now;
        moved += 10;
        return;
      }
      if (moved === 0 && Math.hypot(p[0] - last[0], p[1] - last[1]) < 4) return;
      if (moved === 0 && self.svg.setPointerCapture) self.svg.setPointerCapture(event.pointerId);
      moved += Math.hypot(p[0] - last[0], p[1] - last[1]);
      self.cx -= (p[0] - last[0]) / self.k;
      self.cy -= (p[1] - last[1]) / self.k;
      last = p;
      self.schedule();
    });
    function release(event) {
      delete pointers[event.pointerId];
      spread = 0;
    }
    this.svg.addEventListener('pointerup', release);
    this.svg.addEventListener('pointercancel', release);
    this.svg.addEventListener('click', function (event) {
      if (moved > 4) return;
      var target = event.target;
      var cluster = target.closest ? target.closest('[data-zoom]') : null;
      if (cluster) {
        var at = cluster.getAttribute('data-zoom').split(',');
        self.zoom(3, parseFloat(at[0]), parseFloat(at[1]));
        return;
      }
      // Picking a position, a tap anywhere else places it (a link would leave the form).
      if (self.locating) {
        var p = self.local(event);
        self.pick(p[0], p[1]);
        return;
      }
      var link = target.closest ? target.closest('[data-href]') : null;
      if (link) window.location.href = link.getAttribute('data-href');
    });
    this.svg.addEventListener('keydown', function (event) {
      var link = event.target.getAttribute && event.target.getAttribute('data-href');
      if (link && (event.key === 'Enter' || event.key === ' ')) window.location.href = link;
    });
  };

  // For other scripts (a boundary's preview): draw a layer they built into a container.
  window.GridMap = {
    draw: function (container, layer) {
      container.gridMap = new GridMap(container, layer);
      container.setAttribute('data-ready', 'true');
      return container.gridMap;
    },
    fromGCJ: fromGCJ
  };

  var maps = document.querySelectorAll('.gmap[data-src]');
  Array.prototype.forEach.call(maps, function (container) {
    fetch(container.getAttribute('data-src'), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (layer) {
        if (!layer) return;
        container.gridMap = new GridMap(container, layer);
        container.setAttribute('data-ready', 'true');
      })
      .catch(function () { /* the server's own map stays */ });
  });
})();
