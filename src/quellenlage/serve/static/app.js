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
  const W = svg.clientWidth || 900, H = svg.clientHeight || 560;
  const nodes = graph.nodes.map((n, i) => {
    const a = 2 * Math.PI * i / Math.max(1, graph.nodes.length);  // deterministic start: a circle
    return Object.assign({x: W / 2 + Math.cos(a) * W / 3, y: H / 2 + Math.sin(a) * H / 3, vx: 0, vy: 0}, n);
  });
  const byId = new Map(nodes.map(n => [n.id, n]));
  const edges = graph.edges.filter(e => byId.has(e.source) && byId.has(e.target))
                           .map(e => Object.assign({}, e, {s: byId.get(e.source), t: byId.get(e.target)}));
  const radius = n => 5 + Math.min(14, Math.sqrt(n.reports || 1) * 2);
  const short = s => (s.length > 36 ? s.slice(0, 35) + "…" : s);
  const labelWidth = n => short(n.name).length * 6.6 + radius(n) + 8;

  // Fruchterman-Reingold layout, a fixed number of steps (bounded work): repulsion k²/d, attraction d²/k, gravity.
  const k = Math.min(160, 0.75 * Math.sqrt(W * H / Math.max(1, nodes.length)));
  const STEPS = 300;
  for (let step = 0; step < STEPS; step++) {
    const temp = (W / 10) * (1 - step / STEPS) + 1;
    for (const a of nodes) { a.fx = (W / 2 - a.x) * 0.02; a.fy = (H / 2 - a.y) * 0.02; }
    for (let i = 0; i < nodes.length; i++) for (let j = i + 1; j < nodes.length; j++) {
      const a = nodes[i], b = nodes[j];
      const dx = a.x - b.x, dy = a.y - b.y, d = Math.sqrt(dx * dx + dy * dy) + 0.01;
      const f = k * k / d / d;
      a.fx += dx * f; a.fy += dy * f; b.fx -= dx * f; b.fy -= dy * f;
    }
    for (const e of edges) {
      const dx = e.t.x - e.s.x, dy = e.t.y - e.s.y, d = Math.sqrt(dx * dx + dy * dy) + 0.01;
      const f = d / k;
      e.s.fx += dx * f; e.s.fy += dy * f; e.t.fx -= dx * f; e.t.fy -= dy * f;
    }
    for (const a of nodes) {
      const m = Math.sqrt(a.fx * a.fx + a.fy * a.fy) || 1, lim = Math.min(m, temp);
      a.x += a.fx / m * lim; a.y += a.fy / m * lim;
      a.x = Math.max(20, Math.min(W - labelWidth(a), a.x)); a.y = Math.max(20, Math.min(H - 20, a.y));
    }
  }

  const view = document.createElementNS(NS, "g");
  svg.appendChild(view);
  const defs = document.createElementNS(NS, "defs");
  defs.innerHTML = '<marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#9aa0ad"/></marker>';
  svg.appendChild(defs);
  const edgeEls = edges.map(e => {
    const p = document.createElementNS(NS, "line");
    p.setAttribute("class", "edge");
    p.setAttribute("stroke-width", String(1 + Math.min(5, Math.log2(e.reports || 1))));
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
    c.setAttribute("r", String(radius(n)));
    c.setAttribute("class", "n-" + (n.type || "other"));
    const label = document.createElementNS(NS, "text");
    label.textContent = short(n.name);
    const full = document.createElementNS(NS, "title");
    full.textContent = `${n.name} (${n.type})`;
    c.appendChild(full);
    label.setAttribute("dx", String(radius(n) + 3));
    label.setAttribute("dy", "4");
    g.append(c, label);
    view.appendChild(g);
    return g;
  });
  function draw() {
    edges.forEach((e, i) => {
      const dx = e.t.x - e.s.x, dy = e.t.y - e.s.y, d = Math.sqrt(dx * dx + dy * dy) || 1, r = radius(e.t) + 2;
      edgeEls[i].setAttribute("x1", e.s.x); edgeEls[i].setAttribute("y1", e.s.y);
      edgeEls[i].setAttribute("x2", e.t.x - dx / d * r); edgeEls[i].setAttribute("y2", e.t.y - dy / d * r);
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
  // Zoom (wheel), pan (drag background), drag nodes, click a node to open its actor page.
  let scale = 1, tx = 0, ty = 0, drag = null, moved = false;
  const apply = () => view.setAttribute("transform", `translate(${tx},${ty}) scale(${scale})`);
  const toGraph = ev => { const r = svg.getBoundingClientRect(); return {x: (ev.clientX - r.left - tx) / scale, y: (ev.clientY - r.top - ty) / scale}; };
  svg.addEventListener("wheel", ev => {
    ev.preventDefault();
    const r = svg.getBoundingClientRect(), mx = ev.clientX - r.left, my = ev.clientY - r.top;
    const f = ev.deltaY < 0 ? 1.15 : 1 / 1.15, ns = Math.max(0.3, Math.min(5, scale * f));
    tx = mx - (mx - tx) * ns / scale; ty = my - (my - ty) * ns / scale; scale = ns; apply();
  }, {passive: false});
  svg.addEventListener("pointerdown", ev => {
    const g = ev.target.closest(".node");
    drag = g ? {node: nodes[nodeEls.indexOf(g)]} : {pan: true, x: ev.clientX - tx, y: ev.clientY - ty};
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
    else { tx = ev.clientX - drag.x; ty = ev.clientY - drag.y; apply(); }
  });
  svg.addEventListener("pointerup", ev => {
    const d = drag; drag = null;
    if (d && d.node && !moved && d.node.href) window.location.href = d.node.href;
  });
}

document.addEventListener("DOMContentLoaded", () => { initArticle(); initGraph(); });
