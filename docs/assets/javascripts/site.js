/*
 * Small fixes to Material's behaviour, loaded on every page after Material's own script.
 */
"use strict";

(function () {
  /* Material fills its tooltips with innerHTML: from a link's title attribute (the glossary's
     summaries) and from the innerText of a truncated navigation or table-of-contents entry. Those
     are text, and text of the notes may hold "<img onerror=…>" (written as text, and shown so on the
     page): set into innerHTML it would become markup and run. Inside a tooltip, what Material sets
     as HTML is put in as text. */
  var innerHTML = Object.getOwnPropertyDescriptor(Element.prototype, "innerHTML")
  Object.defineProperty(Element.prototype, "innerHTML", {
    configurable: true,
    enumerable: innerHTML.enumerable,
    get: function () { return innerHTML.get.call(this) },
    set: function (value) {
      var list = this.classList
      if (!list || !(list.contains("md-tooltip__inner") || list.contains("md-tooltip2__inner")))
        return innerHTML.set.call(this, value)
      var before = innerHTML.get.call(this), text = String(value)
      /* Material appends with `innerHTML += text`: keep what is there, add the new text as text. */
      this.textContent = text.indexOf(before) === 0 ? this.textContent + text.slice(before.length) : text
    }
  })

  /* Canonical and hreflang links name the published address (SITE_URL); the site itself works
     from any address (a pull request's preview, a copy on a laptop). An address of the published
     site becomes the same page where this copy is served. */
  var config = JSON.parse(document.getElementById("__config").textContent)
  var canonical = document.querySelector('link[rel="canonical"]')
  var publishedRoot = canonical ? new URL(config.base, canonical.href).href : null
  var localRoot = new URL(config.base, location.href).href
  function local(address) {
    var url = new URL(address, location.href)
    if (publishedRoot && url.href.indexOf(publishedRoot) === 0)
      return new URL(url.href.slice(publishedRoot.length), localRoot).href
    if (url.origin !== location.origin)  /* no canonical link (404 page): same path, this address */
      return location.origin + url.pathname + url.search + url.hash
    return url.href
  }

  /* Material's search dialog has no accessible name: give it the search box's ("検索" / "Search"). */
  var input = document.querySelector(".md-search__input")
  document.querySelectorAll('.md-search[role="dialog"]').forEach(function (dialog) {
    if (input) dialog.setAttribute("aria-label", input.getAttribute("aria-label"))
  })

  /* Material updates search results on keyup; text entered through an input method or a phone
     keyboard may only raise input events, so each input event also counts as a keyup. */
  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches(".md-search__input") && !event.isComposing)
      event.target.dispatchEvent(new KeyboardEvent("keyup"))
  })

  /* The language switcher goes to this page in the other language. Instant navigation keeps the
     header, so the switcher's links would still point at the first page read: take the page's own
     hreflang links instead (instant navigation keeps them current), and load the other language
     in full, as its whole interface differs. */
  function alternate(lang) {
    return document.head.querySelector('link[rel="alternate"][hreflang="' + lang + '"]')
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.md-select__link[hreflang]")
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return
    var target = alternate(link.hreflang)
    event.preventDefault()
    event.stopImmediatePropagation()
    location.assign(local(target ? target.href : link.href))
  }, true)
  document$.subscribe(function () {
    document.querySelectorAll("a.md-select__link[hreflang]").forEach(function (link) {
      var target = alternate(link.hreflang)
      if (target) link.href = local(target.href)
    })
  })
})()
