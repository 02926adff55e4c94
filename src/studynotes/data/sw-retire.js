/* Written by `mkdocs serve` in place of the site's service worker: a worker left at this address
   by a build served here before stops serving from its caches and removes itself (a preview is
   never served from a cache). */
"use strict";
self.addEventListener("install", function () { self.skipWaiting() })
self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name.indexOf("studynotes-") === 0 })
      .map(function (name) { return caches.delete(name) }))
  }).then(function () { return self.registration.unregister() }))
})
