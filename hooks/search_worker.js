// Search worker of PyTorch Notes: Material's own worker, with the Chinese query split into
// the words the index holds. hooks/search_worker.py writes this file into the built site as
// assets/javascripts/workers/search-i18n.js, with MATERIAL_WORKER replaced by the file name
// of the theme's worker, and points every page's search at it.
//
// Why: the theme splits a Chinese query against its index but never tries the whole run
// (Material 9.x, integrations/search/query/segment), so 张量 is searched as 张*, which
// also matches the 张 of 这张表. Here each run is cut into the longest words of the index
// (greedy, left to right); each word gets a trailing 〇 (U+3007, a Han character that no
// index word contains), so the theme's splitter sees the whole word and keeps it whole.
//
// Latin terms: the theme appends * to every term, and Lunr skips its pipeline (the stemmer)
// for such terms, so in the zh index (which stems English) "glossary*" misses the stem
// "glossari". Each Latin term is kept and also sent as term^1 (a boost keeps the theme from
// adding *): Lunr stems that one where the index is stemmed, and in the unstemmed en index an
// exact word scores on top of its prefix matches. Stop words of a longer query are dropped:
// "by*" and "an*" match every page and drown the words a pasted error message is about.
"use strict"

const MATERIAL_WORKER = "__MATERIAL_WORKER__"
const HAN = /\p{sc=Han}+/gu
const END = "\u3007"
const LONGEST = 8
const SETUP = 0
const QUERY = 2
let words = new Set()

function indexWords(data) {
  const separator = new RegExp(data.config.separator, "u")
  const found = new Set()
  for (const doc of data.docs)
    for (const part of `${doc.title} ${doc.text}`.replace(/<[^>]*>/g, " ").split(separator))
      if (/\p{sc=Han}/u.test(part))
        found.add(part.toLowerCase())
  return found
}

function splitRun(run) {
  const out = []
  for (let i = 0; i < run.length;) {
    let size = Math.min(LONGEST, run.length - i)
    while (size > 1 && !words.has(run.slice(i, i + size)))
      size--
    const word = run.slice(i, i + size)
    out.push(words.has(word) ? word + END : word)
    i += size
  }
  return out.join(" ")
}

const LATIN = /^[a-z][a-z0-9_.]*$/i

function isStopWord(term) {
  return Boolean(self.lunr && self.lunr.stopWordFilter) && !self.lunr.stopWordFilter(term)
}

function latinTerms(query) {
  const terms = query.split(/\s+/).filter(Boolean)
  const kept = terms.filter(term => !(LATIN.test(term) && isStopWord(term.toLowerCase())))
  return (kept.length ? kept : terms)
    .map(term => LATIN.test(term) && !term.includes(".") ? `${term} ${term}^1` : term)
    .join(" ")
}

addEventListener("message", ev => {
  const message = ev.data
  if (message.type === SETUP)
    words = indexWords(message.data)
  else if (message.type === QUERY && typeof message.data === "string")
    message.data = latinTerms(message.data.replace(HAN, run => ` ${splitRun(run)} `).trim())
})

// Inside a real worker, this file's URL is self.location; under the iframe-worker shim
// (pages opened from file://) the worker runs in an iframe whose first script is this file.
const here = typeof document === "undefined"
  ? self.location.href
  : document.querySelector("script[src]").src
importScripts(new URL(MATERIAL_WORKER, here).href)
