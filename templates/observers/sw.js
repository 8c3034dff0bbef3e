/* minsheng field app service worker (scope {{ scope }}), version {{ version }}.
 * Static shell: cache first. The report form, the observer's home and the projects' 信息采集卡: network first,
 * the cached copy when there is no signal. Reports made offline wait in the IndexedDB outbox (outbox.js) and are
 * sent here on Background Sync, or by the page when it next opens or comes back online. */
"use strict";
importScripts("{{ outbox_js|escapejs }}");
var SHELL = "field-shell-{{ version }}";
var PAGES = "field-pages";
var ASSETS = [{% for a in assets %}"{{ a|escapejs }}"{% if not forloop.last %}, {% endif %}{% endfor %}];
var SCOPE = "{{ scope|escapejs }}";
var FORM_URL = "{{ form_url|escapejs }}";

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(SHELL).then(function (c) { return c.addAll(ASSETS); }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.indexOf("field-shell-") === 0 && k !== SHELL; })
      .map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

function cacheable(url) {
  return url.pathname === FORM_URL || url.pathname === SCOPE || url.pathname.indexOf(SCOPE + "reports/card-fields/") === 0;
}

self.addEventListener("fetch", function (event) {
  var req = event.request;
  if (req.method !== "GET") { return; }
  var url = new URL(req.url);
  if (url.origin !== self.location.origin) { return; }
  if (ASSETS.indexOf(url.pathname) !== -1) {
    event.respondWith(caches.match(req, { cacheName: SHELL }).then(function (hit) { return hit || fetch(req); }));
    return;
  }
  if (req.mode === "navigate" || cacheable(url)) {
    event.respondWith(fetch(req).then(function (res) {
      if (res.ok && !res.redirected && cacheable(url)) {
        var copy = res.clone();
        caches.open(PAGES).then(function (c) { return c.put(req, copy); });
      }
      return res;
    }, function () {
      return caches.open(PAGES).then(function (c) {
        return c.match(req, { ignoreVary: true }).then(function (hit) {
          if (hit) { return hit; }
          // No signal and this page was never cached: the report form works offline, so open that.
          return req.mode === "navigate" ? c.match(FORM_URL, { ignoreVary: true }) : undefined;
        });
      }).then(function (hit) {
        return hit || new Response("当前没有网络，且本机没有这个页面的缓存。", {
          status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" }
        });
      });
    }));
  }
});

function tellPages() {
  return self.clients.matchAll().then(function (cs) { cs.forEach(function (c) { c.postMessage({ type: "outbox" }); }); });
}

self.addEventListener("sync", function (event) {
  if (event.tag === "field-outbox") {
    event.waitUntil(self.FieldOutbox.flush(null).then(tellPages, tellPages));
  }
});

self.addEventListener("message", function (event) {
  if (event.data && event.data.type === "flush") {
    event.waitUntil(self.FieldOutbox.flush(null).then(tellPages, tellPages));
  }
});
