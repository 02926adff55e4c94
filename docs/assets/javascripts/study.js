/*
 * Studying on a phone: term cards, review marks, offline reading, and the study page's deck
 * loaded where there is one (src/studynotes/study.py writes what this script reads: config.study,
 * the page's term cards, the review buttons, questions.json).
 * Every text from the notes is set as text (textContent), never as markup.
 */
"use strict";

(function () {
  var config = JSON.parse(document.getElementById("__config").textContent)
  /* Site-wide, per language (instant navigation keeps the first page's config: addresses are made
     absolute here, and what differs per page is read from the page's content). */
  var study = config.study || {}
  var labels = study.labels || {}
  var dataUrl = study.data && new URL(study.data, location.href).href
  var cardsUrl = study.cards && new URL(study.cards, location.href).href
  var scripts = document.currentScript ? document.currentScript.src : location.href  /* .../assets/javascripts/study.js */
  /* Japanese text on a page in another language says so (lang="ja"), as the build marks the page's
     own text (studynotes.langmark): a screen reader then reads it in Japanese (WCAG 3.1.2). */
  var JAPANESE = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]/
  function setText(node, text) {
    node.textContent = text
    if (document.documentElement.lang !== "ja" && JAPANESE.test(text)) node.lang = "ja"
    else node.removeAttribute("lang")
  }
  function el(tag, className, text) {
    var node = document.createElement(tag)
    if (className) node.className = className
    if (text) setText(node, text)
    return node
  }

  /* -- Term cards -------------------------------------------------------------------------------
     A tap on a term link opens its card (a second tap, Enter or the card's link goes to the term);
     on a desktop, hover or keyboard focus opens it. One card at a time; Escape, a tap outside or
     scrolling the term out of view closes it. */
  var TERMS = "article a[data-term]"
  var card, current, cardData, pointer = "mouse", hoverTimer, refocus = false

  function cardsOfPage() {
    if (cardData === undefined) {
      var data = document.querySelector("div[data-cards]")
      cardData = data ? JSON.parse(data.dataset.cards) : null
    }
    return cardData
  }

  function cardElement() {
    if (card && card.isConnected) return card
    card = el("div", "term-card")
    card.id = "term-card"
    card.setAttribute("role", "dialog")
    card.setAttribute("aria-labelledby", "term-card-name")
    card.hidden = true
    var name = el("p", "term-card__name")
    name.id = "term-card-name"
    var summary = el("p", "term-card__summary")
    summary.id = "term-card-summary"
    card.append(name, summary, el("p", "term-card__where"), el("a", "term-card__go"))
    card.addEventListener("pointerleave", function (event) { if (event.pointerType === "mouse") later(close) })
    card.addEventListener("pointerenter", function () { clearTimeout(hoverTimer) })
    document.body.appendChild(card)
    return card
  }

  function open(link) {
    var data = cardsOfPage(), term = data && data[link.dataset.term]
    if (!term) return false
    if (current && current !== link) close()
    var box = cardElement(), name = box.querySelector(".term-card__name")
    setText(name, term.name)
    if (term.reading) name.appendChild(el("span", "term-card__reading", term.reading))
    setText(box.querySelector(".term-card__summary"), term.summary)
    setText(box.querySelector(".term-card__where"), term.where)
    var go = box.querySelector(".term-card__go")
    go.textContent = term.go
    go.href = link.href
    box.hidden = false
    place(box, link)
    link.setAttribute("aria-expanded", "true")
    link.setAttribute("aria-describedby", "term-card-summary")
    current = link
    return true
  }

  function close() {
    clearTimeout(hoverTimer)
    if (card) card.hidden = true
    if (!current) return
    current.setAttribute("aria-expanded", "false")
    current.removeAttribute("aria-describedby")
    current = null
  }

  function later(action) {
    clearTimeout(hoverTimer)
    hoverTimer = setTimeout(action, 250)
  }

  /* Below the term if it fits there, else above; never wider than the screen, never past its edges. */
  function place(box, link) {
    var rect = link.getClientRects()[0] || link.getBoundingClientRect()
    var width = document.documentElement.clientWidth, height = window.innerHeight
    box.style.left = box.style.top = "0px"
    var w = box.offsetWidth, h = box.offsetHeight
    var left = Math.max(8, Math.min(rect.left, width - w - 8))
    var below = rect.bottom + 6 + h <= height || rect.top < h + 6
    box.classList.toggle("term-card--above", !below)
    box.style.left = left + window.scrollX + "px"
    box.style.top = (below ? rect.bottom + 6 : rect.top - h - 6) + window.scrollY + "px"
  }

  function termLink(target) {
    return target && target.closest ? target.closest(TERMS) : null
  }

  function enhance() {
    cardData = undefined
    close()
    if (!cardsOfPage()) return
    document.querySelectorAll(TERMS).forEach(function (link) {
      link.setAttribute("aria-haspopup", "dialog")
      link.setAttribute("aria-expanded", "false")
    })
  }

  document.addEventListener("pointerdown", function (event) {
    pointer = event.pointerType
    if (current && !card.contains(event.target) && termLink(event.target) !== current) close()
  }, true)
  /* Before Material's instant navigation (which listens further down): the first tap only opens. */
  document.addEventListener("click", function (event) {
    var link = termLink(event.target)
    if (!link || event.detail === 0 || pointer === "mouse" || link === current) return
    if (open(link)) {
      event.preventDefault()
      event.stopImmediatePropagation()
    }
  }, true)
  document.addEventListener("pointerover", function (event) {
    var link = termLink(event.target)
    if (link && event.pointerType === "mouse" && link !== current) later(function () { open(link) })
  })
  document.addEventListener("pointerout", function (event) {
    var link = termLink(event.target)
    if (link && event.pointerType === "mouse" && !(card && card.contains(event.relatedTarget)))
      later(link === current ? close : function () {})
  })
  document.addEventListener("focusin", function (event) {
    var link = termLink(event.target), back = refocus
    refocus = false
    if (link && link.matches(":focus-visible") && !back) open(link)  /* not when the card hands focus back */
    else if (current && !card.contains(event.target) && link !== current) close()
  })
  document.addEventListener("keydown", function (event) {
    if (!current) return
    var go = card.querySelector(".term-card__go")
    if (event.key === "Escape") {
      var link = current
      close()
      refocus = true
      link.focus()
    } else if (event.key === "Tab" && !event.shiftKey && document.activeElement === current) {
      event.preventDefault()
      go.focus()
    } else if (event.key === "Tab" && document.activeElement === go) {
      var back = current
      if (event.shiftKey) event.preventDefault()
      close()
      refocus = true
      back.focus()  /* Tab goes on from the term, Shift+Tab comes back to it */
    }
  })
  window.addEventListener("scroll", function () {
    if (!current) return
    var rect = current.getBoundingClientRect()
    if (rect.bottom < 0 || rect.top > window.innerHeight) close()
  }, { passive: true })
  window.addEventListener("resize", close)

  /* -- Review marks -----------------------------------------------------------------------------
     Kept in this browser only, by question number: both languages share them. */
  var KEY = "studynotes.review"
  function marks() {
    try {
      var list = JSON.parse(localStorage.getItem(KEY) || "[]")
      return Array.isArray(list) ? list.filter(function (n) { return typeof n === "number" }) : []
    } catch (e) {
      return []
    }
  }
  function saveMarks(list) {
    try { localStorage.setItem(KEY, JSON.stringify(list)) } catch (e) { /* storage disabled */ }
  }

  function reviewButtons() {
    document.querySelectorAll(".review-row").forEach(function (row) {
      var button = row.querySelector("button"), number = Number(button.dataset.question)
      button.setAttribute("aria-pressed", String(marks().indexOf(number) >= 0))
      button.onclick = function () {
        var list = marks().filter(function (n) { return n !== number })
        var on = button.getAttribute("aria-pressed") !== "true"
        saveMarks(on ? list.concat([number]).sort(function (a, b) { return a - b }) : list)
        button.setAttribute("aria-pressed", String(on))
      }
      row.hidden = false
    })
  }

  var questions  /* a promise of [[number, url, title], …] in this page's language */
  function questionList() {
    if (!questions) questions = fetch(dataUrl).then(function (response) {
      if (!response.ok) throw new Error(response.status)
      return response.json()
    }).then(function (list) {
      var root = new URL("..", dataUrl)
      return list.map(function (q) { return [q[0], new URL(q[1], root).href, q[2]] })
    })
    return questions
  }

  function reviewList(box) {
    questionList().then(function (list) {
      var marked = marks(), status = el("p", "review-status")
      status.setAttribute("role", "status")
      var items = el("ul", "review-items")
      list.forEach(function (q) {
        if (marked.indexOf(q[0]) < 0) return
        var a = el("a", null, q[2])
        a.href = q[1]
        items.appendChild(el("li")).appendChild(a)
      })
      var clear = el("button", "md-button", labels.review_clear)
      clear.type = "button"
      clear.onclick = function () {
        saveMarks([])
        items.replaceChildren()
        clear.hidden = true
        status.textContent = labels.review_cleared
      }
      clear.hidden = !items.children.length
      if (!items.children.length) status.textContent = labels.review_empty
      else status.textContent = labels.review_count.replace("{count}", items.children.length)
      box.replaceChildren(status, items, clear)
    }, function () { /* the list cannot be read (offline, never fetched): the page's text stays */ })
  }

  /* Every list of questions (the index, a tag's page, a term's backlinks): a marked question says so. */
  function markLists() {
    var marked = marks()
    if (!marked.length) return
    questionList().then(function (list) {
      var byUrl = {}
      list.forEach(function (q) { byUrl[q[1]] = q[0] })
      document.querySelectorAll("article li > a[href]").forEach(function (a) {
        if (marked.indexOf(byUrl[a.href]) >= 0 && !a.closest(".review-list") && !a.parentNode.querySelector(".review-mark"))
          a.after(" ", el("span", "review-mark", labels.review_marked))
      })
    }, function () {})
  }

  /* -- Term cards to study ------------------------------------------------------------------------
     The study page's deck: FSRS's library and the deck's script are loaded on that page only. */
  var deckScripts
  function script(name) {
    return new Promise(function (resolve, reject) {
      var node = document.createElement("script")
      node.src = new URL(name, scripts).href
      node.onload = resolve
      node.onerror = reject
      document.head.appendChild(node)
    })
  }
  function studyDeck(box) {
    if (!deckScripts) deckScripts = script("vendor/ts-fsrs.js").then(function () { return script("flashcards.js") })
    deckScripts.then(function () {
      var marked = document.querySelector(".review-list")
      window.studynotesDeck(box, document.querySelector(".study-progress"), {
        cards: cardsUrl, root: new URL("..", cardsUrl).href, marks: marks,
        saveMarks: function (list) {  /* imported: the list on the page shows them */
          saveMarks(list)
          if (marked && marked.isConnected) reviewList(marked)
        }
      })
    }, function () {
      deckScripts = null  /* offline and never loaded: another visit tries again */
      var ui = box.querySelector(".study-deck__ui")
      if (ui) box.replaceChildren(el("p", null, JSON.parse(ui.dataset.labels).study_unavailable))
    })
  }

  /* -- Offline reading --------------------------------------------------------------------------
     The service worker (sw.js, written by the build) keeps every page read; each page read is also
     listed here, with its title, for the offline page's list. */
  var READ = "studynotes.read"
  function readPages() {
    try { return JSON.parse(localStorage.getItem(READ) || "{}") || {} } catch (e) { return {} }
  }
  function remember() {
    if (document.querySelector(".offline-list")) return
    var pages = readPages()
    delete pages[location.pathname]
    pages[location.pathname] = [document.documentElement.lang, document.title]
    var paths = Object.keys(pages)
    paths.slice(0, Math.max(0, paths.length - 300)).forEach(function (p) { delete pages[p] })
    try { localStorage.setItem(READ, JSON.stringify(pages)) } catch (e) { /* storage full or disabled */ }
  }

  function offlineList(box) {
    if (!window.caches) return
    var pages = readPages(), lang = document.documentElement.lang
    var paths = Object.keys(pages).filter(function (p) { return pages[p][0] === lang }).reverse()
    Promise.all(paths.map(function (p) { return caches.match(p) })).then(function (found) {
      var items = el("ul")
      paths.forEach(function (p, i) {
        if (!found[i]) return
        var a = el("a", null, pages[p][1])
        a.href = p
        items.appendChild(el("li")).appendChild(a)
      })
      box.replaceChildren(items.children.length ? items : el("p", null, labels.offline_none))
    })
  }

  /* After the page has loaded: the worker's first downloads never compete with the page's own. */
  function registerWorker() {
    if (study.sw) {
      var first = !navigator.serviceWorker.controller  /* this page was not read through the worker */
      navigator.serviceWorker.register(new URL(study.sw, location.href)).then(function () {
        return navigator.serviceWorker.ready
      }).then(function (registration) {
        if (first) registration.active.postMessage({ keep: location.href })
      }).catch(function () {})
    }
    else  /* a preview (make serve): no worker, and none left from a build served at this address */
      navigator.serviceWorker.getRegistrations().then(function (all) {
        all.forEach(function (registration) { registration.unregister() })
      })
  }
  if ("serviceWorker" in navigator) {
    if (document.readyState === "complete") registerWorker()
    else window.addEventListener("load", registerWorker)
  }

  document$.subscribe(function () {
    enhance()
    reviewButtons()
    var box = document.querySelector(".review-list")
    if (box) reviewList(box)
    markLists()
    var deck = document.querySelector(".study-deck__ui[data-labels]")  /* the build's, not a note's */
    if (deck) studyDeck(deck.parentNode)
    var offline = document.querySelector(".offline-list")
    if (offline) offlineList(offline)
    remember()
  })
})()
