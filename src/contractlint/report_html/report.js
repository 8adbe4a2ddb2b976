/* contractlint HTML report: lazy contract texts, filters, navigation, sorting. No network. */
(function () {
  'use strict';
  var root = document.documentElement;
  var data = JSON.parse(document.getElementById('rule-data').textContent);
  var RULES = data.rules, UI = data.ui;
  var hidden = {};

  function pick(texts, lang) {
    if (!texts) return '';
    return texts[lang] || texts.en || Object.keys(texts).map(function (k) { return texts[k]; })[0] || '';
  }

  function line(label, text, cls) {
    var div = document.createElement('div');
    if (cls) div.className = cls;
    var b = document.createElement('span');
    b.className = 'lb';
    b.textContent = label;
    div.appendChild(b);
    div.appendChild(document.createTextNode(text));
    return div;
  }

  /* A card's "why" and "legal source" are written once per rule in the JSON table. */
  function explain(card, lang) {
    var rule = RULES[card.getAttribute('data-rule')];
    var box = card.querySelector('.ex');
    if (!rule || !box || box.childNodes.length) return;
    var why = pick(rule.why, lang);
    if (rule.source) box.appendChild(line(UI.legal_source, rule.source, 'src'));
    if (why) box.appendChild(line(UI.why, why, 'why'));
  }

  function cardVisible(card) {
    var list = card.classList;
    for (var i = 0; i < list.length; i++) if (hidden[list[i]]) return false;
    return true;
  }

  var RANK = { 's-error': 3, 's-warning': 2, 's-info': 1 };
  /* A mark stays highlighted while any finding it belongs to is shown. */
  function applyMarks(scope) {
    var marks = scope.querySelectorAll('mark.f');
    for (var i = 0; i < marks.length; i++) {
      var mark = marks[i], ids = mark.getAttribute('data-f').split(' '), worst = null;
      for (var j = 0; j < ids.length; j++) {
        var card = document.getElementById(ids[j]);
        if (!card || !cardVisible(card)) continue;
        var sev = card.classList.contains('s-error') ? 's-error' : card.classList.contains('s-warning') ? 's-warning' : 's-info';
        if (!worst || RANK[sev] > RANK[worst]) worst = sev;
      }
      mark.classList.remove('s-error', 's-warning', 's-info');
      if (worst) mark.classList.add(worst);
      mark.classList.toggle('off', !worst);
    }
  }

  /* A contract's details wait as text in a <script type="text/x-contractlint">; show them. */
  function hydrate(lazy) {
    if (!lazy || lazy.hasAttribute('data-ready')) return;
    lazy.setAttribute('data-ready', '');
    var source = lazy.querySelector('script');
    if (!source) return;
    var lang = lazy.closest('.contract').getAttribute('data-lang');
    var holder = document.createElement('div');
    holder.innerHTML = source.textContent;
    var cards = holder.querySelectorAll('.card');
    for (var i = 0; i < cards.length; i++) explain(cards[i], lang);
    var frag = document.createDocumentFragment();
    while (holder.firstChild) frag.appendChild(holder.firstChild);
    lazy.textContent = '';
    lazy.appendChild(frag);
    lazy.style.minHeight = '';
    applyMarks(lazy);
  }

  var lazies = document.querySelectorAll('.lazy');
  var observer = null;
  if ('IntersectionObserver' in window) {
    observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) { hydrate(entry.target); observer.unobserve(entry.target); }
      });
    }, { rootMargin: '1200px 0px' });
    for (var b = 0; b < lazies.length; b++) observer.observe(lazies[b]);
  } else {
    for (var c = 0; c < lazies.length; c++) hydrate(lazies[c]);
  }
  function hydrateAll() { for (var i = 0; i < lazies.length; i++) hydrate(lazies[i]); }
  window.addEventListener('beforeprint', hydrateAll);

  /* Filters: hide the cards by class on <html>; recompute the marks already shown. */
  var filters = document.getElementById('filters');
  if (filters) filters.addEventListener('change', function (event) {
    var key = event.target.getAttribute('data-hide');
    if (!key) return;
    hidden[key] = !event.target.checked;
    root.classList.toggle('hide-' + key, hidden[key]);
    var ready = document.querySelectorAll('.lazy[data-ready]');
    for (var i = 0; i < ready.length; i++) applyMarks(ready[i]);
  });

  function flash(el) {
    el.classList.remove('flash');
    void el.offsetWidth;
    el.classList.add('flash');
    setTimeout(function () { el.classList.remove('flash'); }, 1700);
  }

  /* Bring an element into view, first showing its contract's text if it lives there. */
  function reveal(id) {
    var el = document.getElementById(id);
    if (!el) {
      var m = /^(c\d+)-/.exec(id);
      if (m) { hydrate(document.getElementById(m[1] + '-lazy')); el = document.getElementById(id); }
    }
    if (!el) return false;
    el.scrollIntoView({ block: /-e-|^c\d+$|^top$|^overview$/.test(id) ? 'start' : 'center' });
    flash(el);
    return true;
  }

  document.addEventListener('click', function (event) {
    var t = event.target;
    var link = t.closest('a[href^="#"]');
    if (link) {
      var id = decodeURIComponent(link.getAttribute('href').slice(1));
      if (reveal(id)) { event.preventDefault(); history.replaceState(null, '', '#' + id); }
      return;
    }
    var row = t.closest('tr[data-target]');
    if (row) { reveal(row.getAttribute('data-target')); return; }
    var mark = t.closest('mark.f');
    if (mark) {
      var ids = mark.getAttribute('data-f').split(' ');
      for (var i = 0; i < ids.length; i++) {
        var card = document.getElementById(ids[i]);
        if (card && cardVisible(card)) { reveal(ids[i]); return; }
      }
      return;
    }
    var owner = t.closest('.card');
    if (!owner) return;
    if (t.closest('.at')) {  /* the position: show the highlighted text */
      var target = document.querySelector('mark[data-f~="' + owner.id + '"]');
      if (target) { target.scrollIntoView({ block: 'center' }); flash(target); }
      return;
    }
    owner.classList.toggle('open');  /* anywhere else: the whole explanation */
  });
  document.addEventListener('keydown', function (event) {
    if (event.key !== 'Enter') return;
    var row = event.target.closest && event.target.closest('tr[data-target]');
    if (row) reveal(row.getAttribute('data-target'));
  });

  if (location.hash.length > 1) reveal(decodeURIComponent(location.hash.slice(1)));

  /* Overview: type to keep only the contracts whose name or path contains the text. */
  var search = document.getElementById('hm-filter');
  if (search) search.addEventListener('input', function () {
    var needle = search.value.trim().toLowerCase();
    var rows = document.getElementById('heatmap').tBodies[0].rows;
    for (var i = 0; i < rows.length; i++) {
      rows[i].hidden = needle !== '' && rows[i].cells[1].textContent.toLowerCase().indexOf(needle) < 0;
    }
  });

  /* Overview: click a column header to sort (numbers worst first, names A-Z). */
  var heat = document.getElementById('heatmap');
  if (heat) heat.tHead.addEventListener('click', function (event) {
    var th = event.target.closest('th');
    if (!th) return;
    var col = th.cellIndex, numeric = th.getAttribute('data-type') === 'num';
    var current = th.getAttribute('aria-sort');
    var descending = current ? current === 'ascending' : numeric && col !== 0;
    var ths = heat.tHead.rows[0].cells;
    for (var i = 0; i < ths.length; i++) ths[i].removeAttribute('aria-sort');
    th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
    var body = heat.tBodies[0], rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[col].getAttribute('data-v'), y = b.cells[col].getAttribute('data-v'), r;
      r = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y);
      if (r !== 0) return descending ? -r : r;
      return parseFloat(a.cells[0].getAttribute('data-v')) - parseFloat(b.cells[0].getAttribute('data-v'));
    });
    var frag = document.createDocumentFragment();
    rows.forEach(function (row) { frag.appendChild(row); });
    body.appendChild(frag);
  });
})();
