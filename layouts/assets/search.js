// Site search: loaded only by the search page; it reads the static index
// that the build writes under search/<lang>/ (see internal/search), only
// when the visitor focuses the box or arrives with ?q=. No framework, no
// request to any other host. The tokenizer, matching and ranking mirror
// internal/search (Go) exactly: tokenize_node_test.go runs both on the same
// cases and compares results on the built site.
(function (root) {
  "use strict";

  // ---- Normalisation and tokenizer (internal/search/tokenize.go) ----

  var reSpace = /^[\p{Z}\p{Cc}]$/u;
  var reCJK = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}]$/u;
  var reLetter = /^[\p{L}\p{M}]$/u;
  var reDigit = /^\p{Nd}$/u;
  var reFormat = /^\p{Cf}$/u;

  var SPACE = 0, CJK = 1, LETTER = 2, DIGIT = 3, OTHER = 4;
  var classes = new Map();
  function classOf(c) {
    var k = classes.get(c);
    if (k !== undefined) return k;
    var s = String.fromCodePoint(c);
    if (reSpace.test(s)) k = SPACE;
    else if (reCJK.test(s) || c === 0x30fc || (c >= 0x3005 && c <= 0x3007) || (c >= 0x20000 && c <= 0x3ffff)) k = CJK;
    else if (reLetter.test(s)) k = LETTER;
    else if (reDigit.test(s)) k = DIGIT;
    else k = OTHER;
    classes.set(c, k);
    return k;
  }

  function ignorable(c) {
    return reFormat.test(String.fromCodePoint(c)) || (c >= 0xfe00 && c <= 0xfe0f) || (c >= 0xe0100 && c <= 0xe01ef);
  }

  // The simple lowercase mapping: a character whose full lowercase is
  // several code points (U+0130) stays as it is, as in Go.
  function lower(c) {
    var l = String.fromCodePoint(c).toLowerCase();
    var lc = l.codePointAt(0);
    return l.length === (lc > 0xffff ? 2 : 1) ? lc : c;
  }

  // fold normalises s code point by code point; start/end are the UTF-16
  // offsets of the original character each normalised one comes from.
  function fold(s) {
    var cps = [], starts = [], ends = [];
    for (var i = 0; i < s.length; ) {
      var cp = s.codePointAt(i), size = cp > 0xffff ? 2 : 1;
      var n = String.fromCodePoint(cp).normalize("NFKC");
      for (var j = 0; j < n.length; ) {
        var c = n.codePointAt(j);
        j += c > 0xffff ? 2 : 1;
        if (ignorable(c)) continue;
        cps.push(lower(c));
        starts.push(i);
        ends.push(i + size);
      }
      i += size;
    }
    return { cps: cps, starts: starts, ends: ends };
  }

  function numberEnd(cps, i, j) {
    var firstComma = -1, group = 0, dot = false, valid = true;
    for (var k = i; k < j; k++) {
      if (cps[k] === 44) {
        if (firstComma < 0) {
          firstComma = k;
          valid = valid && group >= 1 && group <= 3;
        } else {
          valid = valid && group === 3;
        }
        if (dot) valid = false;
        group = 0;
      } else if (cps[k] === 46) {
        if (firstComma >= 0 && !dot) valid = valid && group === 3;
        dot = true;
        group = 0;
      } else {
        group++;
      }
    }
    if (firstComma < 0) return j;
    if (!dot) valid = valid && group === 3;
    return valid ? j : firstComma;
  }

  // tokenize returns units {k: kind, v: key, s: start, e: end} (UTF-16
  // offsets in s).
  function tokenize(s) {
    var f = fold(s), cps = f.cps, out = [];
    for (var i = 0; i < cps.length; ) {
      var c = cps[i], cl = classOf(c);
      if (cl === SPACE) {
        i++;
      } else if (cl === CJK) {
        out.push({ k: "c", v: String.fromCodePoint(c), s: f.starts[i], e: f.ends[i] });
        i++;
      } else if (cl === LETTER || cl === DIGIT) {
        var j = i, letters = false;
        while (j < cps.length) {
          var d = cps[j], dl = classOf(d);
          if (dl === CJK) break;
          if (dl === LETTER) { letters = true; j++; continue; }
          if (dl === DIGIT) { j++; continue; }
          if ((d === 46 || d === 44) && classOf(cps[j - 1]) === DIGIT && j + 1 < cps.length && classOf(cps[j + 1]) === DIGIT) { j++; continue; }
          break;
        }
        var kind = "w";
        if (!letters) {
          kind = "n";
          j = numberEnd(cps, i, j);
        }
        var key = "";
        for (var k = i; k < j; k++) {
          if (kind === "n" && cps[k] === 44) continue;
          key += String.fromCodePoint(cps[k]);
        }
        out.push({ k: kind, v: key, s: f.starts[i], e: f.ends[j - 1] });
        i = j;
      } else {
        out.push({ k: "s", v: String.fromCodePoint(c), s: f.starts[i], e: f.ends[i] });
        i++;
      }
    }
    return out;
  }

  // ---- Queries, matching and ranking (internal/search/query.go) ----

  function cpLen(s) {
    var n = 0;
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c < 0xdc00 || c > 0xdfff) n++;
    }
    return n;
  }

  function parseQuery(q) {
    var terms = [];
    q.split(/[\p{Z}\p{Cc}]+/u).forEach(function (t) {
      if (t === "") return;
      var units = tokenize(t);
      if (units.length) terms.push(units);
    });
    var phrase = null;
    if (terms.length > 1) phrase = [].concat.apply([], terms);
    return { terms: terms, phrase: phrase };
  }

  function isPrefixUnit(t, i) {
    return i === t.length - 1 && t[i].k === "w" && cpLen(t[i].v) >= 2;
  }

  function queryKeys(q) {
    var keys = [], seen = {};
    q.terms.forEach(function (t) {
      t.forEach(function (u, i) {
        var key = null;
        if (u.k === "w") key = { key: u.v, prefix: isPrefixUnit(t, i) };
        else if (u.k === "n") key = { key: u.v, prefix: false };
        else if (u.k === "c" && i + 1 < t.length && t[i + 1].k === "c") key = { key: u.v + t[i + 1].v, prefix: false };
        if (key) {
          var id = (key.prefix ? "p:" : "e:") + key.key;
          if (!seen[id]) {
            seen[id] = true;
            keys.push(key);
          }
        }
      });
    });
    return keys;
  }

  function matchAt(text, term, p) {
    for (var i = 0; i < term.length; i++) {
      var u = text[p + i], t = term[i];
      if (u.k !== t.k) return false;
      if (isPrefixUnit(term, i)) {
        if (u.v.slice(0, t.v.length) !== t.v) return false;
      } else if (u.v !== t.v) {
        return false;
      }
    }
    return true;
  }

  function matches(text, term) {
    var out = [];
    for (var p = 0; p + term.length <= text.length; ) {
      if (matchAt(text, term, p)) {
        out.push([p, p + term.length]);
        p += term.length;
      } else {
        p++;
      }
    }
    return out;
  }

  function score(q, kind, text, lead) {
    if (!q.terms.length) return { score: 0, spans: [] };
    var all = [], inLead = false;
    for (var i = 0; i < q.terms.length; i++) {
      var m = matches(text, q.terms[i]);
      if (!m.length) return { score: 0, spans: [] };
      for (var j = 0; j < m.length; j++) {
        if (m[j][0] < lead) inLead = true;
        all.push(m[j]);
      }
    }
    var s = 0;
    if (kind === "h") s = 300;
    else if (kind === "i") s = 200;
    else if (kind === "l" && inLead) s = 100;
    if (q.phrase && matches(text, q.phrase).length) s += 50;
    return { score: s + 1 + Math.min(all.length, 10), spans: all };
  }

  function marks(units, spans) {
    var rs = spans.map(function (sp) { return [units[sp[0]].s, units[sp[1] - 1].e]; });
    rs.sort(function (a, b) { return a[0] - b[0]; });
    var out = [];
    rs.forEach(function (r) {
      var last = out[out.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else out.push([r[0], r[1]]);
    });
    return out;
  }

  // ---- The index (internal/search/index.go, engine.go) ----

  var MAX_CHUNKS = 24;
  var RANK = "xhilp";

  function shardOf(key, shards) {
    var h = 2166136261, n = 0;
    for (var i = 0; i < key.length && n < 2; n++) {
      var c = key.codePointAt(i);
      i += c > 0xffff ? 2 : 1;
      h = Math.imul((h ^ c) >>> 0, 16777619) >>> 0;
    }
    return h % shards;
  }

  // Engine searches an index; load(name) returns a promise of a file's data.
  function Engine(load) {
    this.load = load;
    this.manifest = null;
    this.starts = [];
  }

  Engine.prototype.open = function () {
    var self = this;
    if (!self.opening) {
      self.opening = self.load("index").then(function (m) {
        self.manifest = m;
        var n = 0;
        m.chunks.forEach(function (c) {
          self.starts.push(n);
          n += c.n;
        });
        return self;
      });
    }
    return self.opening;
  };

  Engine.prototype.chunkOf = function (doc) {
    var lo = 0, hi = this.starts.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= doc) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };

  Engine.prototype.kind = function (doc) {
    var c = this.chunkOf(doc);
    return this.manifest.chunks[c].k.charAt(doc - this.starts[c]);
  };

  Engine.prototype.lookup = function (key) {
    return this.load("s/" + shardOf(key.key, this.manifest.shards)).then(function (shard) {
      var lists = [];
      if (key.prefix) {
        Object.keys(shard).forEach(function (k) {
          if (k.slice(0, key.key.length) === key.key) lists.push(shard[k]);
        });
      } else if (Object.prototype.hasOwnProperty.call(shard, key.key)) {
        lists.push(shard[key.key]);
      }
      var set = new Set();
      lists.forEach(function (deltas) {
        var d = 0;
        deltas.forEach(function (x) {
          d += x;
          set.add(d);
        });
      });
      return set;
    });
  };

  Engine.prototype.search = function (text) {
    var self = this, q = parseQuery(text), keys = queryKeys(q);
    var res = { short: false, truncated: false, indicators: [], texts: [] };
    if (!keys.length) {
      res.short = true;
      return Promise.resolve(res);
    }
    return self.open().then(function () {
      return Promise.all(keys.map(function (k) { return self.lookup(k); }));
    }).then(function (sets) {
      var cand = null;
      sets.forEach(function (set) {
        if (cand === null) {
          cand = Array.from(set);
        } else {
          cand = cand.filter(function (d) { return set.has(d); });
        }
      });
      cand.sort(function (a, b) {
        var ra = RANK.indexOf(self.kind(a)), rb = RANK.indexOf(self.kind(b));
        return ra !== rb ? ra - rb : a - b;
      });
      var chunks = [], picked = {};
      for (var i = 0; i < cand.length; i++) {
        var c = self.chunkOf(cand[i]);
        if (!picked[c]) {
          if (chunks.length === MAX_CHUNKS) {
            res.truncated = true;
            break;
          }
          picked[c] = true;
          chunks.push(c);
        }
      }
      return Promise.all(chunks.map(function (c) {
        return self.load(self.manifest.chunks[c].f);
      })).then(function (loaded) {
        var data = {};
        chunks.forEach(function (c, i) { data[c] = loaded[i]; });
        cand.sort(function (a, b) { return a - b; });
        cand.forEach(function (d) {
          var c = self.chunkOf(d);
          if (!picked[c]) return;
          var ch = data[c], e = ch.d[d - self.starts[c]];
          var r = {
            doc: d, kind: self.kind(d), report: ch.r, url: ch.u + e[0], title: ch.t,
            text: e[1], lead: e[2], note: e.length > 3 ? e[3] : ""
          };
          var units = tokenize(r.text), lead = 0;
          if (r.kind !== "x") {
            while (lead < units.length && units[lead].e <= r.lead) lead++;
          }
          var sc = score(q, r.kind, units, lead);
          if (!sc.score) return;
          r.score = sc.score;
          r.marks = marks(units, sc.spans);
          (r.kind === "x" ? res.indicators : res.texts).push(r);
        });
        var byScore = function (a, b) { return b.score - a.score || a.doc - b.doc; };
        res.indicators.sort(byScore);
        res.texts.sort(byScore);
        return res;
      });
    });
  };

  var api = {
    fold: fold, tokenize: tokenize, parseQuery: parseQuery, queryKeys: queryKeys,
    matches: matches, score: score, shardOf: shardOf, Engine: Engine
  };
  if (typeof module === "object" && module.exports) {
    module.exports = api;
  }
  if (typeof document === "undefined") return;

  // ---- The search page ----

  // Index files are scripts that call reportsiteSearchData(name, data):
  // unlike fetch(), script elements also load from file:// pages.
  var pending = {};
  root.reportsiteSearchData = function (name, data) {
    var p = pending[name];
    if (p) {
      delete pending[name];
      p(data);
    }
  };

  function scriptLoader(base) {
    var cache = {}, version = "";
    return function (name) {
      if (!cache[name]) {
        cache[name] = new Promise(function (resolve, reject) {
          pending[name] = function (data) {
            if (name === "index") version = data.hash;
            resolve(data);
          };
          var s = document.createElement("script");
          s.src = base + name + ".js" + (version ? "?v=" + version : "");
          s.onload = function () { s.remove(); };
          s.onerror = function () {
            s.remove();
            delete cache[name];
            delete pending[name];
            reject(new Error("cannot load " + s.src));
          };
          document.head.appendChild(s);
        });
      }
      return cache[name];
    };
  }

  var form = document.querySelector("form[data-search-index]");
  if (!form) return;
  var input = form.querySelector("input[name=q]");
  var page = document.querySelector(".search-page");
  var status = page.querySelector(".search-status");
  var indicatorBox = page.querySelector(".search-indicators");
  var indicatorList = indicatorBox.querySelector("ul");
  var list = page.querySelector(".search-results");
  var siteRoot = form.getAttribute("data-root");
  var zh = document.documentElement.lang.indexOf("zh") === 0;
  var engine = new Engine(scriptLoader(form.getAttribute("data-search-index")));
  var msg = function (name, n) {
    return (form.getAttribute("data-msg-" + name) || "").replace("{n}", String(n));
  };
  var MAX_TEXTS = 50, MAX_INDICATORS = 20;

  // A link from the site root to the page, relative to this page. Pages
  // opened from the file system need index.html spelled out.
  function href(url) {
    var path = url, hash = "", i = url.indexOf("#");
    if (i >= 0) {
      path = url.slice(0, i);
      hash = url.slice(i);
    }
    if (location.protocol === "file:" && (path === "" || path.slice(-1) === "/")) path += "index.html";
    return siteRoot + path + hash;
  }

  // appendMarked adds text[from:to] to el with the ranges in marks
  // highlighted, as text nodes and <mark> elements (never as HTML).
  function appendMarked(el, text, from, to, ms) {
    var at = from;
    ms.forEach(function (m) {
      var s = Math.max(m[0], from), e = Math.min(m[1], to);
      if (s >= e) return;
      if (s > at) el.appendChild(document.createTextNode(text.slice(at, s)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(s, e);
      el.appendChild(mark);
      at = e;
    });
    if (at < to) el.appendChild(document.createTextNode(text.slice(at, to)));
  }

  // snippet picks a window of the text around its first match.
  function snippet(text, ms) {
    var before = zh ? 24 : 60, width = zh ? 110 : 240;
    var first = ms.length ? ms[0][0] : 0;
    var start = Math.max(0, first - before), end = Math.min(text.length, start + width);
    start = Math.max(0, Math.min(start, end - width));
    if (!zh && start > 0) {
      var sp = text.indexOf(" ", start);
      if (sp >= 0 && sp < first) start = sp + 1;
    }
    if (start > 0 && /[\udc00-\udfff]/.test(text.charAt(start))) start--;
    if (end < text.length && /[\ud800-\udbff]/.test(text.charAt(end - 1))) end++;
    var p = document.createElement("p");
    p.className = "snippet";
    if (start > 0) p.appendChild(document.createTextNode("…"));
    appendMarked(p, text, start, end, ms);
    if (end < text.length) p.appendChild(document.createTextNode("…"));
    return p;
  }

  function clear(el) {
    while (el.firstChild) el.removeChild(el.firstChild);
  }

  function show(res, text) {
    clear(list);
    clear(indicatorList);
    indicatorBox.hidden = true;
    if (res.short) {
      status.textContent = msg("short");
      return;
    }
    var n = res.texts.length + res.indicators.length;
    status.textContent = n ? msg("count", n) : msg("none");
    if (res.truncated) status.textContent += " " + msg("truncated");
    var reports = engine.manifest.reports;
    res.indicators.slice(0, MAX_INDICATORS).forEach(function (r) {
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = href(r.url);
      var name = document.createElement("span");
      name.className = "indicator-name";
      appendMarked(name, r.text, 0, r.lead, r.marks);
      var value = document.createElement("span");
      value.className = "indicator-value";
      appendMarked(value, r.text, r.lead + 1, r.text.length, r.marks);
      a.appendChild(name);
      a.appendChild(document.createTextNode(" "));
      a.appendChild(value);
      li.appendChild(a);
      var meta = document.createElement("span");
      meta.className = "meta";
      meta.textContent = [r.note, reports.length > 1 ? reports[r.report].title : ""].filter(Boolean).join(" · ");
      if (meta.textContent) {
        li.appendChild(document.createTextNode(" "));
        li.appendChild(meta);
      }
      indicatorList.appendChild(li);
    });
    indicatorBox.hidden = res.indicators.length === 0;
    res.texts.slice(0, MAX_TEXTS).forEach(function (r) {
      var li = document.createElement("li"), a = document.createElement("a");
      a.className = "result-title";
      a.href = href(r.url);
      a.textContent = r.title;
      li.appendChild(a);
      if (reports.length > 1) {
        var rep = document.createElement("span");
        rep.className = "meta";
        rep.textContent = " · " + reports[r.report].title;
        li.appendChild(rep);
      }
      li.appendChild(snippet(r.text, r.marks));
      list.appendChild(li);
    });
    if (res.texts.length > MAX_TEXTS) status.textContent += " " + msg("first", MAX_TEXTS);
    document.title = text + " | " + form.getAttribute("data-title");
  }

  var seq = 0;
  function run() {
    var text = input.value.trim(), mine = ++seq;
    var url = new URL(location.href);
    if (text) url.searchParams.set("q", text);
    else url.searchParams.delete("q");
    if (location.protocol !== "file:") history.replaceState(null, "", url);
    if (!text) {
      clear(list);
      clear(indicatorList);
      indicatorBox.hidden = true;
      status.textContent = "";
      return;
    }
    status.textContent = msg("loading");
    engine.search(text).then(function (res) {
      if (mine === seq) show(res, text);
    }, function () {
      if (mine === seq) status.textContent = msg("error");
    });
  }

  var timer = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 120);
  });
  input.addEventListener("focus", function () { engine.open().catch(function () {}); });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(timer);
    run();
  });
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) {
    input.value = initial;
    run();
  }
})(this);
