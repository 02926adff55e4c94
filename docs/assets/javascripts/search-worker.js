/*
 * Site search worker, speaking Material for MkDocs' search worker protocol
 * (SETUP 0 → READY 1, QUERY 2 → RESULT 3), so Material's search box, result list,
 * highlighting and keyboard shortcuts stay as readers know them.
 *
 * The index is built by the site (src/studynotes/search.py): Japanese as character
 * bigrams, other words lower-cased and lightly stemmed, postings sharded by the first
 * two characters of a token. A query fetches only its tokens' shards and the small files
 * of the pages it shows. Tokenization mirrors search.py exactly.
 */
"use strict"

const JAPANESE = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\u3005]+/g
const JAPANESE_CHAR = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\u3005]/
const WORD = /[\p{L}\p{N}]+/gu
const SUFFIXES = [
  ["izations", "ize"], ["ization", "ize"], ["ational", "ate"], ["ations", "ate"], ["ation", "ate"],
  ["izing", "ize"], ["ized", "ize"], ["izes", "ize"], ["ings", ""], ["ing", ""], ["edly", ""],
  ["ies", "y"], ["ied", "y"], ["ed", ""], ["es", ""], ["ly", ""], ["s", ""]
]
const MIN_STEM = 3
const MAX_PAGES = 20
const NAME_BOOST = 1000
/* The index of the page's language, given by the page (overrides/main.html). */
const BASE = new URL(new URL(self.location.href).searchParams.get("index") || "../../search/", self.location.href)

let manifest = null
const shards = new Map()
const pages = new Map()
let latest = 0

function fold(text) {
  return text.normalize("NFKC").toLowerCase()
}

function stem(word) {
  if (!/^[a-z]+$/i.test(word)) return word
  for (const [suffix, replacement] of SUFFIXES) {
    if (word.endsWith(suffix) && !(suffix === "s" && word.endsWith("ss"))) {
      const base = word.slice(0, word.length - suffix.length) + replacement
      if (base.length >= MIN_STEM) { word = base; break }
    }
  }
  if (word.endsWith("e") && word.length > MIN_STEM) word = word.slice(0, -1)
  return word
}

/* Query tokens: Japanese bigrams (a lone character as itself) and word stems; the last word,
   still being typed, is also matched as a prefix. */
function analyze(query) {
  const folded = fold(query)
  const tokens = []
  for (const run of folded.match(JAPANESE) || []) {
    const chars = Array.from(run)
    if (chars.length === 1) tokens.push({ token: run })
    else for (let i = 0; i < chars.length - 1; i++) tokens.push({ token: chars[i] + chars[i + 1] })
  }
  const words = folded.replace(JAPANESE, " ").match(WORD) || []
  const last = Array.from(folded).pop() || ""
  const typing = /[\p{L}\p{N}]/u.test(last) && !JAPANESE_CHAR.test(last)
  words.forEach((word, i) => tokens.push({ token: stem(word), word, prefix: typing && i === words.length - 1 }))
  const seen = new Set()
  return tokens.filter(t => !seen.has(t.token) && seen.add(t.token))
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    table[n] = c >>> 0
  }
  return table
})()

function crc32(bytes) {
  let crc = 0xffffffff
  for (const b of bytes) crc = CRC_TABLE[(crc ^ b) & 0xff] ^ (crc >>> 8)
  return (crc ^ 0xffffffff) >>> 0
}

function shardOf(token) {
  const head = Array.from(token).slice(0, 2).join("")
  return crc32(new TextEncoder().encode(head)) % manifest.shards
}

async function json(path) {
  const response = await fetch(new URL(path, BASE))
  if (!response.ok) throw new Error(`${path}: ${response.status}`)
  return response.json()
}

async function shard(i) {
  if (!shards.has(i)) shards.set(i, json(`shards/${i}.json`))
  return shards.get(i)
}

async function page(i) {
  if (!pages.has(i)) pages.set(i, json(`pages/${i}.json`))
  return pages.get(i)
}

/* Postings of one query token: doc → weighted count (prefix: summed over matching tokens). */
function postings(bucket, { token, word, prefix }) {
  const result = new Map()
  const add = flat => { for (let i = 0; i < flat.length; i += 2) result.set(flat[i], (result.get(flat[i]) || 0) + flat[i + 1]) }
  if (!prefix) {
    if (Array.isArray(bucket[token])) add(bucket[token])
    return result
  }
  for (const [key, flat] of Object.entries(bucket))
    if (Array.isArray(flat) && (key.startsWith(token) || key.startsWith(word) ||
        (word.startsWith(key) && key.length > MIN_STEM)))
      add(flat)
  return result
}

function escapeHTML(text) {
  return text.replace(/[&<>"]/g, ch => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;" })[ch])
}

function highlighter(query) {
  const parts = (fold(query).match(/[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\u3005]+|[\p{L}\p{N}]+/gu) || [])
    .filter(part => part.length > 0)
    .sort((a, b) => b.length - a.length)
    .map(part => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
  if (!parts.length) return text => escapeHTML(text)
  const pattern = new RegExp(`(${parts.join("|")})`, "giu")
  return text => text.split(pattern).map((piece, i) =>
    i % 2 ? `<mark data-md-highlight>${escapeHTML(piece)}</mark>` : escapeHTML(piece)).join("")
}

async function search(query) {
  if (!manifest) manifest = await json("manifest.json")
  const terms = analyze(query)
  if (!terms.length) return { items: [] }
  const buckets = await Promise.all(terms.map(t => shard(shardOf(t.token))))

  /* Every token must occur in a section (AND); score by tf-idf. */
  let scores = null
  terms.forEach((term, i) => {
    const found = postings(buckets[i], term)
    const idf = Math.log(1 + manifest.docs / Math.max(1, found.size))
    const next = new Map()
    for (const [doc, count] of found)
      if (scores === null || scores.has(doc)) next.set(doc, (scores ? scores.get(doc) : 0) + idf * count)
    scores = next
  })

  /* A query that is a term's name or alias puts that term's page first. */
  const name = "=" + fold(query).replace(/\s+/g, "")
  const named = (await shard(shardOf(name.slice(1))))[name]
  if (typeof named === "number") scores.set(named, (scores.get(named) || 0) + NAME_BOOST)

  /* Group sections by page, best page first. */
  const byPage = new Map()
  for (const [doc, score] of scores) {
    const p = manifest.doc_pages[doc]
    const group = byPage.get(p) || { best: 0, sections: new Map() }
    group.best = Math.max(group.best, score)
    group.sections.set(manifest.doc_sections[doc], score)
    byPage.set(p, group)
  }
  const ranked = [...byPage.entries()].sort((a, b) => b[1].best - a[1].best).slice(0, MAX_PAGES)
  const files = await Promise.all(ranked.map(([p]) => page(p)))
  const mark = highlighter(query)
  const words = Object.fromEntries((query.trim().split(/\s+/)).map(word => [word, true]))
  const items = ranked.map(([, group], i) => {
    const sections = files[i].sections
    const list = [...group.sections.entries()].sort((a, b) => b[1] - a[1])
      .map(([s, score]) => ({ location: sections[s][0], title: mark(sections[s][1]), text: mark(sections[s][2]), score, terms: words }))
    if (!list.some(item => !item.location.includes("#")))
      list.push({ location: sections[0][0], title: mark(sections[0][1]), text: "", score: 0, terms: {} })
    return list
  })
  return { items }
}

addEventListener("message", async ev => {
  const message = ev.data
  if (message.type === 0) {
    postMessage({ type: 1 })
    json("manifest.json").then(data => { manifest = data }).catch(() => {})
    return
  }
  if (message.type === 2) {
    const id = ++latest
    let data
    try {
      data = await search(message.data)
    } catch (err) {
      console.warn("search failed:", err)
      data = { items: [] }
    }
    if (id === latest) postMessage({ type: 3, data })
  }
})
