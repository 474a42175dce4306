// quellenlage web UI: chain panel on the article view and the interactive source graph. No dependencies.
// Article text is never inserted as HTML here: the server escapes it, and the graph uses textContent only.
"use strict";

function initArticle() {
  const text = document.getElementById("article-text");
  if (!text) return;
  const empty = document.getElementById("chain-empty");
  let pinned = null;

  function show(id) {
    document.querySelectorAll("#chain-panel .chain").forEach(c => { c.hidden = c.dataset.attribution !== id; });
    if (empty) empty.hidden = !!id;
  }
  function mark(id) {
    document.querySelectorAll("mark.active, .chain-link.active").forEach(m => m.classList.remove("active"));
    if (!id) return;
    document.querySelectorAll("[data-attribution]").forEach(m => {
      if (m.dataset.attribution === id && (m.tagName === "MARK" || m.classList.contains("chain-link"))) {
        m.classList.add("active");
      }
    });
  }
  function pin(id) {
    pinned = (pinned === id) ? null : id;
    show(pinned); mark(pinned);
  }
  text.addEventListener("mouseover", e => {
    const m = e.target.closest("mark[data-attribution]");
    if (m && !pinned) show(m.dataset.attribution);
  });
  text.addEventListener("mouseleave", () => { if (!pinned) show(null); });
  text.addEventListener("click", e => {
    const m = e.target.closest("mark[data-attribution]");
    if (m) pin(m.dataset.attribution);
  });
  document.querySelectorAll(".chain-link").forEach(b => b.addEventListener("click", () => {
    const id = b.dataset.attribution;
    pin(id);
    const first = text.querySelector(`mark[data-attribution="${CSS.escape(id)}"]`);
    if (first && pinned) first.scrollIntoView({block: "center", behavior: "smooth"});
  }));
  document.addEventListener("keydown", e => { if (e.key === "Escape" && pinned) pin(pinned); });
}

function initGraph() {
  const svg = document.getElementById("graph");
  const data = document.getElementById("graph-data");
  if (!svg || !data) return;
  const graph = JSON.parse(data.textContent);
  const NS = "http://www.w3.org/2000/svg";
  const nodes = graph.nodes.map(n => Object.assign({x: 0, y: 0, outs: 0, ins: 0}, n));
  const byId = new Map(nodes.map(n => [n.id, n]));
  const edges = graph.edges.filter(e => byId.has(e.source) && byId.has(e.target))
                           .map(e => Object.assign({}, e, {s: byId.get(e.source), t: byId.get(e.target)}));
  const maxNode = Math.max(1, ...nodes.map(n => n.reports || 1));
  const maxEdge = Math.max(1, ...edges.map(e => e.reports || 1));
  const radius = n => 4 + 8 * Math.sqrt((n.reports || 1) / maxNode);
  const short = s => (s.length > 40 ? s.slice(0, 39) + "…" : s);

  // Layered layout, readable however dense the citations are: who only cites (outlets) on the left, who only
  // is cited on the right, who does both in the middle; one row per node, rows ordered to limit crossings.
  edges.forEach(e => { e.s.outs++; e.t.ins++; });
  const cols = [[], [], []];
  nodes.forEach(n => cols[n.ins === 0 ? 0 : n.outs === 0 ? 2 : 1].push(n));
  const ROW = 22, PAD = 24;
  const rows = Math.max(...cols.map(c => c.length), 1);
  const W = svg.clientWidth || 900, H = Math.max(420, rows * ROW + 2 * PAD);
  svg.style.height = H + "px";  // one 22 px row per node at scale 1: labels stay legible; wheel zooms out
  const used = cols.map((c, i) => (c.length ? i : -1)).filter(i => i >= 0);
  const xs = used.length === 3 ? [0.3, 0.5, 0.7] : used.length === 2 ? [0.35, 0, 0.65] : [0.5, 0.5, 0.5];
  cols[2].sort((a, b) => (b.reports || 0) - (a.reports || 0));
  const place = col => col.forEach((n, i) => { n.y = PAD + (i + 0.5) * ((H - 2 * PAD) / col.length); });
  place(cols[2]);
  for (const c of [1, 0]) {  // barycentre of the cited nodes' rows
    const bary = n => {
      const ys = edges.filter(e => e.s === n).map(e => e.t.y);
      return ys.length ? ys.reduce((a, b) => a + b, 0) / ys.length : H;
    };
    cols[c].forEach(n => { n.y = bary(n); });
    cols[c].sort((a, b) => a.y - b.y);
    place(cols[c]);
  }
  cols.forEach((col, c) => col.forEach(n => { n.x = W * xs[c]; n.col = c; }));
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  svg.classList.toggle("dense", edges.length > 100);  // many edges: fainter, the hovered ones stand out

  const view = document.createElementNS(NS, "g");
  svg.appendChild(view);
  const defs = document.createElementNS(NS, "defs");
  defs.innerHTML = '<marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" ' +
    'markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0L10,5L0,10z" fill="#7d8494"/></marker>';
  svg.appendChild(defs);
  const edgeEls = edges.map(e => {
    const p = document.createElementNS(NS, "path");
    p.setAttribute("class", "edge");
    p.setAttribute("stroke-width", (0.8 + 3.2 * Math.sqrt((e.reports || 1) / maxEdge)).toFixed(2));
    p.setAttribute("marker-end", "url(#arrow)");
    const t = document.createElementNS(NS, "title");
    t.textContent = `${e.s.name} cites ${e.t.name}: ${e.reports} report(s)`;
    p.appendChild(t);
    view.appendChild(p);
    return p;
  });
  const info = document.getElementById("graph-info");
  const nodeEls = nodes.map(n => {
    const g = document.createElementNS(NS, "g");
    g.setAttribute("class", "node");
    g.dataset.id = n.id;
    const c = document.createElementNS(NS, "circle");
    c.setAttribute("r", radius(n).toFixed(1));
    c.setAttribute("class", "n-" + (n.type || "other"));
    const full = document.createElementNS(NS, "title");
    full.textContent = `${n.name} (${n.type})`;
    c.appendChild(full);
    const label = document.createElementNS(NS, "text");
    label.textContent = short(n.name);
    const left = n.col === 0;  // labels point away from the edges
    label.setAttribute("text-anchor", left ? "end" : "start");
    label.setAttribute("dx", String((left ? -1 : 1) * (radius(n) + 4)));
    label.setAttribute("dy", "4");
    g.append(c, label);
    view.appendChild(g);
    return g;
  });
  function draw() {
    edges.forEach((e, i) => {
      const r = radius(e.t) + 2, dx = e.t.x - e.s.x, mid = e.s.x + dx / 2;
      const dir = dx >= 0 ? 1 : -1;
      edgeEls[i].setAttribute("d", `M${e.s.x},${e.s.y} C${mid},${e.s.y} ${mid},${e.t.y} ${e.t.x - dir * r},${e.t.y}`);
    });
    nodes.forEach((n, i) => nodeEls[i].setAttribute("transform", `translate(${n.x},${n.y})`));
  }
  draw();

  function highlight(n) {
    const near = new Set(n ? [n.id] : []);
    edges.forEach((e, i) => {
      const on = n && (e.s === n || e.t === n);
      if (on) { near.add(e.s.id); near.add(e.t.id); }
      edgeEls[i].classList.toggle("hl", !!on);
      edgeEls[i].classList.toggle("dim", !!n && !on);
    });
    nodeEls.forEach((g, i) => g.classList.toggle("dim", !!n && !near.has(nodes[i].id)));
    if (info) {
      if (!n) { info.textContent = ""; return; }
      const cites = edges.filter(e => e.s === n).length, cited = edges.filter(e => e.t === n).length;
      info.textContent = `${n.name} (${n.type}): cites ${cites}, cited by ${cited}, ${n.reports} report(s)`;
    }
  }
  // Zoom (Ctrl + wheel), pan (drag background), drag nodes, click a node to open its actor page.
  let scale = 1, tx = 0, ty = 0, drag = null, moved = false;
  const apply = () => view.setAttribute("transform", `translate(${tx},${ty}) scale(${scale})`);
  const toGraph = ev => {
    const pt = svg.createSVGPoint(); pt.x = ev.clientX; pt.y = ev.clientY;
    const p = pt.matrixTransform(svg.getScreenCTM().inverse());
    return {x: (p.x - tx) / scale, y: (p.y - ty) / scale};
  };
  svg.addEventListener("wheel", ev => {
    if (!ev.ctrlKey && !ev.metaKey) return;  // a plain wheel scrolls the page; Ctrl + wheel zooms
    ev.preventDefault();
    const pt = svg.createSVGPoint(); pt.x = ev.clientX; pt.y = ev.clientY;
    const m = pt.matrixTransform(svg.getScreenCTM().inverse());
    const f = ev.deltaY < 0 ? 1.15 : 1 / 1.15, ns = Math.max(0.3, Math.min(6, scale * f));
    tx = m.x - (m.x - tx) * ns / scale; ty = m.y - (m.y - ty) * ns / scale; scale = ns; apply();
  }, {passive: false});
  svg.addEventListener("pointerdown", ev => {
    const g = ev.target.closest(".node");
    drag = g ? {node: nodes[nodeEls.indexOf(g)]} : {pan: true, x: ev.clientX, y: ev.clientY, tx, ty};
    moved = false;
    svg.setPointerCapture(ev.pointerId);
  });
  svg.addEventListener("pointermove", ev => {
    if (!drag) {
      const g = ev.target.closest(".node");
      highlight(g ? nodes[nodeEls.indexOf(g)] : null);
      return;
    }
    moved = true;
    if (drag.node) { const p = toGraph(ev); drag.node.x = p.x; drag.node.y = p.y; draw(); }
    else {
      const k = svg.getScreenCTM().a || 1;
      tx = drag.tx + (ev.clientX - drag.x) / k; ty = drag.ty + (ev.clientY - drag.y) / k; apply();
    }
  });
  svg.addEventListener("pointerup", () => {
    const d = drag; drag = null;
    if (d && d.node && !moved && d.node.href) window.location.href = d.node.href;
  });
}

document.addEventListener("DOMContentLoaded", () => { initArticle(); initGraph(); });
