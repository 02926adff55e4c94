/*
 * Site search worker, speaking Material for MkDocs' search worker protocol
 * (SETUP 0 → READY 1, QUERY 2 → RESULT 3), so Material's search box, result list,
 * highlighting and keyboard shortcuts stay as readers know them.
 *
 * The index is built by the site (src/studynotes/search.py): text folded as readers' spellings
 * share it (width, case, katakana as hiragana, the long-vowel mark, separators between kana,
 * spelling variants, okurigana between kanji), Japanese as character bigrams, other words lower-cased and lightly stemmed,
 * postings sharded by the first two characters of a token. A query fetches only its tokens' shards
 * and the small files of the pages it shows. fold() and tokens() mirror search.py exactly
 * (tests/fixtures/search/vectors.json).
 *
 * A query is read as words: separated by spaces, and Japanese typed without them cut where its
 * script changes, its particles and endings left out, a verb's or adjective's lone kanji asked
 * for as the stem it is (query.py, mirrored by analyze()). A term's name, then a chunk of the
 * query found as written (a phrase), rank first. Then the pages of notes before the indexes and
 * tag pages, which repeat every title; among them the pages with every word, in one section or
 * several (a page whose title has them all first, then one section with them all); then the
 * pages with the most of the query, each word weighing by how rare it is on the site, marked as
 * partial matches. A Latin word the index does not have is read as two words it has
 * (groundtruth → ground truth) or corrected (one edit from five letters, two from nine: debuger →
 * debugger), corrected words counting less than exact ones. A result's text is the passage around
 * its first match, the matches highlighted, and the words actually matched are what Material
 * highlights on the page.
 */
"use strict"

const KANJI = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\u3005\\uf900-\\ufaff"       /* search.py: KANJI */
const JAPANESE = new RegExp(`[\\u3041-\\u309f\\u30a1-\\u30fa${KANJI}]+`, "g")  /* search.py: RE_JAPANESE */
/* A kanji standing alone (進む, 値を) is also a token of its own; search.py: RE_LONE_KANJI. */
const LONE_KANJI = new RegExp(`(?<![${KANJI}])[${KANJI}](?![${KANJI}])`, "gu")
const JAPANESE_CHAR = new RegExp(`[\\u3041-\\u309f\\u30a1-\\u30fa${KANJI}]`)
const WORD = /[\p{L}\p{N}]+/gu
const LONG_VOWEL = /(?<=[\u3041-\u309f])\u30fc+/g
const KANA_SEPARATOR = /(?<=[\u3041-\u309f])[\u30fb\s\-_/\u2010]+(?=[\u3041-\u309f])/g
/* One okurigana between two kanji (繰り返す = 繰返す); search.py: RE_OKURIGANA. */
const OKURIGANA = new RegExp(`(?<=[${KANJI}])[りみしきちいえけせげべめれねびぎじひわ](?=[${KANJI}])`, "g")
const JOINED = /\p{L}+(?:[-_/.\u30fb]\p{L}+)+/gu
const CAMEL_WORD = /[A-Za-z]+/g
const CAMEL_PART = /[A-Z]{2,}s(?![a-z])|[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+/g
const SUFFIXES = [
  ["izations", "ize"], ["ization", "ize"], ["ational", "ate"], ["ations", "ate"], ["ation", "ate"],
  ["izing", "ize"], ["ized", "ize"], ["izes", "ize"], ["ings", ""], ["ing", ""], ["edly", ""],
  ["ies", "y"], ["ied", "y"], ["ed", ""], ["es", ""], ["ly", ""], ["s", ""]
]
const MIN_STEM = 3
const MAX_PAGES = 20          /* pages in the result list */
const BATCHES = [3, 10, MAX_PAGES]  /* the list is shown once this many pages are ready, then grows */
const TITLES_FIRST = 60       /* ms left to the page to paint the titles before the passages are read */
const MAX_WORDS = 30         /* words of a query that count (a bit each) */
const MAX_SECTIONS = 4        /* sections listed under a page */
const NAME_BOOST = 1000       /* a query that is a term's name puts its page first */
const CORRECTED = 0.5         /* a corrected word counts this much of an exact one */
const SNIPPET_BEFORE = 30, SNIPPET_LENGTH = 160
const PARTIAL = { ja: "一部の語に一致", en: "partial match" }

/* The index of the page's language, given by the page (overrides/main.html). */
const BASE = new URL(new URL(self.location.href).searchParams.get("index") || "../../search/", self.location.href)

let manifest = null
let variants = null           /* [pattern, spelling kept], from the manifest */
let surfaces = null           /* the index's Latin words as pages write them (lower-cased), for corrections */
let words = null              /* their stems, the tokens of the index */
let titles = null             /* every page's [address, title], once the search box has been opened */
let titlesLoading = null
let wordsLoading = null       /* surfaces and words, asked for once (again after a failure) */
const shards = new Map()
const pages = new Map()
let latest = 0

/* -- folding and tokens (mirrors search.py) ------------------------------------------------ */

function setVariants(rules) {
  variants = rules && rules.length
    ? { pattern: new RegExp(rules.map(([v]) => v.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "g"),
        kept: new Map(rules) }
    : null
}

function kana(text) {
  return text.replace(/[\u30a1-\u30f6]/g, ch => String.fromCharCode(ch.charCodeAt(0) - 0x60))
}

function fold(text) {
  const folded = kana(text.normalize("NFKC").toLowerCase()).replace(LONG_VOWEL, "").replace(KANA_SEPARATOR, "")
  return (variants ? folded.replace(variants.pattern, m => variants.kept.get(m)) : folded).replace(OKURIGANA, "")
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

function camelParts(text) {
  const parts = []
  for (const word of text.normalize("NFKC").match(CAMEL_WORD) || []) {
    const pieces = word.match(CAMEL_PART) || []
    if (pieces.length > 1) parts.push(...pieces.map(p => p.toLowerCase()))
  }
  return parts
}

function bigrams(run) {
  const chars = Array.from(run)
  if (chars.length === 1) return [run]
  const out = []
  for (let i = 0; i < chars.length - 1; i++) out.push(chars[i] + chars[i + 1])
  return out
}

/* The index tokens of a text, as search.py's tokens() gives them. */
function tokens(text) {
  const folded = fold(text)
  const out = []
  for (const run of folded.match(JAPANESE) || []) {
    out.push(...bigrams(run))
    if (Array.from(run).length > 1) out.push(...(run.match(LONE_KANJI) || []))
  }
  const latin = folded.replace(JAPANESE, " ")
  for (const word of latin.match(WORD) || []) out.push(stem(word))
  for (const part of camelParts(text)) out.push(stem(part))
  for (const joined of latin.match(JOINED) || []) out.push(stem(joined.replace(/[-_/.\u30fb]/g, "")))
  return out
}

/* -- reading a query (mirrors query.py) --------------------------------------------------- */

const KANJI_CHAR = new RegExp(`[${KANJI}]`)
const KATAKANA_CHAR = /[\u30a1-\u30fa\u30fc\u30fb\u30fd\u30fe]/
const HIRAGANA_CHAR = /[\u3041-\u3096\u309d\u309e]/
const OKURIGANA_KANA = "りみしきちいえけせげべめれねびぎじひわ"   /* search.py: OKURIGANA */
const MAX_FUNCTION = 8
const PHRASE_EXTRA = 4        /* query.py: PHRASE_EXTRA */
let functionWords = new Set(), genericWords = new Set()   /* data/query-words.yml, from the manifest */

function setQueryWords(lists) {
  functionWords = new Set((lists && lists.function) || [])
  genericWords = new Set((lists && lists.generic) || [])
}

/* The bigrams a query needs of a Japanese run: every character covered, pairs not overlapping
   but for the last (最小最大正規化: 最小 最大 正規 規化). A section with them all has the phrase but
   in rare cases; half the shards to fetch, and half the lists to read. */
function cover(run) {
  const pairs = bigrams(run)
  return pairs.filter((_, i) => i % 2 === 0 || i === pairs.length - 1)
}

/* Each character's script: K kanji (or an okurigana between two kanji), T katakana, H hiragana, O. */
function scripts(chars) {
  const out = []
  chars.forEach((ch, i) => {
    let kind
    if (KANJI_CHAR.test(ch)) kind = "K"
    else if (OKURIGANA_KANA.includes(ch) && out[out.length - 1] === "K" && i + 1 < chars.length && KANJI_CHAR.test(chars[i + 1])) kind = "K"
    else if (ch === "\u30fc") kind = out[out.length - 1] === "H" ? "H" : "T"
    else if (KATAKANA_CHAR.test(ch)) kind = "T"
    else if (HIRAGANA_CHAR.test(ch)) kind = "H"
    else kind = "O"
    out.push(kind)
  })
  return out
}

/* What is left of a hiragana run once its function words are out (query.py: hiragana_words). */
function hiraganaWords(run, afterKanji) {
  const chars = Array.from(run.replace(/\u30fc/g, "")), n = chars.length
  const best = new Array(n + 1).fill(null), back = new Array(n + 1).fill(null)
  const better = (a, b) => b === null || a[0] < b[0] || (a[0] === b[0] && a[1] < b[1])
  best[0] = [0, 0]
  for (let i = 0; i < n; i++) {
    if (best[i] === null) continue
    const [cost, pieces] = best[i]
    for (let length = Math.min(MAX_FUNCTION, n - i); length > 0; length--)
      if (functionWords.has(chars.slice(i, i + length).join("")) && better([cost, pieces + 1], best[i + length])) {
        best[i + length] = [cost, pieces + 1]; back[i + length] = [i, true]
      }
    if (better([cost + 1, pieces + 1], best[i + 1])) { best[i + 1] = [cost + 1, pieces + 1]; back[i + 1] = [i, false] }
  }
  const kept = new Array(n).fill(false)
  for (let at = n; at > 0; ) { const [from, isFunction] = back[at]; if (!isFunction) kept[from] = true; at = from }
  const words = []
  for (let i = 0; i < n; ) {
    if (!kept[i]) { i++; continue }
    let j = i
    while (j < n && kept[j]) j++
    if (j - i >= 2 && !(afterKanji && i === 0 && j - i <= 2)) words.push(chars.slice(i, j).join(""))
    i = j
  }
  return words
}

/* The words of a chunk's Japanese, as typed: kanji runs, katakana runs, what hiragana leaves. */
function japaneseWords(chunk) {
  const chars = Array.from(chunk), kinds = scripts(chars), words = []
  let previous = "O"
  for (let i = 0; i < chars.length; ) {
    let j = i
    while (j < chars.length && kinds[j] === kinds[i]) j++
    const kind = kinds[i], text = chars.slice(i, j).join("")
    if (kind === "K") words.push([text, j < chars.length && kinds[j] === "H" ? chars[j] : ""])
    else if (kind === "T" && Array.from((fold(text).match(JAPANESE) || []).join("")).length >= 2) words.push([text, ""])  /* not グー: ぐ */
    else if (kind === "H") words.push(...hiraganaWords(text, previous === "K").map(w => [w, ""]))
    previous = kind
    i = j
  }
  return { words, japanese: kinds.some(k => k === "K" || k === "T") }
}

/* A query: its words, each with the tokens that must all be in one section (a Latin word: its
   stem, corrected or read as two words if the index lacks it), and the chunks cut into words, kept
   whole as phrases. Japanese typed without spaces is cut into words (query.py explains how). */
function analyze(query) {
  const typing = /[\p{L}\p{N}]$/u.test(query) && !JAPANESE_CHAR.test(query.slice(-1))
  const chunks = [...new Set(query.normalize("NFKC").toLowerCase().trim().split(/\s+/).filter(c => fold(c)))]
  const words = [], phrases = []
  const latinGroups = (folded, last) => {
    const latin = folded.replace(JAPANESE, " ").match(WORD) || []
    return latin.map((word, i) => ({ tokens: [stem(word)], word, prefix: typing && last && word.length >= 2 && i === latin.length - 1 }))
  }
  chunks.forEach((chunk, c) => {
    const folded = fold(chunk), last = c === chunks.length - 1
    const whole = { text: folded, typed: chunk, groups: [] }
    for (const run of folded.match(JAPANESE) || []) for (const token of cover(run)) whole.groups.push({ tokens: [token] })
    whole.groups.push(...latinGroups(folded, last))
    whole.chunk = c
    const { words: pieces, japanese } = japaneseWords(chunk)
    if (!japanese) { words.push(whole); return }
    const parts = []
    for (const [piece, after] of pieces) {
      const text = fold(piece), groups = []
      /* A lone kanji: its stem, or the kanji and the kana the query gave it (動できる in 起動できる). */
      if (Array.from(text).length === 1 && KANJI_CHAR.test(text)) groups.push({ tokens: after ? [text, text + fold(after)] : [text] })
      else for (const run of text.match(JAPANESE) || [])
        if (Array.from(run).length >= 2) for (const token of cover(run)) groups.push({ tokens: [token] })  /* not グ of グ・ース */
      if (groups.length) parts.push({ text, typed: piece, groups, chunk: c })
    }
    for (const group of latinGroups(folded, last)) parts.push({ text: group.word, typed: group.word, groups: [group], chunk: c })
    words.push(...parts)
    const asked = new Set(parts.flatMap(w => w.groups.map(g => g.tokens[0])))
    const extra = new Set(whole.groups.map(g => g.tokens[0]).filter(t => !asked.has(t)))
    if ((parts.length > 1 || extra.size) && extra.size <= PHRASE_EXTRA) phrases.push({ ...whole, phrase: true })
  })
  const asked = words.filter(w => !genericWords.has(w.typed))
  const unique = (list, limit) => {
    const seen = new Set()
    return list.filter(w => {
      const key = w.groups.map(g => g.tokens[0]).join(" ")
      return w.groups.length && !seen.has(key) && seen.add(key)
    }).slice(0, limit)
  }
  return { words: unique(asked.length ? asked : words, MAX_WORDS), phrases: unique(phrases, MAX_WORDS) }
}

/* -- corrections of Latin words -------------------------------------------------------------- */

/* Optimal string alignment distance (insert, delete, substitute, swap two letters), or limit + 1. */
function distance(a, b, limit) {
  if (Math.abs(a.length - b.length) > limit) return limit + 1
  let before = null, previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    let best = i
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let d = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
      if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1)
      row.push(d)
      best = Math.min(best, d)
    }
    if (best > limit) return limit + 1
    before = previous
    previous = row
  }
  return previous[b.length]
}

function corrections(word) {
  if (!surfaces || word.length < 5 || !/^[a-z]+$/.test(word)) return []
  const limit = word.length >= 9 ? 2 : 1
  let best = limit + 1, found = []
  for (const candidate of surfaces) {
    const d = distance(word, candidate, limit)
    if (d < best) { best = d; found = [candidate] }
    else if (d === best && d <= limit) found.push(candidate)
  }
  /* The index holds stems: paddign → padding → padd. */
  return best <= limit ? [...new Set(found.map(stem))].slice(0, 8) : []
}

/* groundtruth → ground, truth: two words of the index. */
function split(word) {
  if (!words || word.length < 6 || !/^[a-z]+$/.test(word)) return null
  for (let i = word.length - 3; i >= 3; i--) {
    const left = stem(word.slice(0, i)), right = stem(word.slice(i))
    if (words.has(left) && words.has(right)) return [left, right]
  }
  return null
}

/* -- fetching -------------------------------------------------------------------------------- */

/* The word list of corrections and splits: asked for after setup, awaited by a query that needs it. */
function wordList() {
  return wordsLoading || (wordsLoading = ready().then(() => json("words.json"))
    .then(list => { surfaces = list; words = new Set(list.map(stem)) })
    .catch(err => { wordsLoading = null; throw err }))
}

/* Offline, the files read before answer: this worker keeps them in the browser's cache itself (the
   site's service worker leaves search data alone, one hop less for every file a query reads). The
   network first; the kept copy when it fails. */
const KEPT = "studynotes-search"

async function json(path) {
  const url = new URL(path, BASE)
  let response
  try {
    response = await fetch(url)
    if (response.ok && self.caches) {
      const copy = response.clone()
      caches.open(KEPT).then(cache => cache.put(url, copy)).catch(() => {})
    }
  } catch (error) {
    response = self.caches ? await caches.match(url, { cacheName: KEPT }).catch(() => undefined) : undefined
    if (!response) throw error
  }
  if (!response.ok) throw new Error(`${path}: ${response.status}`)
  return response.json()
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

function shard(i) {
  if (!shards.has(i)) shards.set(i, json(`shards/${i}.json`).catch(err => { shards.delete(i); throw err }))
  return shards.get(i)
}

function page(i) {
  if (!pages.has(i)) pages.set(i, json(`pages/${i}.json`).catch(err => { pages.delete(i); throw err }))
  return pages.get(i)
}

let docPage = null  /* doc → its page */
let listings = null /* page → 1 for the pages that list others (home, indexes, tags): after the notes' pages */

let loading = null  /* the manifest, asked for once however many callers wait for it */

function ready() {
  return loading || (loading = loadManifest().catch(err => { loading = null; throw err }))
}

async function loadManifest() {
  const loaded = await json("manifest.json")
  setVariants(loaded.variants)
  setQueryWords(loaded.query_words)
  listings = new Uint8Array(loaded.page_first_doc.length)
  for (const p of loaded.listings || []) listings[p] = 1
  docPage = new Int32Array(loaded.docs)
  const first = loaded.page_first_doc
  for (let p = 0; p < first.length; p++) docPage.fill(p, first[p], p + 1 < first.length ? first[p + 1] : loaded.docs)
  manifest = loaded
}

/* A posting list: the docs of a token in order, with a value each (its weighted count). */
const NO_DOCS = { docs: new Int32Array(0), vals: new Float64Array(0), size: 0 }

function decode(flat, factor = 1) {
  const size = flat.length >> 1, docs = new Int32Array(size), vals = new Float64Array(size)
  for (let i = 0, doc = 0; i < size; i++) {
    doc += flat[2 * i]
    docs[i] = doc
    vals[i] = flat[2 * i + 1] * factor
  }
  return { docs, vals, size }
}

/* The union of posting lists, the values of a doc combined (summed, or the best kept). */
function union(lists, combine) {
  if (lists.length <= 1) return lists[0] || NO_DOCS
  const acc = new Float64Array(manifest.docs), seen = new Uint8Array(manifest.docs)
  let size = 0
  for (const list of lists)
    for (let i = 0; i < list.size; i++) {
      const doc = list.docs[i]
      if (seen[doc]) acc[doc] = combine(acc[doc], list.vals[i])
      else { seen[doc] = 1; acc[doc] = list.vals[i]; size++ }
    }
  const docs = new Int32Array(size), vals = new Float64Array(size)
  for (let doc = 0, k = 0; k < size; doc++) if (seen[doc]) { docs[k] = doc; vals[k++] = acc[doc] }
  return { docs, vals, size }
}

const sum = (a, b) => a + b

/* Postings of one token (a prefix: summed over the tokens it starts). */
function postings(bucket, token, prefix) {
  const lists = []
  if (Array.isArray(bucket[token])) lists.push(decode(bucket[token]))
  if (prefix)
    for (const key in bucket)
      if (key !== token && key.startsWith(token) && Array.isArray(bucket[key])) lists.push(decode(bucket[key]))
  return union(lists, sum)
}

/* -- search ---------------------------------------------------------------------------------- */

async function load(tokens) {
  const wanted = [...new Set(tokens.map(shardOf))]
  const loaded = await Promise.all(wanted.map(shard))
  return new Map(wanted.map((s, i) => [s, loaded[i]]))
}

/* Each group's postings, after reading unknown Latin words of ``chunks`` as two words or
   correcting them (the groups of ``phrases`` are read as they are). */
async function resolve(chunks, phrases = []) {
  const groups = chunks.flatMap(c => c.groups), asWritten = phrases.flatMap(c => c.groups)
  const buckets = await load(groups.concat(asWritten).flatMap(g => g.tokens))
  for (const group of groups.concat(asWritten))
    group.found = union(group.tokens.map(token => postings(buckets.get(shardOf(token)), token, group.prefix)), Math.max)
  /* A word the index does not have is split or corrected with the word list, maybe still on its way. */
  if (!surfaces && groups.some(g => !g.found.size && g.word)) await wordList().catch(() => {})
  const fixes = []
  for (const chunk of chunks) {
    chunk.groups = chunk.groups.flatMap(group => {
      if (group.found.size || !group.word) return [group]
      const parts = split(group.word)
      if (parts) {
        const made = parts.map(token => ({ tokens: [token], word: token }))
        fixes.push(...made)
        return made
      }
      const alternatives = corrections(group.word)
      if (alternatives.length) {
        group.tokens = alternatives
        group.corrected = true
        fixes.push(group)
      }
      return [group]
    })
  }
  if (fixes.length) {
    const more = await load(fixes.flatMap(g => g.tokens))
    for (const group of fixes) {
      const factor = group.corrected ? CORRECTED : 1
      group.found = union(group.tokens.map(token => {
        const flat = more.get(shardOf(token))[token]
        return Array.isArray(flat) ? decode(flat, factor) : NO_DOCS
      }), Math.max)
    }
  }
}

/* The sections of a page that have words of the query: section → {words (a Set), score}; the
   page's words and whether the query names it, as group() reads them. */
function sectionsOf(p, perWord, docWords, named) {
  const first = manifest.page_first_doc[p]
  const last = p + 1 < manifest.page_first_doc.length ? manifest.page_first_doc[p + 1] : manifest.docs
  const sections = new Map(), pageWords = new Map()
  for (let doc = first; doc < last; doc++) {
    if (!docWords[doc] && doc !== named) continue
    const section = { words: new Set(), score: 0 }
    perWord.forEach((word, c) => {
      const value = word.dense[doc]
      if (!value && !(docWords[doc] & (1 << c))) return  /* a section with a phrase has its words */
      section.words.add(c)
      section.score += value
      pageWords.set(c, Math.max(pageWords.get(c) || 0, value || 1))
    })
    if (doc === named) { perWord.forEach((_, c) => section.words.add(c)); section.score += NAME_BOOST }
    sections.set(doc - first, section)
  }
  if (named >= first && named < last) perWord.forEach((_, c) => pageWords.set(c, pageWords.get(c) || 1))
  return { sections, words: pageWords }
}

/* The docs that have one word (every group of it), each scored by tf-idf; also by doc (dense). */
function wordScores(chunk) {
  let docs = null, vals = null
  for (const group of chunk.groups) {
    const found = group.found || NO_DOCS
    const idf = Math.log(1 + manifest.docs / Math.max(1, found.size))
    if (docs === null) { docs = found.docs; vals = found.vals.map(v => v * idf); continue }
    const both = new Int32Array(Math.min(docs.length, found.size)), summed = new Float64Array(both.length)
    let i = 0, j = 0, k = 0
    while (i < docs.length && j < found.size) {
      if (docs[i] < found.docs[j]) i++
      else if (docs[i] > found.docs[j]) j++
      else { both[k] = docs[i]; summed[k++] = vals[i++] + idf * found.vals[j++] }
    }
    docs = both.subarray(0, k)
    vals = summed.subarray(0, k)
  }
  docs = docs || NO_DOCS.docs
  vals = vals || NO_DOCS.vals
  const dense = new Float64Array(manifest.docs)
  for (let i = 0; i < docs.length; i++) dense[docs[i]] = vals[i]
  return { docs, vals, dense }
}

/* Per page: which words it has (a bit each), the best section score of each, whether one
   section has them all, and how much of the query it holds: each word it has weighs by how rare
   the word is on the site (log(1 + pages / pages with it)), so that a word on every page counts
   little. The pages to show, best first: a term the query names; the pages with a chunk of the
   query as written (a phrase); the pages of notes before the listings (the indexes and tag pages,
   which repeat every title); then the pages with every word (those whose title has them all
   first), the most of the query, one section with every word, the score. Sections are worked
   out later, only for the pages shown. */
function rank(words, perWord, named, phrases) {
  /* The words of each phrase's chunk, a bit each. */
  const phraseBits = phrases.map(phrase => words.reduce((bits, w, c) => w.chunk === phrase.chunk ? bits | (1 << c) : bits, 0))
  const all = (1 << perWord.length) - 1
  const pageCount = manifest.page_first_doc.length
  const has = new Int32Array(pageCount), whole = new Uint8Array(pageCount), score = new Float64Array(pageCount)
  const share = new Float64Array(pageCount), phrased = new Uint8Array(pageCount)
  const docWords = new Int32Array(manifest.docs)  /* doc → the words it has, a bit each */
  perWord.forEach((word, c) => {
    const best = new Float64Array(pageCount), bit = 1 << c, found = []
    for (let i = 0; i < word.docs.length; i++) {
      const doc = word.docs[i], p = docPage[doc], value = word.vals[i]
      if (value > best[p]) best[p] = value
      if (!(has[p] & bit)) { has[p] |= bit; found.push(p) }
      docWords[doc] |= bit
    }
    const weight = Math.log(1 + pageCount / Math.max(1, found.length))
    for (const p of found) { score[p] += best[p]; share[p] += weight }
  })
  /* A section with a chunk as written has its words, whatever the index says of a lone kanji's
     stem (特徴 written, 特 asked for). */
  phrases.map(wordScores).forEach((phrase, k) => {
    const counted = new Uint8Array(pageCount), bits = phraseBits[k]
    for (const doc of phrase.docs) {
      const p = docPage[doc]
      docWords[doc] |= bits
      has[p] |= bits
      if (!counted[p]) { counted[p] = 1; phrased[p]++ }
    }
  })
  for (let doc = 0; doc < manifest.docs; doc++) if (docWords[doc] === all && all) whole[docPage[doc]] = 1
  let namedPage = -1
  if (typeof named === "number") {
    namedPage = docPage[named]
    has[namedPage] = all
    score[namedPage] += NAME_BOOST
  }
  const candidates = []
  for (let p = 0; p < pageCount; p++) if (has[p]) candidates.push(p)
  /* A page whose title has every word is about them: first among the pages with every word. */
  const titled = p => {
    /* the page's own entry (its title counted in) has them all, or the title cannot */
    if (has[p] !== all || !titles || docWords[manifest.page_first_doc[p]] !== all) return 0
    const own = new Set(tokens(titles[p][1]))
    return words.every(word => word.groups.every(g => g.tokens.some(t => own.has(t)))) ? 1 : 0
  }
  const shown = candidates
    .map(p => ({ p, named: p === namedPage ? 1 : 0, listing: listings[p], phrased: phrased[p], complete: has[p] === all ? 1 : 0,
                 titled: titled(p), share: share[p], whole: whole[p], score: score[p] }))
    .sort((a, b) => b.named - a.named || b.phrased - a.phrased || a.listing - b.listing || b.complete - a.complete ||
                    b.titled - a.titled || b.share - a.share || b.whole - a.whole || b.score - a.score || a.p - b.p)
    .slice(0, MAX_PAGES)
  return { shown, docWords }
}

async function search(query, post, current = () => true) {
  await ready()
  const { words, phrases } = analyze(query)
  if (!words.length) return post({ items: [], done: true })
  const nameKey = "=" + fold(query).replace(/\s+/g, "")
  /* A term's name (title, alias, reading) names its page: listed as soon as its shard is read, the
     other pages following when every word's shards are. */
  const byName = shard(shardOf(nameKey.slice(1))).then(bucket => {
    const doc = bucket[nameKey]
    if (typeof doc === "number" && titles && current()) {
      const [location, title] = titles[docPage[doc]]
      post({ items: [[{ location, title: escapeHTML(title), text: "", score: NAME_BOOST, terms: {} }]] })
    }
    return doc
  })
  /* The titles (asked for when the search box opens) tell which pages are about the words. */
  const [, named] = await Promise.all([resolve(words, phrases), byName, titlesLoading])

  const perWord = words.map(wordScores)
  const { shown, docWords } = rank(words, perWord, named, phrases)
  if (!shown.length) return post({ items: [], done: true })

  /* Every page file is asked for at once. With the titles at hand, the pages are listed at once;
     their sections and passages follow, the list growing as the first files come. */
  const listed = titles ? shown.map(r => {
    const [location, title] = titles[r.p]
    return [{ location, title: escapeHTML(title) + badge(!r.complete), text: "", score: r.score, terms: {} }]
  }) : []
  if (titles) {
    post({ items: listed })
    /* The page paints the list meanwhile: work and downloads done now would only slow it down, on
       a phone's few cores. A query typed since then needs none of it. */
    await new Promise(resolve => setTimeout(resolve, TITLES_FIRST))
    if (!current()) return
  }
  for (const r of shown) r.e = sectionsOf(r.p, perWord, docWords, named)
  const marks = matchers(words, phrases)
  const files = []
  const items = []
  for (const size of BATCHES) {
    const upto = Math.min(size, shown.length)
    if (upto <= items.length) continue
    while (files.length < upto) files.push(page(shown[files.length].p))
    const ready = await Promise.all(files.slice(items.length, upto))
    if (!current()) return
    ready.forEach(file => items.push(group(shown[items.length], file, marks, words)))
    /* The pages not ready yet keep their line, so the list never shrinks; done: it is complete. */
    post({ items: items.concat(listed.slice(items.length)), done: upto === shown.length })
    if (upto === shown.length) break
  }
}

/* The result group of one page: the page, then its best sections. */
function group(rank, file, marks, chunks) {
  const partial = !rank.complete
  const sections = file.sections
  const found = new Map()
  const list = [...rank.e.sections.entries()]
    .sort((a, b) => (b[1].words.size - a[1].words.size) || b[1].score - a[1].score)
    .slice(0, MAX_SECTIONS)
    .map(([s, info]) => {
      const [location, title, text] = sections[s]
      return { location, title: highlight(title, marks, found).html, text: snippet(text, marks, found),
               score: info.score, terms: null }
    })
  if (!list.some(item => !item.location.includes("#")))
    list.unshift({ location: sections[0][0], title: highlight(sections[0][1], marks, found).html, text: "", score: 0,
                   terms: null })
  else list.sort((a, b) => (a.location.includes("#") - b.location.includes("#")))
  /* The page's own line is always shown (Material shows a text only in some cases): the label goes there. */
  const top = list.find(item => !item.location.includes("#"))
  top.title += badge(partial)
  /* What Material highlights on the page: the words as the page writes them; the missing ones struck. */
  const terms = {}
  for (const surface of found.keys()) terms[surface] = true
  if (partial) chunks.forEach((chunk, c) => { if (!rank.e.words.has(c)) terms[chunk.typed || chunk.text] = false })
  for (const item of list) item.terms = terms
  return list
}

/* The mark of a page that has only some of the words. */
function badge(partial) {
  return partial ? ` <span class="search-partial">${PARTIAL[manifest.language] || PARTIAL.en}</span>` : ""
}

/* -- snippets and highlighting --------------------------------------------------------------- */

/* What to mark: the folded Japanese of each word and phrase (or its bigrams), and the tokens of
   Latin words. */
function matchers(chunks, phrases = []) {
  const japanese = [], latin = []
  for (const phrase of phrases) for (const run of phrase.text.match(JAPANESE) || []) japanese.push(run)
  for (const chunk of chunks) {
    for (const run of chunk.text.match(JAPANESE) || []) japanese.push(run)
    for (const group of chunk.groups) if (group.word !== undefined || group.corrected) latin.push(group)
  }
  return { japanese: japanese.sort((a, b) => b.length - a.length), latin }
}

/* One character as fold() sees it (before its rules between characters), remembered. */
const FOLDED_CHAR = new Map()
function foldChar(ch) {
  let folded = FOLDED_CHAR.get(ch)
  if (folded === undefined) FOLDED_CHAR.set(ch, folded = kana(ch.normalize("NFKC").toLowerCase()))
  return folded
}

const isKanaCode = c => c >= 0x3041 && c <= 0x309f
const isSpaceCode = c => c === 0x20 || c === 0x3000 || (c >= 0x09 && c <= 0x0d) || c === 0xa0
/* What KANA_SEPARATOR drops between kana, before or after NFKC (・ ･ - _ / ‐ and their full-width forms). */
const SEPARATOR_CODES = new Set([0x30fb, 0xff65, 0x2d, 0x5f, 0x2f, 0x2010, 0xff0d, 0xff3f, 0xff0f])
const isSeparatorCode = c => SEPARATOR_CODES.has(c) || isSpaceCode(c)

/* The folded text of ``text`` (as fold() makes it) with, for each of its UTF-16 units, the span
   of ``text`` it comes from: one pass, ASCII on a fast path. */
function foldMapped(text) {
  const n = text.length
  let out = []
  let starts = [], ends = []
  let previous = 0  /* the last character kept */
  for (let i = 0; i < n; ) {
    let code = text.charCodeAt(i), width = 1
    let piece
    if (code < 0x80) piece = code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : text[i]
    else {
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < n) width = 2
      /* Voiced sound marks compose with the kana before them (ﾃﾞ → デ). */
      while (i + width < n && /[\u3099\u309a\uff9e\uff9f]/.test(text[i + width])) width++
      piece = foldChar(text.substr(i, width))
    }
    for (let k = 0; k < piece.length; k++) {
      const c = piece.charCodeAt(k)
      if (c === 0x30fc && isKanaCode(previous)) continue                    /* ー after kana */
      if (isSeparatorCode(c) && isKanaCode(previous)) {                       /* a separator between kana */
        let j = i + width
        while (j < n && isSeparatorCode(text.charCodeAt(j))) j++
        if (j < n && isKanaCode(foldChar(text[j]).charCodeAt(0))) continue
      }
      out.push(piece[k]); starts.push(i); ends.push(i + width)
      previous = c
    }
    i += width
  }
  let folded = out.join("")
  if (variants) {
    if (folded.search(variants.pattern) >= 0) {
      const s2 = [], e2 = []
      let text2 = "", last = 0
      for (const m of folded.matchAll(variants.pattern)) {
        for (let k = last; k < m.index; k++) { s2.push(starts[k]); e2.push(ends[k]) }
        const kept = variants.kept.get(m[0])
        for (let k = 0; k < kept.length; k++) { s2.push(starts[m.index]); e2.push(ends[m.index + m[0].length - 1]) }
        text2 += folded.slice(last, m.index) + kept
        last = m.index + m[0].length
      }
      for (let k = last; k < folded.length; k++) { s2.push(starts[k]); e2.push(ends[k]) }
      folded = text2 + folded.slice(last)
      starts = s2; ends = e2
    }
  }
  if (folded.search(OKURIGANA) >= 0) {
    const dropped = new Set(Array.from(folded.matchAll(OKURIGANA), m => m.index))
    starts = starts.filter((_, k) => !dropped.has(k))
    ends = ends.filter((_, k) => !dropped.has(k))
    folded = folded.replace(OKURIGANA, "")
  }
  return { folded, starts, ends }
}

/* The spans of ``text`` that match; their surfaces are recorded in ``found``. */
function spans(text, marks, found) {
  const { folded, starts, ends } = foldMapped(text)
  const out = []
  const add = (a, b) => {
    const span = [starts[a], ends[b - 1]]
    out.push(span)
    found.set(text.slice(span[0], span[1]), true)
  }
  /* A lone kanji asked for (a stem: 小 of 小さくなる) is marked where it stands alone, not in 最小. */
  const alone = (at, run) => run.length > 1 || !KANJI_CHAR.test(run) ||
    !(KANJI_CHAR.test(folded[at - 1] || "") || KANJI_CHAR.test(folded[at + 1] || ""))
  for (const run of marks.japanese) {
    let at = folded.indexOf(run), hit = false
    while (at >= 0) {
      if (alone(at, run)) { add(at, at + run.length); hit = true }
      at = folded.indexOf(run, at + run.length)
    }
    if (!hit && run.length > 1) for (const pair of bigrams(run)) {
      let b = folded.indexOf(pair)
      while (b >= 0) { add(b, b + pair.length); b = folded.indexOf(pair, b + pair.length) }
    }
  }
  if (marks.latin.length)
    /* Japanese blanked out (same length, so offsets hold): GPUを使う has the word gpu. */
    for (const m of folded.replace(JAPANESE, run => " ".repeat(run.length)).matchAll(WORD)) {
      const token = stem(m[0])
      if (marks.latin.some(g => g.tokens.includes(token) || g.tokens.includes(m[0]) || (g.prefix && m[0].startsWith(g.tokens[0]))))
        add(m.index, m.index + m[0].length)
    }
  out.sort((a, b) => a[0] - b[0] || b[1] - a[1])
  const merged = []
  for (const span of out)
    if (merged.length && span[0] <= merged[merged.length - 1][1]) merged[merged.length - 1][1] = Math.max(merged[merged.length - 1][1], span[1])
    else merged.push(span.slice())
  return merged
}

function escapeHTML(text) {
  return text.replace(/[&<>"]/g, ch => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;" })[ch])
}

function marked(text, spans, from = 0, to = text.length) {
  let out = "", at = from
  for (const [a, b] of spans) {
    if (b <= from || a >= to) continue
    const s = Math.max(a, from), e = Math.min(b, to)
    out += escapeHTML(text.slice(at, s)) + `<mark data-md-highlight>${escapeHTML(text.slice(s, e))}</mark>`
    at = e
  }
  return out + escapeHTML(text.slice(at, to))
}

function highlight(text, marks, found) {
  const list = spans(text, marks, found)
  return { html: marked(text, list), spans: list }
}

/* The passage around the first match, matches marked; the section's start if nothing matches. */
function snippet(text, marks, found) {
  if (!text) return ""
  const list = spans(text, marks, found)
  const first = list.length ? list[0][0] : 0
  let from = Math.max(0, first - SNIPPET_BEFORE)
  if (from > 0) { const space = text.lastIndexOf(" ", first); if (space > from - 10 && space < first) from = space + 1 }
  let to = Math.min(text.length, from + SNIPPET_LENGTH)
  const low = i => i > 0 && i < text.length && /[\udc00-\udfff]/.test(text[i])  /* inside a surrogate pair */
  if (low(from)) from--
  if (low(to)) to++
  return (from > 0 ? "… " : "") + marked(text, list, from, to) + (to < text.length ? " …" : "")
}

/* While the page is idle, the hot paths run once on made-up data, so that a reader's first query
   runs compiled code rather than the interpreter (a fresh worker is started with every page). */
function warmUp() {
  const docs = Math.min(manifest.docs, 4000)
  const flat = []
  for (let i = 0; i < docs; i += 3) flat.push(i ? 3 : 0, 1 + (i % 5))
  const bucket = { "ab": flat, "abc": flat }
  const group = { tokens: ["ab"], found: postings(bucket, "ab", true) }
  const words = [{ groups: [group], chunk: 0 }, { groups: [group, group], chunk: 0 }]
  const perWord = words.map(wordScores)
  const { shown, docWords } = rank(words, perWord, 0, [words[0]])
  for (const r of shown.slice(0, 3)) sectionsOf(r.p, perWord, docWords, 0)
  const text = "ワンホット・エンコーディング（One-Hot Encoding）とは、カテゴリデータを 0 と 1 に変換する手法。".repeat(20)
  const asked = analyze("わんほっと encoding カテゴリを数値に変換したい")
  const marks = matchers(asked.words, asked.phrases)
  for (let i = 0; i < 3; i++) snippet(text, marks, new Map())
  escapeHTML(text)
}

/* -- the protocol ------------------------------------------------------------------------------ */

addEventListener("message", async ev => {
  const message = ev.data
  if (message.type === 0) {
    postMessage({ type: 1 })
    ready().then(warmUp).then(wordList).catch(() => {})
    return
  }
  if (message.type === 2) {
    /* Material asks once the search box is opened (an empty query): time to read the titles. */
    if (!titlesLoading) titlesLoading = ready().then(() => json("titles.json")).then(list => { titles = list }).catch(() => {})
    const id = ++latest
    try {
      await search(message.data, data => { if (id === latest) postMessage({ type: 3, data }) }, () => id === latest)
    } catch (err) {
      console.warn("search failed:", err)
      if (id === latest) postMessage({ type: 3, data: { items: [], done: true } })
    }
  }
})
