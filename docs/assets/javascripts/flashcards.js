/*
 * Term cards to study (the study page, /study/ and /en/study/): one card per term of the glossary,
 * scheduled by FSRS through ts-fsrs (vendor/ts-fsrs.js, the version package-lock.json pins), the
 * progress kept in this browser only. study.js loads this file and the library when a page has a
 * deck; src/studynotes/study.py writes the deck's controls, its labels and study/cards.json.
 * Every text from the notes is set as text (textContent), never as markup.
 *
 * Choices (the README's "Term cards" says why):
 * - FSRS with ts-fsrs' defaults, written out: 90 % retention asked for, learning steps 1 and 10
 *   minutes, relearning 10 minutes; fuzz on, as Anki has it, so that cards learnt together do not
 *   all come back on the same day.
 * - Due cards first, the most overdue first (FSRS's due dates); then new cards, in the glossary's
 *   order, up to the page's daily limit (data-new-per-day: 20, Anki's default); with nothing else
 *   left, a card in learning due within 20 minutes is shown early, as Anki's "learn ahead" does.
 * - A day of study ends at 4 a.m. local time, as in Anki: a session after midnight is still that
 *   evening's.
 */
"use strict";

(function () {
  var KEY = "studynotes.study"
  var FORMAT = "studynotes-progress", VERSION = 1, MAX_FILE = 1 << 20
  var DAY_STARTS_AT = 4, HOUR = 3600e3, MINUTE = 60e3, LEARN_AHEAD = 20 * MINUTE
  var NEW = 0, REVIEW = 2
  var JAPANESE = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]/
  var scheduler = FSRS.fsrs({
    request_retention: 0.9, maximum_interval: 36500, enable_fuzz: true, enable_short_term: true,
    learning_steps: ["1m", "10m"], relearning_steps: ["10m"]
  })

  /* -- The progress: { cards: { id: record }, day: "YYYY-MM-DD", fresh: new cards seen that day } */
  var FIELDS = {
    due: "time", stability: "number", difficulty: "number", elapsed_days: "count", scheduled_days: "count",
    learning_steps: "count", reps: "count", lapses: "count", state: "state", last_review: "time?"
  }
  function valid(value, kind) {
    if (kind === "time?" && value === null) return true
    if (typeof value !== "number" || !isFinite(value)) return false
    if (kind === "count") return value >= 0 && Math.floor(value) === value
    if (kind === "state") return value >= 0 && value <= 3 && Math.floor(value) === value
    if (kind === "number") return value >= 0
    return value >= 0 && value < 8.64e15  /* a time: milliseconds a Date can hold */
  }
  /* The first field of ``record`` that is not what FSRS needs, or "" if every one is. */
  function badField(record) {
    if (!record || typeof record !== "object" || Array.isArray(record)) return "record"
    for (var name in FIELDS) if (!valid(record[name], FIELDS[name])) return name
    return ""
  }
  function emptyProgress() { return { cards: {}, day: "", fresh: 0 } }
  function readProgress() {
    var progress = emptyProgress()
    try {
      var data = JSON.parse(localStorage.getItem(KEY) || "null")
      if (data && typeof data.cards === "object" && data.cards) {
        Object.keys(data.cards).forEach(function (id) {
          if (!badField(data.cards[id])) progress.cards[id] = data.cards[id]  /* a damaged record: the card is new */
        })
        if (typeof data.day === "string" && valid(data.fresh, "count")) {
          progress.day = data.day
          progress.fresh = data.fresh
        }
      }
    } catch (e) { /* unreadable: start again */ }
    return progress
  }
  function saveProgress(progress) {
    try { localStorage.setItem(KEY, JSON.stringify(progress)) } catch (e) { /* storage full or disabled */ }
  }

  function toCard(record) {
    var card = {}
    for (var name in FIELDS) card[name] = record[name]
    card.due = new Date(record.due)
    card.last_review = record.last_review === null ? undefined : new Date(record.last_review)
    return card
  }
  function toRecord(card) {
    var record = {}
    for (var name in FIELDS) record[name] = card[name]
    record.due = card.due.getTime()
    record.last_review = card.last_review ? card.last_review.getTime() : null
    return record
  }

  function pad(n) { return (n < 10 ? "0" : "") + n }
  function dayOf(time) {
    var d = new Date(time - DAY_STARTS_AT * HOUR)
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate())
  }
  function nextDay(time) {
    var d = new Date(time - DAY_STARTS_AT * HOUR)
    return new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1, DAY_STARTS_AT).getTime()
  }

  /* -- What to show now: { card, due: [...], fresh: [...], next: time of the next card or null } */
  function plan(cards, progress, perDay, now) {
    var seen = progress.day === dayOf(now) ? progress.fresh : 0
    var due = [], ahead = [], unseen = [], later = Infinity
    cards.forEach(function (card, i) {
      var record = progress.cards[card.id]
      if (!record) unseen.push(card)
      else if (record.due <= now) due.push([record.due, i, card])
      else {
        if (record.state !== REVIEW && record.due <= now + LEARN_AHEAD) ahead.push([record.due, i, card])
        later = Math.min(later, record.due)
      }
    })
    function order(a, b) { return a[0] - b[0] || a[1] - b[1] }
    var fresh = unseen.slice(0, Math.max(0, perDay - seen))
    if (unseen.length > fresh.length) later = Math.min(later, nextDay(now))
    due = due.sort(order).map(function (d) { return d[2] })
    if (!due.length && !fresh.length) due = ahead.sort(order).map(function (d) { return d[2] })
    return { card: due[0] || fresh[0] || null, due: due, fresh: fresh, next: later === Infinity ? null : later }
  }

  /* Anki's way of saying an interval: minutes, hours, days, then months and years to one decimal. */
  function interval(ms, labels) {
    function say(unit, n) {
      return labels["study_" + unit + (n === 1 ? "" : "s")].replace("{n}", String(n))
    }
    var minutes = Math.max(1, Math.round(ms / MINUTE))
    if (minutes < 60) return say("minute", minutes)
    var hours = Math.round(ms / HOUR)
    if (hours < 24) return say("hour", hours)
    var days = Math.round(ms / (24 * HOUR))
    if (days < 30) return say("day", days)
    if (days < 365) return say("month", Math.round(days / 30 * 10) / 10)
    return say("year", Math.round(days / 365 * 10) / 10)
  }

  /* -- The deck on the page ------------------------------------------------------------------- */
  window.studynotesDeck = function (box, progressBox, options) {
    var ui = box.querySelector(".study-deck__ui[data-labels]")
    if (!ui || ui.dataset.started) return
    ui.dataset.started = "1"
    var labels = JSON.parse(ui.dataset.labels), perDay = Number(ui.dataset.newPerDay) || 20
    var lang = document.documentElement.lang
    var q = function (selector) { return ui.querySelector(selector) }
    var front = q(".study-card__name"), back = q(".study-card__back"), done = q(".study-card__done")
    var show = q(".study-show"), ratings = q(".study-ratings")
    var buttons = ratings.querySelectorAll(".study-rating")
    var cards = [], progress, current = null, preview = null, timer
    var now = function () { return Date.now() }

    function setText(node, text) {
      node.textContent = text
      if (lang !== "ja" && JAPANESE.test(text)) node.lang = "ja"
      else node.removeAttribute("lang")
    }
    function span(className, text) {
      var node = document.createElement("span")
      if (className) node.className = className
      setText(node, text)
      return node
    }

    /* A term renamed keeps its card (its id); a term given a glossary page takes the progress of the
       question section that explained it (was); a term no longer on the site loses its card. */
    function tidy() {
      var ids = {}, changed = false
      cards.forEach(function (card) {
        ids[card.id] = true
        ;(card.was || []).forEach(function (old) {
          if (progress.cards[old] && !progress.cards[card.id]) {
            progress.cards[card.id] = progress.cards[old]
            changed = true
          }
        })
      })
      Object.keys(progress.cards).forEach(function (id) {
        if (!ids[id]) {
          delete progress.cards[id]
          changed = true
        }
      })
      if (changed) saveProgress(progress)
    }

    function render() {
      clearTimeout(timer)
      var at = now(), p = plan(cards, progress, perDay, at)
      q(".study-counts__due b").textContent = String(p.due.length)
      q(".study-counts__new b").textContent = String(p.fresh.length)
      current = p.card
      preview = null
      back.hidden = true
      ratings.hidden = true
      if (!current) {
        front.parentNode.hidden = true
        show.hidden = true
        done.hidden = false
        setText(q(".study-card__done-title"), cards.length ? labels.study_done : labels.study_no_cards)
        var next = q(".study-card__next")
        next.hidden = p.next === null
        if (p.next !== null) {
          var time = new Intl.DateTimeFormat(lang, { month: "long", day: "numeric", hour: "numeric", minute: "2-digit" })
          next.textContent = labels.study_next.replace("{time}", time.format(new Date(p.next)))
            .replace("{interval}", interval(p.next - at, labels))
          timer = setTimeout(function () { if (ui.isConnected && !current) render() },
                             Math.min(p.next - at + 500, 2147483647))
        }
        return
      }
      done.hidden = true
      front.parentNode.hidden = false
      show.hidden = false
      setText(front, current.name)
      if (current.reading) front.appendChild(span("study-card__reading", current.reading))
      setText(q(".study-card__summary"), current.summary)
      var names = q(".study-card__names")
      names.replaceChildren()
      names.hidden = !current.names.length
      if (current.names.length) {
        var parts = labels.study_aliases.split("{names}")
        names.append(parts[0])
        current.names.forEach(function (name, i) {
          if (i) names.append(labels.tag_separator)
          names.appendChild(span(null, name))
        })
        names.append(parts[1] || "")
      }
      var go = q(".study-card__go")
      setText(go, current.go)
      go.href = new URL(current.url, options.root).href
    }

    function reveal() {
      if (!current || !back.hidden) return
      var at = now(), record = progress.cards[current.id]
      preview = scheduler.repeat(record ? toCard(record) : FSRS.createEmptyCard(new Date(at)), new Date(at))
      buttons.forEach(function (button) {
        var next = preview[Number(button.dataset.rating)].card.due.getTime()
        button.querySelector(".study-rating__interval").textContent = interval(next - at, labels)
      })
      back.hidden = false
      show.hidden = true
      ratings.hidden = false
      ratings.querySelector(".study-rating--good").focus()  /* as Anki: Space or Enter again is Good */
    }

    function rate(rating) {
      if (!current || !preview) return
      var at = now(), before = progress.cards[current.id]
      if (!before) {  /* a new card seen today */
        var today = dayOf(at)
        progress.fresh = progress.day === today ? progress.fresh + 1 : 1
        progress.day = today
      }
      progress.cards[current.id] = toRecord(preview[rating].card)
      saveProgress(progress)
      var hadFocus = ui.contains(document.activeElement)
      render()
      if (hadFocus) (current ? show : done).focus()
    }

    show.addEventListener("click", reveal)
    buttons.forEach(function (button) {
      button.addEventListener("click", function () { rate(Number(button.dataset.rating)) })
    })
    function onKey(event) {
      if (!ui.isConnected) return document.removeEventListener("keydown", onKey)
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || !current) return
      var target = event.target
      if (target.closest && target.closest("input, textarea, select, [contenteditable], .md-search, .md-dialog")) return
      var control = target.closest && target.closest("button, a, summary, label")
      if (event.key === " " || event.key === "Enter") {
        if (control) return  /* the button or link pressed does what it says (Good, once shown) */
        event.preventDefault()
        reveal()
      } else if (/^[1-4]$/.test(event.key) && !back.hidden) {
        event.preventDefault()
        rate(Number(event.key))
      }
    }
    document.addEventListener("keydown", onKey)
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible" && ui.isConnected && !current && progress) render()
    })

    /* -- Export and import ------------------------------------------------------------------- */
    var tools = progressBox && progressBox.querySelector(".study-progress__ui")
    function status(text) { tools.querySelector(".study-progress__status").textContent = text }
    function exportProgress() {
      var data = { format: FORMAT, version: VERSION, exported: new Date(now()).toISOString(),
                   cards: progress.cards, day: progress.day, fresh: progress.fresh, review: options.marks() }
      var url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 1) + "\n"], { type: "application/json" }))
      var a = document.createElement("a")
      a.href = url
      a.download = "studynotes-progress-" + dayOf(now()) + ".json"
      document.body.appendChild(a)
      a.click()
      a.remove()
      setTimeout(function () { URL.revokeObjectURL(url) }, 1000)
      status(labels.study_exported.replace("{count}", String(Object.keys(progress.cards).length)))
    }
    /* What a file holds, checked whole before anything changes: { cards, day, fresh, review } or a reason. */
    function readFile(text) {
      var data
      try { data = JSON.parse(text) } catch (e) { return labels.study_bad_json }
      if (!data || typeof data !== "object" || data.format !== FORMAT || !valid(data.version, "count"))
        return labels.study_bad_format
      if (data.version > VERSION) return labels.study_bad_version.replace("{version}", String(data.version))
      if (!data.cards || typeof data.cards !== "object" || Array.isArray(data.cards)) return labels.study_bad_format
      for (var id in data.cards) {
        var field = badField(data.cards[id])
        if (field) return labels.study_bad_card.replace("{id}", id).replace("{field}", field)
      }
      var review = data.review === undefined ? [] : data.review
      if (!Array.isArray(review) || !review.every(function (n) { return valid(n, "count") }))
        return labels.study_bad_marks
      return { cards: data.cards, day: typeof data.day === "string" ? data.day : "",
               fresh: valid(data.fresh, "count") ? data.fresh : 0, review: review }
    }
    function importProgress(file) {
      var fail = function (reason) { status(labels.study_import_failed.replace("{reason}", reason)) }
      if (file.size > MAX_FILE) return fail(labels.study_too_large)
      file.text().then(function (text) {
        var data = readFile(text)
        if (typeof data === "string") return fail(data)
        var known = {}, count = 0
        cards.forEach(function (card) { known[card.id] = true })
        Object.keys(data.cards).forEach(function (id) {
          if (!known[id]) return  /* a term no longer on the site */
          var mine = progress.cards[id], theirs = data.cards[id]
          if (!mine || (theirs.last_review || 0) > (mine.last_review || 0)) progress.cards[id] = theirs
          count++
        })
        if (data.day === progress.day) progress.fresh = Math.max(progress.fresh, data.fresh)
        else if (data.day > progress.day) {
          progress.day = data.day
          progress.fresh = data.fresh
        }
        saveProgress(progress)
        var marks = options.marks()
        data.review.forEach(function (n) { if (marks.indexOf(n) < 0) marks.push(n) })
        options.saveMarks(marks.sort(function (a, b) { return a - b }))
        render()
        status(labels.study_imported.replace("{count}", String(count)).replace("{marks}", String(data.review.length)))
      }, function () { fail(labels.study_bad_json) })
    }
    if (tools) {
      var input = tools.querySelector(".study-import__file")
      tools.querySelector(".study-export").addEventListener("click", exportProgress)
      tools.querySelector(".study-import").addEventListener("click", function () { input.click() })
      input.addEventListener("change", function () {
        if (input.files && input.files[0]) importProgress(input.files[0])
        input.value = ""
      })
    }

    fetch(options.cards).then(function (response) {
      if (!response.ok) throw new Error(response.status)
      return response.json()
    }).then(function (list) {
      cards = list
      progress = readProgress()
      tidy()
      box.querySelectorAll(":scope > p").forEach(function (p) { p.remove() })  /* "needs JavaScript" */
      ui.hidden = false
      if (tools) {
        progressBox.querySelectorAll(":scope > p").forEach(function (p) { p.remove() })
        tools.hidden = false
      }
      render()
    }).catch(function () {
      var p = document.createElement("p")
      p.textContent = labels.study_unavailable
      box.replaceChildren(p)
    })
  }
})()
