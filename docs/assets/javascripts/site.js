/*
 * Small fixes to Material's behaviour, loaded on every page after Material's own script.
 */
"use strict";

(function () {
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
    location.assign(target ? target.href : link.href)
  }, true)
  document$.subscribe(function () {
    document.querySelectorAll("a.md-select__link[hreflang]").forEach(function (link) {
      var target = alternate(link.hreflang)
      if (target) link.href = target.href
    })
  })
})()
