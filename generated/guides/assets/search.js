/* 办事指南索引的离线搜索：数据嵌在页面的 <script type="application/json"> 中，不发出任何网络请求。
   Offline search of the guide index; results are built with DOM text nodes, never innerHTML. */
(function () {
  "use strict";

  var LIMIT = 200;
  var SAFE_HREF = /^[A-Za-z0-9._%\/-]+$/;

  function norm(text) {
    return String(text || "").normalize("NFKC").toLowerCase();
  }

  function byId(id) {
    return document.getElementById(id);
  }

  function start() {
    var source = byId("search-data");
    var box = document.querySelector("section.search");
    if (!source || !box) {
      return;
    }
    var data = JSON.parse(source.textContent);
    var input = byId("q");
    var group = byId("group");
    var department = byId("department");
    var results = byId("results");
    var count = byId("count");
    var entries = data.entries.map(function (entry, index) {
      return {
        entry: entry,
        index: index,
        name: norm(entry.n),
        code: norm(entry.c),
        all: norm([entry.n, entry.c, entry.d, entry.k, data.groups[entry.g]].join(" "))
      };
    });

    function rank(hit, terms) {
      if (terms.length === 1 && hit.code === terms[0]) {
        return 0;
      }
      var inName = terms.every(function (term) { return hit.name.indexOf(term) !== -1; });
      return inName ? 1 : 2;
    }

    function highlighted(text, terms) {
      var fragment = document.createDocumentFragment();
      var lower = norm(text);
      var at = 0;
      while (terms.length && at < text.length) {
        var next = -1;
        var length = 0;
        terms.forEach(function (term) {
          var found = lower.indexOf(term, at);
          if (found !== -1 && (next === -1 || found < next)) {
            next = found;
            length = term.length;
          }
        });
        if (next === -1 || lower.length !== text.length) {
          break;
        }
        fragment.appendChild(document.createTextNode(text.slice(at, next)));
        var mark = document.createElement("mark");
        mark.textContent = text.slice(next, next + length);
        fragment.appendChild(mark);
        at = next + length;
      }
      fragment.appendChild(document.createTextNode(text.slice(at)));
      return fragment;
    }

    function span(className, text) {
      var node = document.createElement("span");
      node.className = className;
      node.textContent = text;
      return node;
    }

    function row(entry, terms) {
      var item = document.createElement("li");
      var title = SAFE_HREF.test(entry.h) ? document.createElement("a") : span("name", "");
      if (title.tagName === "A") {
        title.setAttribute("href", entry.h);
      }
      title.appendChild(highlighted(entry.n, terms));
      item.appendChild(title);
      item.appendChild(span("group mark mark-group", data.groups[entry.g] || ""));
      item.appendChild(span("code", entry.c));
      item.appendChild(span("dept", entry.d));
      if (entry.s) {
        item.appendChild(span("mark mark-warn", entry.s));
      }
      return item;
    }

    function render() {
      var terms = norm(input.value).split(/\s+/).filter(Boolean);
      var hits = entries.filter(function (hit) {
        if (group.value && hit.entry.g !== group.value) {
          return false;
        }
        if (department.value && hit.entry.d !== department.value) {
          return false;
        }
        return terms.every(function (term) { return hit.all.indexOf(term) !== -1; });
      });
      hits.sort(function (a, b) {
        return rank(a, terms) - rank(b, terms) || a.index - b.index;
      });
      results.textContent = "";
      hits.slice(0, LIMIT).forEach(function (hit) {
        results.appendChild(row(hit.entry, terms));
      });
      if (!hits.length) {
        count.textContent = "未找到符合条件的事项，请换个关键词试试。";
      } else if (hits.length > LIMIT) {
        count.textContent = "找到 " + hits.length + " 项，显示前 " + LIMIT + " 项，请输入更多关键词缩小范围。";
      } else {
        count.textContent = "找到 " + hits.length + " 项";
      }
    }

    var query = new URLSearchParams(window.location.search).get("q");
    if (query) {
      input.value = query;
    }
    box.hidden = false;
    input.addEventListener("input", render);
    group.addEventListener("change", render);
    department.addEventListener("change", render);
    render();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
