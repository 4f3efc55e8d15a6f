// A region picked from the tree instead of typed as a code: an input marked data-region-picker
// gets a button that opens the caller's region tree (GET /api/v1/regions…, within their scope),
// to walk down by name or search, and "选择" puts the region's code into the input.
(function () {
  'use strict';
  function element(name, attributes, text) {
    var node = document.createElement(name);
    for (var key in attributes) node.setAttribute(key, attributes[key]);
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function load(url) {
    return fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); });
  }
  Array.prototype.forEach.call(document.querySelectorAll('input[data-region-picker]'), function (input) {
    var words = JSON.parse(input.getAttribute('data-region-picker') || '{}');
    var open = element('button', { type: 'button', 'class': 'secondary region-picker-open', 'aria-expanded': 'false' }, words.open);
    var panel = element('div', { 'class': 'region-picker', hidden: '' });
    var search = element('input', { type: 'search', placeholder: words.search, 'aria-label': words.search });
    var crumbs = element('p', { 'class': 'region-picker-crumbs' });
    var list = element('ul', { 'class': 'region-picker-list', role: 'list' });
    panel.appendChild(search); panel.appendChild(crumbs); panel.appendChild(list);
    input.insertAdjacentElement('afterend', panel);
    input.insertAdjacentElement('afterend', open);
    var path = [];

    function choose(region) {
      input.value = region.code;
      input.dispatchEvent(new Event('change'));
      panel.hidden = true;
      open.setAttribute('aria-expanded', 'false');
      open.textContent = words.open + '：' + region.name;
      input.focus();
    }
    function show(regions) {
      list.textContent = '';
      if (!regions.length) list.appendChild(element('li', { 'class': 'muted' }, words.none));
      regions.forEach(function (region) {
        var item = element('li', { 'data-code': region.code });
        var name = element('button', { type: 'button', 'class': 'link' }, region.name);
        name.addEventListener('click', function () { walk(region); });
        item.appendChild(name);
        item.appendChild(element('span', { 'class': 'muted' }, ' ' + region.code + ' '));
        var pick = element('button', { type: 'button', 'class': 'secondary region-picker-choose' }, words.choose);
        pick.addEventListener('click', function () { choose(region); });
        item.appendChild(pick);
        list.appendChild(item);
      });
    }
    function drawCrumbs() {
      crumbs.textContent = '';
      var top = element('button', { type: 'button', 'class': 'link' }, words.top);
      top.addEventListener('click', function () { path = []; walk(null); });
      crumbs.appendChild(top);
      path.forEach(function (region, index) {
        crumbs.appendChild(document.createTextNode(' › '));
        var step = element('button', { type: 'button', 'class': 'link' }, region.name);
        step.addEventListener('click', function () { path = path.slice(0, index); walk(region); });
        crumbs.appendChild(step);
      });
    }
    function walk(region) {
      if (region) path.push(region);
      drawCrumbs();
      load(region ? '/api/v1/regions/' + region.code : '/api/v1/regions')
        .then(function (node) {
          // The top of a scope that is one region: that region itself is the first choice.
          var children = node.children || [];
          show(!region && node.code ? [node].concat(children) : children);
        })
        .catch(function () { show([]); });
    }
    open.addEventListener('click', function () {
      panel.hidden = !panel.hidden;
      open.setAttribute('aria-expanded', panel.hidden ? 'false' : 'true');
      if (!panel.hidden && !list.firstChild) walk(null);
    });
    var timer = null;
    search.addEventListener('input', function () {
      clearTimeout(timer);
      var text = search.value.trim();
      timer = setTimeout(function () {
        if (!text) { path = []; walk(null); return; }
        load('/api/v1/regions?q=' + encodeURIComponent(text) + '&limit=30')
          .then(function (found) { show(found.regions || []); })
          .catch(function () { show([]); });
      }, 250);
    });
  });
})();
