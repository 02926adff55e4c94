/* The site's service worker (written by src/studynotes/offline.py): assets cache first, pages and
   data network first (search data is the search worker's), an unread page offline gets the offline
   page of its language. */
"use strict";
var VERSION = "__VERSION__", PRECACHE = "__PRECACHE__", LANGUAGES = "__LANGUAGES__"
var CACHE = "studynotes-" + VERSION, scope = self.registration.scope

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll(PRECACHE.map(function (url) { return new Request(new URL(url, scope), { cache: "reload" }) }))
  }).then(function () { return self.skipWaiting() }))
})

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("studynotes-") === 0 && name !== CACHE
    }).map(function (name) { return caches.delete(name) }))
  }).then(function () { return self.clients.claim() }))
})

function offlinePage(path) {
  var language = LANGUAGES.filter(function (prefix) { return path.indexOf(prefix) === 0 })[0] || ""
  return caches.match(new URL(language + "offline.html", scope))
}

/* A response as it is, and (a complete one of this site) into the cache, before the event ends. */
function keep(event, key, response) {
  if (response.ok && response.type === "basic") {
    var copy = response.clone()
    event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.put(key, copy) }))
  }
  return response
}

/* The page a reader opened first was loaded before this worker ran: its script asks to keep it. */
self.addEventListener("message", function (event) {
  var url = event.data && typeof event.data.keep === "string" && new URL(event.data.keep)
  if (!url || url.href.indexOf(scope) !== 0) return
  event.waitUntil(fetch(url.origin + url.pathname).then(function (response) {
    return keep(event, url.origin + url.pathname, response)
  }, function () {}))
})

self.addEventListener("fetch", function (event) {
  var request = event.request, url = new URL(request.url)
  if (request.method !== "GET" || url.href.indexOf(scope) !== 0 || /\/livereload\//.test(url.pathname)) return
  var path = url.href.slice(scope.length)
  /* Search data: the search worker keeps what it reads itself (assets/javascripts/search-worker.js). */
  if (LANGUAGES.concat([""]).some(function (prefix) { return path.indexOf(prefix + "search/") === 0 })) return
  if (/^assets\//.test(path)) {
    event.respondWith(caches.match(request).then(function (hit) {
      return hit || fetch(request).then(function (response) { return keep(event, request, response) })
    }))
    return
  }
  var page = request.mode === "navigate" || /(\/|\.html)$/.test(url.pathname)
  var key = page ? url.origin + url.pathname : request  /* ?h=… of a search result: the same page */
  event.respondWith(fetch(request).then(function (response) { return keep(event, key, response) }, function () {
    return caches.match(key).then(function (hit) {
      return hit || (page ? offlinePage(path) : Response.error())
    })
  }))
})
