// The phone pages' service worker (served as /m/phone-pages.js, so it looks after /m/…): a page
// opened once with a connection opens again without one. Pages and their scripts are fetched
// from the network first and kept; without a network the kept copy answers, or a short page
// saying this one was never opened here. Logging out forgets every kept page.
'use strict';
var CACHE = 'gridgov-phone-pages-v1';

self.addEventListener('install', function () { self.skipWaiting(); });
self.addEventListener('activate', function (event) { event.waitUntil(self.clients.claim()); });

function offlinePage() {
  return new Response(
    '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><meta name="viewport" content="width=device-width">' +
    '<title>没有网络</title><body style="font-family:sans-serif;padding:1rem"><h1>没有网络</h1>' +
    '<p>这个页面还没有在这部手机上打开过，联网后再试。已填写的表单保存在手机上，联网后会自动发送。</p>' +
    '<p><a href="/m">返回</a></p></body></html>',
    { status: 503, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
}

self.addEventListener('fetch', function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === 'POST' && url.pathname === '/logout') {
    event.respondWith(caches.delete(CACHE).then(function () { return fetch(request); }));
    return;
  }
  if (request.method !== 'GET') return;
  var page = request.mode === 'navigate' && url.pathname.indexOf('/m') === 0;
  var asset = url.pathname.indexOf('/assets/') === 0;
  if (!page && !asset) return;
  event.respondWith(fetch(request).then(function (response) {
    // Only a page the server answered as itself is kept (not a redirect to the login).
    if (response.ok && !response.redirected && response.type === 'basic') {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  }, function () {
    return caches.match(request).then(function (kept) { return kept || (page ? offlinePage() : Response.error()); });
  }));
});
