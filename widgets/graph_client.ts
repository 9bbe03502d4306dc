/**
 * The graph view's client code (plain ES5-style JavaScript, run in the notebook page). It lays the
 * visible part of the graph out with elkjs (compound layered layout: expanded scopes are boxes
 * with their contents inside) and draws SVG. Clicking a scope folds or unfolds it; clicking an op
 * shows its card; the search box finds ops by name, unfolds the scopes that hold them and scrolls to
 * them (Enter: the next one). Zoom (buttons, ctrl + wheel), fit-to-view and drag-to-pan for big graphs.
 * Defined once per page (idempotent); each graph output calls window.__scopeflowGraph(rootId, model).
 */
import { compactScript } from './html';

const GRAPH_CLIENT_SOURCE = String.raw`
window.__scopeflowGraph = window.__scopeflowGraph || function (rootId, model) {
  var root = document.getElementById(rootId);
  if (!root) return;
  var wrap = root.querySelector('.sf-graph-wrap');
  var card = root.querySelector('.sf-card');
  var search = root.querySelector('.sf-search');
  var status = root.querySelector('.sf-graph-status');
  var SVGNS = 'http://www.w3.org/2000/svg';
  var ops = model.ops, scopes = model.scopes, edges = model.edges;
  // What the kernel leaves out of the page's model: labels (the last name segment) and the host CPU as placed device.
  ops.forEach(function (o) {
    if (o.l === undefined) o.l = o.n.slice(o.n.lastIndexOf('/') + 1);
    if (o.pd === undefined) o.pd = '/device:CPU:0';
  });
  var expanded = {};
  model.expanded.forEach(function (i) { expanded[i] = true; });
  var highlighted = {};
  var selected = -1;
  // Trace: the ops the selected op depends on (through data and control edges), all depths.
  var traced = {};
  var inputsOf = {};
  edges.forEach(function (e) { (inputsOf[e[1]] = inputsOf[e[1]] || []).push(e[0]); });
  function trace(i) {
    traced = {};
    var stack = [i];
    while (stack.length) {
      (inputsOf[stack.pop()] || []).forEach(function (j) { if (!traced[j]) { traced[j] = true; stack.push(j); } });
    }
  }
  var elk = new window.ELK();
  var generation = 0;
  var CHAR = 6.6, LINE = 14;
  var FONT = 'system-ui,-apple-system,"Segoe UI",Roboto,sans-serif';
  // Text widths measured with the page's font where there is a canvas; estimated otherwise (the kernel's static picture, drawn wider).
  var measureCtx = null;
  try { var canvas = document.createElement('canvas'); measureCtx = canvas.getContext ? canvas.getContext('2d') : null; } catch (e) { measureCtx = null; }
  function textWidth(str, size, bold) {
    if (measureCtx) { measureCtx.font = (bold ? '600 ' : '') + size + 'px ' + FONT; return measureCtx.measureText(str).width; }
    return str.length * size * (bold ? 0.66 : 0.6);
  }
  // The text cut to fit width px, with an ellipsis (the full text is in the node's tooltip).
  function fitText(str, width, size, bold) {
    if (textWidth(str, size, bold) <= width) return str;
    var lo = 0, hi = str.length;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (textWidth(str.slice(0, mid) + '\u2026', size, bold) <= width) lo = mid; else hi = mid - 1; }
    return str.slice(0, lo) + '\u2026';
  }
  var MAX_NODE_WIDTH = 260;
  function scopeTitle(s, open) { return (open ? '\u2212 ' : '+ ') + s.l + (open && s.fr !== undefined ? '  \u27f3 while frame ' + s.fr : ''); }
  // A folded while-loop frame says so, with its frame name, on a line of its own.
  function frameLine(s) { return '\u27f3 while frame ' + s.fr; }
  function foldedScopeHeight(s) { return (s.fr !== undefined ? 3 : 2) * LINE + 14; }
  // NextIteration -> Merge: the edge that closes a loop, laid out reversed (so the layout has no cycle) and drawn as a back edge.
  function isBackEdge(e) { return !e[2] && ops[e[0]].t === 'NextIteration' && ops[e[1]].t === 'Merge'; }
  function scopeSubtitle(s) { return s.c + ' ops' + (s.v ? ' \u00b7 variable' : '') + (s.st ? ' \u00b7 ' + s.st + ' stale' : ''); }
  function opLines(o) {
    return [o.l, o.t + (o.v ? ' (variable)' : '') + (o.st ? ' \u00b7 stale' : ''), (o.dt ? o.dt + ' ' + o.sh : '') + (o.pd.indexOf('GPU') >= 0 ? ' \u00b7 GPU' : '')];
  }

  function esc(s) { return String(s).replace(/[&<>"']/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]; }); }
  function ancestors(s) { var out = []; while (s >= 0) { out.push(s); s = scopes[s].p; } return out; }
  var series = model.series || [];
  var seriesOpen = {};
  var colorMode = 'device';
  var PALETTE = ['#c6e2ff', '#ffd8b5', '#cdeebf', '#f5c6e8', '#fff0a8', '#d9d2ff', '#b9f0ea', '#ffc9c9', '#e3e8b0', '#c9d6e8'];
  function structColor(sg) { return sg === undefined ? '#eaeef2' : PALETTE[sg % PALETTE.length]; }
  // What stands for the inside of scope p in the main graph: a folded scope or series above (or p itself), or null when p is open and shown.
  function chainRep(p) {
    var chain = ancestors(p);
    for (var k = chain.length - 1; k >= 0; k--) {
      var s = scopes[chain[k]];
      if (s.sr !== undefined && !seriesOpen[s.sr]) return 'r' + s.sr;
      if (s.aux || !expanded[chain[k]]) return 's' + chain[k];
    }
    return null;
  }
  function repOf(i) {
    var o = ops[i], up = chainRep(o.p);
    if (up) return up;
    return o.sr !== undefined && !seriesOpen[o.sr] ? 'r' + o.sr : 'o' + i;
  }
  function scopeShown(i) { var s = scopes[i]; return chainRep(s.p) === null && !(s.sr !== undefined && !seriesOpen[s.sr]); }
  function isAux(id) { var k = Number(id.slice(1)); return id.charAt(0) === 's' ? !!scopes[k].aux : id.charAt(0) === 'o' ? !!ops[k].aux : false; }
  function nameOf(id) { var k = Number(id.slice(1)); return id.charAt(0) === 's' ? scopes[k].n + '/' : id.charAt(0) === 'r' ? series[k].n : ops[k].n; }
  function opSize(o) {
    var l = opLines(o);
    var w = Math.max(textWidth(l[0], 11, true), textWidth(l[1], 11), textWidth(l[2], 10)) + 16;
    return { width: Math.min(Math.max(w, 70), MAX_NODE_WIDTH), height: 3 * LINE + 10 };
  }
  function foldedScopeWidth(s) {
    return Math.min(Math.max(textWidth(scopeTitle(s, false), 12, true) + 18, textWidth(scopeSubtitle(s), 11) + 18, s.fr !== undefined ? textWidth(frameLine(s), 11) + 18 : 0, 90), MAX_NODE_WIDTH);
  }
  function seriesWidth(r) {
    return Math.min(Math.max(textWidth('+ ' + seriesLabel(r), 12, true) + 18, textWidth(seriesSubtitle(r), 11) + 18, 100), 280) + 6;
  }
  function seriesSubtitle(r) { return 'series of ' + (r.k === 'o' ? r.t + ' ops' : 'scopes'); }
  function seriesLabel(r) { return r.l + ' (' + r.m.length + ')'; }
  function deviceColor(o) {
    if (o.st) return '#eaeef2';
    if (o.v) return '#dafbe1';
    if (colorMode === 'structure') return '#f6f8fa';
    if (o.aux) return '#f6f8fa';
    if (o.pd.indexOf('GPU') >= 0) return '#fff1e5';
    if (o.pd === 'no kernel') return '#ffebe9';
    return '#ddf4ff';
  }

  var auxShown = [], stubs = {};
  function build() {
    var nodes = {}, parentOf = {}, order = [];
    auxShown = []; stubs = {};
    var graph = { id: 'root', layoutOptions: {
      'elk.algorithm': 'layered', 'elk.direction': 'DOWN', 'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.layered.spacing.nodeNodeBetweenLayers': '30', 'elk.spacing.nodeNode': '18', 'elk.edgeRouting': 'POLYLINE',
      'elk.padding': '[top=18,left=10,bottom=18,right=10]' }, children: [], edges: [] };
    function place(id, n, p, sr) {
      if (isAux(id)) { auxShown.push(id); return; }
      nodes[id] = n; parentOf[id] = sr !== undefined && seriesOpen[sr] ? 'r' + sr : p < 0 ? 'root' : 's' + p; order.push(id);
    }
    var open = { 'elk.padding': '[top=30,left=10,bottom=14,right=10]' };
    series.forEach(function (r, k) {
      if (chainRep(r.p) !== null) return;
      if (seriesOpen[k]) place('r' + k, { id: 'r' + k, children: [], layoutOptions: open }, r.p);
      else place('r' + k, { id: 'r' + k, width: seriesWidth(r), height: 2 * LINE + 14 + 6 }, r.p);
    });
    scopes.forEach(function (s, i) {
      if (!scopeShown(i)) return;
      if (expanded[i] && !s.aux) place('s' + i, { id: 's' + i, children: [], layoutOptions: open }, s.p, s.sr);
      else place('s' + i, { id: 's' + i, width: foldedScopeWidth(s), height: foldedScopeHeight(s) }, s.p, s.sr);
    });
    ops.forEach(function (o, i) {
      if (repOf(i) !== 'o' + i) return;
      var sz = opSize(o);
      place('o' + i, { id: 'o' + i, width: sz.width, height: sz.height }, o.p, o.sr);
    });
    order.forEach(function (id) { (parentOf[id] === 'root' ? graph : nodes[parentOf[id]]).children.push(nodes[id]); });
    // An open loop's box is kept as wide as its title, which names the frame, by an undrawn spacer inside
    // (elkjs's minimum node size is not kept in this layout direction).
    scopes.forEach(function (s, i) {
      var n = nodes['s' + i];
      if (s.fr !== undefined && n && n.children) n.children.push({ id: 'w' + i, width: textWidth(scopeTitle(s, true), 12, true), height: 1 });
    });
    var seen = {};
    edges.forEach(function (e) {
      var a = repOf(e[0]), b = repOf(e[1]);
      if (a === b) return;
      var ax = isAux(a), bx = isAux(b);
      if (ax && bx) return;
      if (ax || bx) {
        // An edge to or from an auxiliary node: a short stub on the main-graph end.
        var main = ax ? b : a, other = ax ? a : b, sk = main + '|' + other + (e[2] ? 'c' : 'd');
        if (!nodes[main] || seen[sk]) return;
        seen[sk] = true;
        (stubs[main] = stubs[main] || []).push({ other: other, into: ax, ctrl: e[2] });
        return;
      }
      var back = isBackEdge(e);
      var key = a + '>' + b + (e[2] ? 'c' : back ? 'b' : 'd');
      var prev = seen[key];
      if (prev) { prev.sf.n++; prev.sf.size = Math.max(prev.sf.size, e[3]); if (selected >= 0 && traced[e[0]] && (traced[e[1]] || e[1] === selected)) prev.sf.tr = true; return; }
      var tr = selected >= 0 && traced[e[0]] && (traced[e[1]] || e[1] === selected);
      var edge = { id: 'e' + graph.edges.length, sources: [back ? b : a], targets: [back ? a : b], sf: { ctrl: e[2], back: back, size: e[3], shape: e[4], n: 1, a: a, b: b, tr: tr } };
      seen[key] = edge;
      graph.edges.push(edge);
    });
    return graph;
  }

  function el(tag, attrs, parent) {
    var x = document.createElementNS(SVGNS, tag);
    // Coordinates to 0.1 px: finer is invisible, and the static picture is saved in the notebook.
    for (var k in attrs) x.setAttribute(k, typeof attrs[k] === 'number' ? Math.round(attrs[k] * 10) / 10 : attrs[k]);
    if (parent) parent.appendChild(x);
    return x;
  }
  function text(parent, x, y, s, attrs) {
    var t = el('text', Object.assign({ x: x, y: y, 'font-size': 11 }, attrs || {}), parent);
    t.textContent = s;
    return t;
  }

  // Titles of open scopes and series: edges are clipped around them (see draw), so no edge crosses a title.
  var titleBoxes = [];
  function titleText(parent, x, y, str, open) {
    var t = text(parent, x + 8, y + 16, str, { 'font-weight': 600, 'font-size': 12, class: open ? 'sf-scope-title' : '' });
    if (open) titleBoxes.push({ x: x + 4, y: y + 3, w: textWidth(str, 12, true) + 8, h: 18 });
    return t;
  }

  // Zoom: the SVG keeps its layout size as viewBox and is drawn at scale; the wrap scrolls (pan).
  var scale = 1, MIN_SCALE = 0.05, MAX_SCALE = 4, natural = { w: 0, h: 0 };
  var afterDraw = null;
  function viewSize() {
    var maxH = parseFloat(window.getComputedStyle ? window.getComputedStyle(wrap).maxHeight : '') || 640;
    return { w: wrap.clientWidth, h: maxH };
  }
  function applyScale(next, anchorX, anchorY) {
    var svg = wrap.querySelector && wrap.querySelector('svg');
    next = Math.min(MAX_SCALE, Math.max(MIN_SCALE, next));
    if (!svg || !natural.w) { scale = next; return; }
    // Keep the graph point under the anchor (default: the view's centre) where it is.
    var ax = anchorX === undefined ? wrap.clientWidth / 2 : anchorX, ay = anchorY === undefined ? wrap.clientHeight / 2 : anchorY;
    var gx = (wrap.scrollLeft + ax) / scale, gy = (wrap.scrollTop + ay) / scale;
    scale = next;
    svg.setAttribute('width', (natural.w * scale).toFixed(1));
    svg.setAttribute('height', (natural.h * scale).toFixed(1));
    wrap.scrollLeft = gx * scale - ax;
    wrap.scrollTop = gy * scale - ay;
    showStatus();
  }
  function fitScale() {
    var v = viewSize();
    return Math.min(1, (v.w - 4) / natural.w, (v.h - 4) / natural.h);
  }
  // Scrolls so that box b (layout coordinates) is in the middle of the view.
  function scrollToBox(b) {
    wrap.scrollLeft = (b.x + b.w / 2) * scale - wrap.clientWidth / 2;
    wrap.scrollTop = (b.y + b.h / 2) * scale - wrap.clientHeight / 2;
  }

  function showCard(i) {
    selected = i;
    trace(i);
    var o = ops[i];
    var rows = [['name', o.n], ['type', o.t], ['device (requested)', o.d || '(none)'], ['device (placed)', o.pd]];
    if (o.c) rows.push(['defined in', o.c]);
    (o.outs || [o.dt + ' ' + o.sh]).forEach(function (s, k) { rows.push(['output ' + k, s]); });
    o.ins.forEach(function (s, k) { rows.push([s.charAt(0) === '^' ? 'control input' : 'input ' + k, s]); });
    if (o.at) for (var a in o.at) rows.push(['attr ' + a, o.at[a]]);
    var soft = o.d && o.pd !== 'no kernel' && o.d.toUpperCase().indexOf(o.pd.replace('/device:', '').toUpperCase()) < 0;
    card.innerHTML = '<div class="sf-title">' + (o.v ? 'variable ' : 'op ') + '<code>' + esc(o.n) + '</code></div>' +
      (o.st ? '<div class="sf-warn sf-stale-note">' + esc(o.st) + '</div>' : '') +
      (soft ? '<div class="sf-warn">soft placement: requested ' + esc(o.d) + ', runs on ' + esc(o.pd) + '</div>' : '') +
      '<table class="sf-table">' + rows.map(function (r) { return '<tr><th>' + esc(r[0]) + '</th><td>' + esc(r[1]) + '</td></tr>'; }).join('') + '</table>';
  }

  function showRows(title, rows) {
    card.innerHTML = '<div class="sf-title">' + title + '</div><table class="sf-table">' + rows.map(function (r) { return '<tr><th>' + esc(r[0]) + '</th><td>' + esc(r[1]) + '</td></tr>'; }).join('') + '</table>';
  }
  function typesInside(pred) {
    var counts = {};
    ops.forEach(function (o, i) { if (pred(o, i)) counts[o.t] = (counts[o.t] || 0) + 1; });
    return Object.keys(counts).sort().map(function (t) { return t + (counts[t] > 1 ? ' \u00d7' + counts[t] : ''); }).join(', ');
  }
  function showScopeCard(i) {
    var s = scopes[i];
    showRows((s.aux ? 'auxiliary scope ' : s.fr !== undefined ? 'while loop ' : 'scope ') + '<code>' + esc(s.n) + '/</code>', (s.fr !== undefined ? [['frame', s.fr]] : []).concat([['ops inside', String(s.c)],
      ['op types', typesInside(function (o) { return ancestors(o.p).indexOf(i) >= 0; })]]).concat(s.st ? [['stale ops', String(s.st)]] : []));
  }
  function showSeriesCard(k) {
    var r = series[k];
    var names = r.m.map(function (j) { return r.k === 'o' ? ops[j].n : scopes[j].n + '/'; });
    showRows('series <code>' + esc(r.n) + '</code>', [['members', r.m.length + ' ' + (r.k === 'o' ? 'ops of type ' + r.t : 'scopes of the same structure')], ['names', names.join(', ')]]);
  }
  function showAuxList() {
    var list = root.querySelector('.sf-aux-list');
    if (!list) return;
    list.innerHTML = '';
    if (!auxShown.length) { var none = document.createElement('div'); none.className = 'sf-note'; none.textContent = 'none shown'; list.appendChild(none); }
    auxShown.forEach(function (id) {
      var k = Number(id.slice(1)), isScope = id.charAt(0) === 's';
      var item = document.createElement('div');
      item.className = 'sf-aux-node' + (k === selected && !isScope ? ' sf-selected' : '');
      item.setAttribute('data-aux', nameOf(id));
      item.setAttribute('role', 'button');
      item.style.cursor = 'pointer';
      item.textContent = (isScope ? '\u25ad ' + scopes[k].n + '/ (' + scopes[k].c + ' ops)' : '\u25c7 ' + ops[k].n + ' \u00b7 ' + ops[k].t);
      item.title = nameOf(id);
      item.addEventListener('click', function () { if (isScope) showScopeCard(k); else { showCard(k); render(); } });
      list.appendChild(item);
    });
  }

  function draw(g, gen) {
    if (gen !== generation) return;
    var pad = 16;
    natural = { w: g.width + 2 * pad, h: g.height + 2 * pad };
    titleBoxes = [];
    var svg = el('svg', { width: (natural.w * scale).toFixed(1), height: (natural.h * scale).toFixed(1), viewBox: '0 0 ' + natural.w.toFixed(1) + ' ' + natural.h.toFixed(1), class: 'sf-graph-svg', 'data-generation': gen });
    var defs = el('defs', {}, svg);
    var mk = el('marker', { id: rootId + '-arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 8, markerHeight: 8, markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse' }, defs);
    el('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#57606a' }, mk);
    var layerScopes = el('g', {}, svg), layerEdges = el('g', {}, svg), layerOps = el('g', {}, svg);
    var abs = { root: { x: pad, y: pad } };
    var counts = { ops: 0, scopes: 0, series: 0 };
    var tracedScopes = {}, tracedSeries = {}, boxes = {};
    Object.keys(traced).forEach(function (k) {
      if (ops[k].sr !== undefined) tracedSeries[ops[k].sr] = true;
      ancestors(ops[k].p).forEach(function (sIdx) { tracedScopes[sIdx] = true; if (scopes[sIdx].sr !== undefined) tracedSeries[scopes[sIdx].sr] = true; });
    });
    function walk(n, ox, oy) {
      (n.children || []).forEach(function (c) {
        var x = ox + c.x, y = oy + c.y;
        abs[c.id] = { x: x, y: y };
        boxes[c.id] = { x: x, y: y, w: c.width, h: c.height };
        var idx = Number(c.id.slice(1));
        if (c.id.charAt(0) === 'w') return;
        if (c.id.charAt(0) === 'r') {
          var r = series[idx], rOpen = !!seriesOpen[idx], rTraced = !rOpen && tracedSeries[idx];
          var rfill = colorMode === 'structure' ? (r.k === 's' ? structColor(r.sg) : '#f6f8fa') : '#eef1f4';
          var rg = el('g', { class: 'sf-series' + (rOpen ? ' sf-open' : ' sf-closed') + (rTraced ? ' sf-trace' : ''), 'data-series': r.n, cursor: 'pointer' }, rOpen ? layerScopes : layerOps);
          var rstroke = rTraced ? '#bf8700' : '#6e7781';
          if (rOpen) {
            el('rect', { x: x, y: y, width: c.width, height: c.height, rx: 6, fill: rfill, 'fill-opacity': 0.35, stroke: rstroke, 'stroke-dasharray': '6 3' }, rg);
          } else {
            // Stacked boxes: the series symbol.
            el('rect', { x: x + 6, y: y + 6, width: c.width - 6, height: c.height - 6, rx: 8, fill: rfill, stroke: rstroke }, rg);
            el('rect', { x: x + 3, y: y + 3, width: c.width - 6, height: c.height - 6, rx: 8, fill: rfill, stroke: rstroke }, rg);
            el('rect', { x: x, y: y, width: c.width - 6, height: c.height - 6, rx: 8, fill: rfill, stroke: rstroke, 'stroke-width': rTraced ? 2.5 : 1.2 }, rg);
          }
          var rInner = c.width - (rOpen ? 16 : 22);
          titleText(rg, x, y, fitText((rOpen ? '\u2212 ' : '+ ') + seriesLabel(r), rInner, 12, true), rOpen);
          if (!rOpen) text(rg, x + 8, y + 31, fitText(seriesSubtitle(r), rInner, 11), { fill: '#57606a' });
          var rt = el('title', {}, rg); rt.textContent = r.n + ': ' + r.m.length + ' like-named ' + (r.k === 'o' ? 'ops' : 'scopes') + ' \u2014 click to ' + (rOpen ? 'fold' : 'unfold');
          rg.addEventListener('click', function (ev) { ev.stopPropagation(); seriesOpen[idx] = !rOpen; showSeriesCard(idx); render(); });
          counts.series++;
          walk(c, x, y);
        } else if (c.id.charAt(0) === 's') {
          var s = scopes[idx], isOpen = !!expanded[idx];
          var scopeTraced = !isOpen && tracedScopes[idx];
          var isFrame = s.fr !== undefined;
          var grp = el('g', { class: 'sf-scope' + (isOpen ? ' sf-open' : ' sf-closed') + (isFrame ? ' sf-frame' : '') + (scopeTraced ? ' sf-trace' : ''), 'data-scope': s.n, 'data-frame': isFrame ? s.fr : '', cursor: 'pointer' }, isOpen ? layerScopes : layerOps);
          var structure = colorMode === 'structure' && s.sg !== undefined;
          var fill = structure ? structColor(s.sg) : s.v ? '#eefbf1' : s.aux ? '#f6f8fa' : (isOpen ? 'rgba(208,215,222,0.18)' : '#eaeef2');
          el('rect', { x: x, y: y, width: c.width, height: c.height, rx: isOpen ? 6 : 10, fill: fill, 'fill-opacity': structure && isOpen ? 0.35 : 1, stroke: scopeTraced ? '#bf8700' : s.v ? '#1a7f37' : isFrame ? '#8250df' : '#8c959f', 'stroke-width': scopeTraced ? 2.5 : isFrame ? 1.8 : 1.2 }, grp);
          titleText(grp, x, y, fitText(scopeTitle(s, isOpen), c.width - 16, 12, true), isOpen);
          if (!isOpen && isFrame) text(grp, x + 8, y + 31, fitText(frameLine(s), c.width - 16, 11), { fill: '#8250df', class: 'sf-frame-name' });
          if (!isOpen) text(grp, x + 8, y + 31 + (isFrame ? LINE : 0), fitText(scopeSubtitle(s), c.width - 16, 11), { fill: '#57606a' });
          var title = el('title', {}, grp); title.textContent = s.n + '/ (' + (isFrame ? 'while loop, frame ' + s.fr + ', ' : '') + s.c + ' ops' + (s.st ? ', ' + s.st + ' stale' : '') + ') \u2014 click to ' + (isOpen ? 'fold' : 'unfold');
          grp.addEventListener('click', function (ev) { ev.stopPropagation(); expanded[idx] = !isOpen; showScopeCard(idx); render(); });
          counts.scopes++;
          walk(c, x, y);
        } else {
          var o = ops[idx];
          var hl = highlighted[idx], tr = traced[idx];
          var grp2 = el('g', { class: 'sf-op' + (o.v ? ' sf-variable' : '') + (o.st ? ' sf-stale' : '') + (hl ? ' sf-hit' : '') + (tr ? ' sf-trace' : '') + (idx === selected ? ' sf-selected' : ''), 'data-op': o.n, cursor: 'pointer', opacity: o.st ? 0.6 : 1 }, layerOps);
          el('rect', { x: x, y: y, width: c.width, height: c.height, rx: o.v ? 14 : 4, fill: deviceColor(o),
            stroke: hl ? '#bf3989' : tr ? '#bf8700' : o.st ? '#8c959f' : o.v ? '#1a7f37' : '#57606a', 'stroke-width': hl || tr || idx === selected ? 2.5 : o.v ? 1.8 : 1,
            'stroke-dasharray': o.st ? '2 2' : o.d && o.pd !== 'no kernel' && o.d.toUpperCase().indexOf(o.pd.replace('/device:', '').toUpperCase()) < 0 ? '4 2' : '' }, grp2);
          var lines = opLines(o), inner = c.width - 14;
          text(grp2, x + 7, y + 14, fitText(lines[0], inner, 11, true), { 'font-weight': 600, fill: o.st ? '#8c959f' : '#1f2328' });
          text(grp2, x + 7, y + 14 + LINE, fitText(lines[1], inner, 11), { fill: o.st ? '#8c959f' : '#57606a' });
          text(grp2, x + 7, y + 14 + 2 * LINE, fitText(lines[2], inner, 10), { fill: '#57606a', 'font-size': 10 });
          var t2 = el('title', {}, grp2); t2.textContent = o.n + ' (' + o.t + ')\nrequested: ' + (o.d || '(none)') + '\nplaced: ' + o.pd + (o.c ? '\n' + o.c : '') + (o.st ? '\n' + o.st : '');
          grp2.addEventListener('click', function (ev) { ev.stopPropagation(); showCard(idx); render(); });
          counts.ops++;
        }
      });
    }
    walk(g, pad, pad);
    if (titleBoxes.length) {
      var clip = el('clipPath', { id: rootId + '-titles' }, defs);
      el('path', { 'clip-rule': 'evenodd', d: 'M0 0H' + natural.w.toFixed(1) + 'V' + natural.h.toFixed(1) + 'H0Z' + titleBoxes.map(function (b) {
        return 'M' + b.x.toFixed(1) + ' ' + b.y.toFixed(1) + 'h' + b.w.toFixed(1) + 'v' + b.h + 'h-' + b.w.toFixed(1) + 'Z';
      }).join('') }, clip);
      layerEdges.setAttribute('clip-path', 'url(#' + rootId + '-titles)');
    }
    (g.edges || []).forEach(function (e) {
      var base = abs[e.container] || abs.root;
      (e.sections || []).forEach(function (sec) {
        var pts = [sec.startPoint].concat(sec.bendPoints || [], [sec.endPoint]);
        if (e.sf.back) pts.reverse();
        var d = pts.map(function (p, k) { return (k ? 'L' : 'M') + (base.x + p.x).toFixed(1) + ' ' + (base.y + p.y).toFixed(1); }).join(' ');
        var w = e.sf.ctrl ? 1 : Math.min(5, 1 + (e.sf.size > 1 ? Math.log10(e.sf.size) / 1.5 : 0));
        var path = el('path', { d: d, fill: 'none', stroke: e.sf.tr ? '#bf8700' : e.sf.ctrl ? '#8c959f' : e.sf.back ? '#8250df' : '#57606a', 'stroke-width': (e.sf.tr ? Math.max(w, 2.5) : w).toFixed(2),
          'stroke-dasharray': e.sf.ctrl ? '4 3' : e.sf.back ? '7 3' : '', 'marker-end': 'url(#' + rootId + '-arrow)', class: (e.sf.ctrl ? 'sf-edge sf-control' : e.sf.back ? 'sf-edge sf-data sf-back-edge' : 'sf-edge sf-data') + (e.sf.tr ? ' sf-trace' : '') }, layerEdges);
        var t = el('title', {}, path);
        t.textContent = (e.sf.ctrl ? 'control dependency' : (e.sf.back ? 'back edge NextIteration \u2192 Merge: the next iteration\'s ' : '') + 'tensor ' + e.sf.shape) + (e.sf.n > 1 ? ' (' + e.sf.n + ' edges)' : '');
      });
    });
    // Stubs: edges to and from auxiliary nodes, a short arrow at the main-graph end.
    Object.keys(stubs).forEach(function (id) {
      var b = boxes[id];
      if (!b) return;
      var ins = 0, outs = 0;
      stubs[id].forEach(function (st) {
        var k = st.into ? ins++ : outs++;
        if (k >= 6) return;
        var sx = b.x + b.w - 10 - 9 * k, y0 = st.into ? b.y - 13 : b.y + b.h, y1 = st.into ? b.y : b.y + b.h + 13;
        var sg = el('g', { class: 'sf-stub' + (st.ctrl ? ' sf-control' : ''), 'data-aux': nameOf(st.other) }, layerEdges);
        el('path', { d: 'M' + sx + ' ' + y0 + ' L' + sx + ' ' + y1, stroke: '#8c959f', 'stroke-width': 1.2, 'stroke-dasharray': st.ctrl ? '2 2' : '', fill: 'none', 'marker-end': 'url(#' + rootId + '-arrow)' }, sg);
        el('circle', { cx: sx, cy: st.into ? y0 : y1, r: 2.5, fill: '#8c959f' }, sg);
        var stt = el('title', {}, sg); stt.textContent = (st.ctrl ? 'control dependency ' : 'tensor ') + (st.into ? 'from ' : 'to ') + nameOf(st.other) + ' (auxiliary node, see the side panel)';
      });
    });
    wrap.innerHTML = '';
    wrap.appendChild(svg);
    drawnBoxes = boxes;
    root.setAttribute('data-color-mode', colorMode);
    showAuxList();
    counted = counts;
    var then = afterDraw;
    afterDraw = null;
    if (then) then();
    showStatus();
    root.setAttribute('data-rendered', String(gen));
  }

  var counted = { ops: 0, scopes: 0, series: 0 }, drawnBoxes = {};
  // Search state: every op matching, and which of them are drawn, inside folded scopes or series, or auxiliary.
  var hits = [], hitCursor = -1;
  function hitPlaces() {
    var shown = [], folded = 0, aux = 0;
    hits.forEach(function (i) {
      var id = repOf(i);
      if (isAux(id)) aux++;
      else if (id === 'o' + i && drawnBoxes[id]) shown.push(i);
      else folded++;
    });
    return { shown: shown, folded: folded, aux: aux };
  }
  function showStatus() {
    if (!status) return;
    var where = '';
    if (hits.length) {
      var h = hitPlaces();
      where = ' \u00b7 ' + hits.length + ' match' + (hits.length === 1 ? '' : 'es') + ': ' + [h.shown.length + ' shown' + (h.shown.length > 1 ? ' (Enter: next)' : ''),
        h.folded ? h.folded + ' inside folded scopes' + (hits.length > MAX_UNFOLD_HITS ? ' (narrow the search to unfold them)' : '') : '',
        h.aux ? h.aux + ' among the auxiliary nodes' : ''].filter(Boolean).join(', ');
    }
    status.textContent = counted.ops + ' ops, ' + counted.scopes + ' scopes' + (counted.series ? ', ' + counted.series + ' series' : '') + ' shown of ' + ops.length + ' ops' + (auxShown.length ? ' (' + auxShown.length + ' auxiliary beside)' : '') +
      (selected >= 0 ? ' \u00b7 ' + ops[selected].n + ' depends on ' + Object.keys(traced).length + ' ops (traced)' : '') + where +
      ' \u00b7 zoom ' + Math.round(scale * 100) + '%';
  }
  // Shows the next drawn match (its card) and scrolls to it.
  function nextHit() {
    var shown = hitPlaces().shown;
    if (!shown.length) return;
    hitCursor = (hitCursor + 1) % shown.length;
    var box = drawnBoxes['o' + shown[hitCursor]];
    if (box) scrollToBox(box);
  }

  function render() {
    generation++;
    var gen = generation;
    elk.layout(build()).then(function (g) { draw(g, gen); }, function (err) { wrap.textContent = 'layout failed: ' + err; });
  }

  var MAX_UNFOLD_HITS = 60;
  if (search) search.addEventListener('input', function () {
    var q = search.value.trim().toLowerCase();
    highlighted = {};
    hits = [];
    hitCursor = -1;
    if (q) {
      ops.forEach(function (o, i) { if (o.n.toLowerCase().indexOf(q) >= 0) hits.push(i); });
      hits.forEach(function (i) { highlighted[i] = true; });
      if (hits.length <= MAX_UNFOLD_HITS) hits.forEach(function (i) {
        if (ops[i].sr !== undefined) seriesOpen[ops[i].sr] = true;
        ancestors(ops[i].p).forEach(function (s) { expanded[s] = true; if (scopes[s].sr !== undefined) seriesOpen[scopes[s].sr] = true; });
      });
      if (hits.length === 1) showCard(hits[0]);
      afterDraw = nextHit;
    }
    render();
  });
  if (search) search.addEventListener('keydown', function (ev) { if (ev.key === 'Enter') { ev.preventDefault(); nextHit(); } });
  var fold = root.querySelector('.sf-fold-all'), unfold = root.querySelector('.sf-unfold-all');
  if (fold) fold.addEventListener('click', function () { expanded = {}; seriesOpen = {}; render(); });
  // Unfolding everything can make a graph thousands of pixels tall: show all of it, then zoom in where wanted.
  if (unfold) unfold.addEventListener('click', function () {
    scopes.forEach(function (s, i) { expanded[i] = true; });
    series.forEach(function (r, k) { seriesOpen[k] = true; });
    afterDraw = function () { applyScale(fitScale()); wrap.scrollLeft = 0; wrap.scrollTop = 0; };
    render();
  });
  function onClick(selector, fn) { var b = root.querySelector(selector); if (b) b.addEventListener('click', fn); }
  onClick('.sf-zoom-in', function () { applyScale(scale * 1.25); });
  onClick('.sf-zoom-out', function () { applyScale(scale / 1.25); });
  onClick('.sf-zoom-fit', function () { applyScale(fitScale()); wrap.scrollLeft = 0; wrap.scrollTop = 0; });
  onClick('.sf-zoom-reset', function () { applyScale(1); });
  // Ctrl (or ⌘) + wheel zooms around the pointer; a plain wheel scrolls as usual.
  wrap.addEventListener('wheel', function (ev) {
    if (!ev.ctrlKey && !ev.metaKey) return;
    ev.preventDefault();
    var r = wrap.getBoundingClientRect();
    applyScale(scale * Math.pow(1.0015, -ev.deltaY), ev.clientX - r.left, ev.clientY - r.top);
  }, { passive: false });
  // Drag to pan; a drag does not count as a click on the node where it started.
  var drag = null;
  wrap.addEventListener('mousedown', function (ev) {
    // Not on the wrap's own scrollbars (they scroll by themselves).
    if (ev.button !== 0 || (ev.target === wrap && (ev.offsetX >= wrap.clientWidth || ev.offsetY >= wrap.clientHeight))) return;
    drag = { x: ev.clientX, y: ev.clientY, left: wrap.scrollLeft, top: wrap.scrollTop, moved: false };
  });
  if (window.addEventListener) window.addEventListener('mousemove', function (ev) {
    if (!drag) return;
    var dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 4) drag.moved = true;
    if (drag.moved) { wrap.scrollLeft = drag.left - dx; wrap.scrollTop = drag.top - dy; wrap.classList.add('sf-panning'); }
  });
  if (window.addEventListener) window.addEventListener('mouseup', function () { if (drag && drag.moved) { wrap.classList.remove('sf-panning'); setTimeout(function () { drag = null; }, 0); } else drag = null; });
  wrap.addEventListener('click', function (ev) { if (drag && drag.moved) { ev.stopPropagation(); drag = null; } }, true);
  var modeSelect = root.querySelector('.sf-color-mode');
  if (modeSelect) modeSelect.addEventListener('change', function () { colorMode = modeSelect.value === 'structure' ? 'structure' : 'device'; render(); });
  render();
};`;

export const GRAPH_CLIENT_JS = compactScript(GRAPH_CLIENT_SOURCE);
