/* Gazette site search (issue 28). Reads the static index under /search/
 * (docs/search.md): meta.json, then one term shard per word (t/N.json) and
 * the document chunks of the results shown (d/N.json). No server code, no
 * external resources. `tokens()` follows src/render/search/tokenize.rs rule
 * for rule: change both together (tests/browser_search.rs compares them). */
(function () {
  "use strict";

  var MAX_CHARS = 40;
  var PAGE = 10;
  var WORD = /[\p{Alphabetic}\p{N}\u0300-\u036f]+/gu;
  var ACCENTS = /[\u0300-\u036f]/g;

  /* Han, Hiragana, Katakana: the same ranges as tokenize::is_cjk. */
  function isCjk(ch) {
    var c = ch.codePointAt(0);
    return (c >= 0x3040 && c <= 0x30ff) || (c >= 0x31f0 && c <= 0x31ff) ||
      (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) ||
      (c >= 0xf900 && c <= 0xfaff) || (c >= 0x20000 && c <= 0x2ffff);
  }

  /* Rule 2: lowercase; non-ASCII words lose their accents. */
  function fold(word) {
    var lower = word.toLowerCase();
    if (/^[\x00-\x7f]*$/.test(word)) return lower;
    return lower.normalize("NFD").replace(ACCENTS, "").normalize("NFC");
  }

  /* The tokens of `text`; `index` true for the index's rules (characters
   * and bigrams of CJK runs), false for a query's (bigrams, or the one
   * character). */
  function tokens(text, index) {
    var out = [];
    var words = String(text).match(WORD) || [];
    words.forEach(function (word) {
      var chars = Array.from(fold(word));
      var k = 0;
      while (k < chars.length) {
        var cjk = isCjk(chars[k]);
        var end = k;
        while (end < chars.length && isCjk(chars[end]) === cjk) end++;
        var run = chars.slice(k, end);
        if (cjk) {
          if (index || run.length === 1) run.forEach(function (c) { out.push(c); });
          for (var i = 0; i + 1 < run.length; i++) out.push(run[i] + run[i + 1]);
        } else if (run.length >= 2 && run.length <= MAX_CHARS) {
          out.push(run.join(""));
        }
        k = end;
      }
    });
    return out;
  }

  /* FNV-1a over UTF-8, as search::shard_of. */
  function shardOf(token, shards) {
    var bytes = new TextEncoder().encode(token);
    var h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      h ^= bytes[i];
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h & (shards - 1);
  }

  window.gazetteSearchTokens = tokens;
  window.gazetteSearchShard = shardOf;

  var root = document.querySelector("[data-search-index]");
  if (!root) return;
  var base = root.getAttribute("data-search-index");
  var form = root.querySelector(".search__form");
  var input = form.querySelector("input[name=q]");
  var status = root.querySelector(".search__status");
  var list = root.querySelector(".search-results");
  var more = root.querySelector(".search__more");
  var filterNames = ["section", "author", "tag", "year"];
  var files = {};
  var meta = null;
  var results = [];
  var shown = 0;
  var queryTokens = [];
  /* Messages in the page's language, from the page (search.html's data-msg-*
   * attributes, filled from the theme's translation files); `{query}`,
   * `{count}` and `{error}` are filled here, and the plural form of the
   * result count is chosen by the language's rules (Intl.PluralRules). */
  var lang = document.documentElement.lang || "en";
  var plural = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang) : null;
  function msg(name, values) {
    var text = root.getAttribute("data-msg-" + name) || "";
    Object.keys(values || {}).forEach(function (k) { text = text.split("{" + k + "}").join(values[k]); });
    return text;
  }
  function resultsMsg(n, q) {
    var form = plural ? plural.select(n) : (n === 1 ? "one" : "other");
    var name = root.hasAttribute("data-msg-results-" + form) ? "results-" + form : "results-other";
    return msg(name, { count: n.toLocaleString(lang), query: q });
  }
  var run = 0;

  function fetchJson(path) {
    if (!files[path]) {
      files[path] = fetch(base + path).then(function (r) {
        if (!r.ok) throw new Error(path + ": " + r.status);
        return r.json();
      });
      files[path].catch(function () { delete files[path]; });
    }
    return files[path];
  }

  /* Postings of one token: Map id -> weight (0 to 3). */
  function postings(token) {
    return fetchJson("t/" + shardOf(token, meta.shards) + ".json").then(function (shard) {
      var map = new Map();
      var list = Object.prototype.hasOwnProperty.call(shard, token) ? shard[token] : [];
      if (typeof list === "string") {
        /* Dense: a bitmap of every id (high bit first), then the weights of
         * the ids present, two bits each, four to a byte. */
        var bytes = atob(list);
        var bitmap = Math.ceil(meta.docs / 8);
        var k = 0;
        for (var b = 0; b < bitmap; b++) {
          var v = bytes.charCodeAt(b);
          for (var bit = 0; v && bit < 8; bit++) {
            if (v & (0x80 >> bit)) {
              map.set(8 * b + bit, (bytes.charCodeAt(bitmap + (k >> 2)) >> (6 - 2 * (k & 3))) & 3);
              k++;
            }
          }
        }
        return map;
      }
      var id = 0;
      for (var i = 0; i < list.length; i++) {
        id += list[i] >> 2;
        map.set(id, list[i] & 3);
      }
      return map;
    });
  }

  function fillFilters(params) {
    filterNames.forEach(function (name) {
      var select = form.querySelector("select[data-filter=" + name + "]");
      var entries = meta.filters[name] || [];
      var wanted = params.get(name) || "";
      entries.forEach(function (f) {
        var value = f[0].slice(2);
        var option = new Option(f[1] + " (" + f[2] + ")", value);
        select.appendChild(option);
      });
      if (wanted && !entries.some(function (f) { return f[0].slice(2) === wanted; })) {
        select.appendChild(new Option(wanted, wanted));
      }
      select.value = wanted;
      select.closest("label").hidden = entries.length === 0 && !wanted;
    });
    form.querySelector("select[name=sort]").value =
      params.get("sort") === "newest" ? "newest" : "relevance";
  }

  function state() {
    var params = new URLSearchParams();
    if (input.value.trim()) params.set("q", input.value.trim());
    filterNames.forEach(function (name) {
      var v = form.querySelector("select[data-filter=" + name + "]").value;
      if (v) params.set(name, v);
    });
    if (form.querySelector("select[name=sort]").value === "newest") params.set("sort", "newest");
    return params;
  }

  function search(params) {
    var mine = ++run;
    var started = performance.now();
    var q = params.get("q") || "";
    queryTokens = Array.from(new Set(tokens(q, false)));
    var filters = filterNames
      .filter(function (n) { return params.get(n); })
      .map(function (n) { return n[0] + ":" + params.get(n); });
    list.replaceChildren();
    more.hidden = true;
    if (!queryTokens.length) {
      status.textContent = q ? msg("too-short") : "";
      return Promise.resolve();
    }
    status.textContent = msg("searching");
    return Promise.all(queryTokens.concat(filters).map(postings)).then(function (maps) {
      if (mine !== run) return;
      var words = maps.slice(0, queryTokens.length);
      var smallest = maps.slice().sort(function (a, b) { return a.size - b.size; })[0];
      var idf = words.map(function (m) { return Math.log(1 + meta.docs / Math.max(1, m.size)); });
      results = [];
      smallest.forEach(function (_, id) {
        var score = 0;
        for (var i = 0; i < maps.length; i++) {
          if (!maps[i].has(id)) return;
          if (i < words.length) score += idf[i] * (1 + maps[i].get(id));
        }
        results.push({ id: id, score: score });
      });
      var newest = params.get("sort") === "newest";
      results.sort(function (a, b) {
        return newest ? b.id - a.id : (b.score - a.score) || (b.id - a.id);
      });
      shown = 0;
      return showMore().then(function () {
        if (mine !== run) return;
        var ms = performance.now() - started;
        list.setAttribute("data-ms", ms.toFixed(1));
        var n = results.length;
        status.textContent = n === 0 ? msg("no-results", { query: q }) : resultsMsg(n, q);
      });
    }).catch(function (e) {
      if (mine === run) status.textContent = msg("unavailable", { error: e.message });
    });
  }

  function showMore() {
    var page = results.slice(shown, shown + PAGE);
    var chunks = Array.from(new Set(page.map(function (r) { return Math.floor(r.id / meta.chunk); })));
    return Promise.all(chunks.map(function (c) { return fetchJson("d/" + c + ".json"); })).then(function (loaded) {
      var byChunk = new Map();
      chunks.forEach(function (c, i) { byChunk.set(c, loaded[i]); });
      var first = null;
      page.forEach(function (r) {
        var doc = byChunk.get(Math.floor(r.id / meta.chunk))[r.id % meta.chunk];
        var li = card(doc);
        list.appendChild(li);
        if (!first) first = li;
      });
      shown += page.length;
      more.hidden = shown >= results.length;
      return first;
    });
  }

  /* One result: a link with the title, then date, section and snippet. */
  function card(doc) {
    var li = document.createElement("li");
    li.className = "search-result";
    var a = document.createElement("a");
    a.className = "search-result__link";
    a.href = doc[0];
    var h = document.createElement("h2");
    h.className = "search-result__title";
    highlight(h, doc[1]);
    a.appendChild(h);
    li.appendChild(a);
    if (doc[2] || doc[3]) {
      var p = document.createElement("p");
      p.className = "search-result__meta";
      if (doc[2]) {
        var time = document.createElement("time");
        time.dateTime = doc[2];
        time.textContent = doc[2];
        p.appendChild(time);
      }
      if (doc[2] && doc[3]) p.appendChild(document.createTextNode(" · "));
      if (doc[3]) p.appendChild(document.createTextNode(doc[3]));
      li.appendChild(p);
    }
    var s = document.createElement("p");
    s.className = "search-result__snippet";
    highlight(s, doc[4]);
    li.appendChild(s);
    return li;
  }

  /* Appends `text` to `el`, each word with a token of the query in <mark>;
   * in Chinese and Japanese runs, the matched characters. */
  function highlight(el, text) {
    var wanted = new Set(queryTokens);
    var last = 0;
    String(text).replace(WORD, function (word, at) {
      el.appendChild(document.createTextNode(text.slice(last, at)));
      last = at + word.length;
      var chars = Array.from(word);
      var folded = chars.map(function (c) { return fold(c); });
      var marked = chars.map(function () { return false; });
      if (chars.some(isCjk)) {
        for (var i = 0; i < chars.length; i++) {
          if (wanted.has(folded[i])) marked[i] = true;
          if (i + 1 < chars.length && wanted.has(folded[i] + folded[i + 1])) marked[i] = marked[i + 1] = true;
        }
      } else if (tokens(word, true).some(function (t) { return wanted.has(t); })) {
        marked = marked.map(function () { return true; });
      }
      var k = 0;
      while (k < chars.length) {
        var end = k;
        while (end < chars.length && marked[end] === marked[k]) end++;
        var piece = chars.slice(k, end).join("");
        if (marked[k]) {
          var m = document.createElement("mark");
          m.textContent = piece;
          el.appendChild(m);
        } else {
          el.appendChild(document.createTextNode(piece));
        }
        k = end;
      }
      return word;
    });
    el.appendChild(document.createTextNode(text.slice(last)));
  }

  function go(push) {
    var params = state();
    var url = location.pathname + (params.toString() ? "?" + params : "");
    if (push) history.pushState(null, "", url);
    else history.replaceState(null, "", url);
    return search(params);
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    go(true);
  });
  form.addEventListener("change", function (e) {
    if (e.target.tagName === "SELECT") go(false);
  });
  more.querySelector("button").addEventListener("click", function () {
    showMore().then(function (first) { if (first) first.querySelector("a").focus(); });
  });
  /* Arrow keys move between the box and the results; Escape goes back. */
  root.addEventListener("keydown", function (e) {
    var links = Array.from(list.querySelectorAll("a"));
    var at = links.indexOf(document.activeElement);
    if (e.key === "ArrowDown" && (document.activeElement === input || at >= 0)) {
      if (at + 1 < links.length) links[at + 1].focus();
      e.preventDefault();
    } else if (e.key === "ArrowUp" && at >= 0) {
      (at === 0 ? input : links[at - 1]).focus();
      e.preventDefault();
    } else if (e.key === "Escape" && at >= 0) {
      input.focus();
    }
  });
  window.addEventListener("popstate", function () { load(); });

  function load() {
    var params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    return fetchJson("meta.json").then(function (m) {
      if (m.version !== 2) throw new Error("unknown index version");
      if (!meta) {
        meta = m;
        fillFilters(params);
      } else {
        filterNames.forEach(function (n) {
          form.querySelector("select[data-filter=" + n + "]").value = params.get(n) || "";
        });
      }
      return search(params);
    }).catch(function (e) {
      status.textContent = msg("unavailable", { error: e.message });
    });
  }

  window.gazetteSearch = { ready: load() };
  if (!input.value) input.focus();
})();
