// GoCast web UI: draws the whole overlay from /api/topology (a survey along the tree),
// shows a peer's details on click, and replays a message's spread from /api/trace.
// Served from the peer binary; no external network. Test hooks: window.gocast and
// body[data-ready="1"] once the first graph is drawn.
'use strict';

const REFRESH_MS = 5000;
const SITE_COLORS = ['#4e79a7', '#59a14f', '#af7aa1', '#76b7b2', '#edc948', '#ff9da7',
                     '#9c755f', '#f28e2b', '#bab0ac', '#e15759'];

const state = { status: null, topology: null, trace: null, selected: null, timer: null, busy: false };
const $ = (id) => document.getElementById(id);

function ms(us) { return (us / 1000).toFixed(us < 10000 ? 2 : 1) + ' ms'; }
function shortId(id) { return id ? id.slice(0, 6) : '-'; }
// Peers are coloured by site; without sites (the simulator), by the region of their host
// name ("eu-2-17" -> "eu"), so a geographic dataset still shows its regions.
function colorKey(p) {
  if (p.site !== 0) return p.site;
  if (!p.city) return 0;
  let h = 0;
  for (const c of p.city.split('-')[0]) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return 1 + (h % SITE_COLORS.length);
}
function siteColor(key) { return key === 0 ? '#8d99a6' : SITE_COLORS[key % SITE_COLORS.length]; }
function esc(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

async function getJson(path) {
  const res = await fetch(path, { cache: 'no-store' });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body.error || ('HTTP ' + res.status));
  return body;
}

const cy = cytoscape({
  container: $('graph'),
  wheelSensitivity: 0.3,
  maxZoom: 2,  // a small overlay is not blown up past readable label sizes
  style: [
    { selector: 'node', style: {
        'background-color': 'data(color)', 'label': 'data(label)', 'font-size': 8, 'min-zoomed-font-size': 7, 'color': '#1d2430',
        'text-valign': 'bottom', 'text-margin-y': 2, 'width': 16, 'height': 16,
        'border-width': 1, 'border-color': '#ffffff' } },
    { selector: 'node.self', style: { 'border-width': 3, 'border-color': '#1d2430' } },
    { selector: 'node.root', style: { 'shape': 'star', 'width': 30, 'height': 30, 'background-color': '#ffd54f', 'z-index': 10,
        'border-width': 2, 'border-color': '#1f3a5f', 'font-weight': 'bold' } },
    { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#c62828' } },
    { selector: 'node.missed', style: { 'opacity': 0.35 } },
    { selector: 'edge', style: { 'width': 1.5, 'line-color': '#9aa5b1', 'curve-style': 'straight' } },
    { selector: 'edge.random', style: { 'line-color': '#e07b00', 'line-style': 'dashed' } },
    { selector: 'edge.tree', style: { 'width': 4, 'line-color': '#1f3a5f', 'line-style': 'solid' } },
    { selector: 'edge.hop', style: { 'target-arrow-shape': 'triangle', 'target-arrow-color': '#2e7d32',
        'line-color': '#2e7d32', 'width': 3, 'curve-style': 'bezier', 'label': 'data(label)',
        'font-size': 7, 'text-background-color': '#fff', 'text-background-opacity': 0.8 } },
    { selector: 'edge.hop.pull', style: { 'line-color': '#c62828', 'target-arrow-color': '#c62828', 'line-style': 'dashed' } },
    { selector: '.faded', style: { 'opacity': 0.25 } },
  ],
});

// --- graph from a topology answer ---
function elementsOf(topo) {
  const nodes = [];
  const edges = new Map();
  const known = new Set(topo.peers.map((p) => p.id));
  const self = state.status ? state.status.id : null;
  for (const p of topo.peers) {
    const classes = [];
    if (p.id === p.root) classes.push('root');
    if (p.id === self) classes.push('self');
    const label = shortId(p.id) + (p.id === p.root ? ' (root)' : '');
    const pos = (p.lat !== undefined && p.lon !== undefined) ? { lat: p.lat, lon: p.lon } : null;
    nodes.push({ group: 'nodes', data: { id: p.id, label, color: siteColor(colorKey(p)), peer: p, geo: pos }, classes: classes.join(' ') });
    for (const n of p.neighbors) {
      if (!known.has(n.id)) continue;
      const key = p.id < n.id ? p.id + '|' + n.id : n.id + '|' + p.id;
      const e = edges.get(key) || { tree: false, random: false, rtts: [] };
      e.tree = e.tree || n.tree !== 'none';
      e.random = e.random || n.kind === 'random';
      if (n.rtt_us > 0) e.rtts.push(n.rtt_us);
      edges.set(key, e);
    }
  }
  const out = nodes;
  for (const [key, e] of edges) {
    const [a, b] = key.split('|');
    const rtt = e.rtts.length ? e.rtts.reduce((x, y) => x + y, 0) / e.rtts.length : 0;
    const kind = e.random ? 'random' : 'nearby';
    out.push({ group: 'edges', data: { id: 'l:' + key, source: a, target: b, rtt, kind, tree: e.tree },
               classes: kind + (e.tree ? ' tree' : '') });
  }
  return out;
}

function runLayout() {
  const mode = $('layout').value;
  const root = cy.nodes('.root').first();
  if (mode === 'map' && hasGeo()) {
    const w = cy.width() || 800, h = cy.height() || 600;
    cy.layout({ name: 'preset', fit: true, padding: 30, positions: (n) => {
      const g = n.data('geo');
      if (!g) return { x: 0, y: 0 };
      // Peers of one host or city share coordinates: spread them a little, by id.
      const k = parseInt(n.id().slice(-4), 16);
      return { x: (g.lon + 180) / 360 * w * 2 + (k % 17) - 8, y: (90 - g.lat) / 180 * h * 2 + ((k >> 5) % 17) - 8 };
    } }).run();
  } else if ((mode === 'tree' || mode === 'radial') && root.nonempty()) {
    // Laid out along the tree links only, so every peer sits at its tree depth.
    const tree = cy.nodes().union(cy.edges('.tree'));
    tree.layout({ name: 'breadthfirst', roots: root, directed: false, circle: mode === 'radial',
                  spacingFactor: mode === 'radial' ? 0.9 : 1.1, fit: false, animate: false }).run();
    cy.fit(undefined, 30);
  } else {
    cy.layout({ name: 'cose', animate: false, fit: true, padding: 30, randomize: true,
                nodeRepulsion: () => 40000, idealEdgeLength: (e) => (e.hasClass('tree') ? 90 : 180) }).run();
  }
}

function hasGeo() { return cy.nodes().some((n) => n.data('geo')); }

function applyTopology(topo) {
  state.topology = topo;
  const els = elementsOf(topo);
  const ids = new Set(els.map((e) => e.data.id));
  const before = new Set(cy.nodes().map((n) => n.id()));
  let changed = false;
  cy.batch(() => {
    cy.elements().forEach((el) => { if (!ids.has(el.id()) && !el.hasClass('hop')) { el.remove(); changed = true; } });
    for (const e of els) {
      const have = cy.getElementById(e.data.id);
      if (have.nonempty()) {
        have.data(e.data);
        have.classes(e.classes);
      } else {
        cy.add(e);
        if (e.group === 'nodes' && !before.has(e.data.id)) changed = true;
      }
    }
  });
  $('layout').querySelector('option[value=map]').disabled = !hasGeo();
  if (changed) runLayout();
  const treeEdges = cy.edges('.tree').length;
  $('node-count').textContent = cy.nodes().length;
  $('tree-edge-count').textContent = treeEdges;
  $('edge-count').textContent = cy.edges().not('.hop').length;
  $('partial').textContent = topo.partial ? 'partial answer (some peers did not reply in time)' : '';
  if (state.selected) showPeer(state.selected);
  if (state.trace) drawTrace(state.trace);
  document.body.dataset.ready = '1';
}

// --- panels ---
function showPeer(id) {
  state.selected = id;
  const p = state.topology && state.topology.peers.find((x) => x.id === id);
  if (!p) { $('details').innerHTML = '<p class="hint">Peer not in the last answer.</p>'; return; }
  const rows = [
    ['id', '<code>' + esc(p.id) + '</code>'],
    ['address', esc(p.address || '(unknown)')],
    ['site', esc(p.site)],
  ];
  if (p.city) rows.push(['host', esc(p.city)]);
  rows.push(['root', p.id === p.root ? 'this peer' : '<code>' + esc(shortId(p.root)) + '</code>']);
  rows.push(['parent', p.parent ? '<code>' + esc(shortId(p.parent)) + '</code>' : '-']);
  rows.push(['depth', esc(p.depth)]);
  let html = '<table>' + rows.map(([k, v]) => '<tr><th>' + k + '</th><td>' + v + '</td></tr>').join('') + '</table>';
  html += '<h3>neighbours (' + p.neighbors.length + ')</h3><table><tr><th>id</th><th>kind</th><th>tree</th><th>RTT</th></tr>';
  for (const n of p.neighbors) {
    html += '<tr><td><a href="#" data-peer="' + esc(n.id) + '"><code>' + esc(shortId(n.id)) + '</code></a></td><td>' +
            esc(n.kind) + '</td><td>' + esc(n.tree) + '</td><td>' + (n.rtt_us ? ms(n.rtt_us) : '-') + '</td></tr>';
  }
  html += '</table>';
  $('details').innerHTML = html;
  $('details').querySelectorAll('a[data-peer]').forEach((a) => a.addEventListener('click', (ev) => {
    ev.preventDefault();
    cy.$(':selected').unselect();
    cy.getElementById(a.dataset.peer).select();
    showPeer(a.dataset.peer);
  }));
}

function showSummary(s) {
  const parts = ['peer <code>' + esc(shortId(s.id)) + '</code>', esc(s.address)];
  parts.push(s.is_root ? 'root' : 'root <code>' + esc(shortId(s.root)) + '</code>, depth ' + esc(s.depth));
  parts.push('degree ' + s.degrees.nearby + '+' + s.degrees.random);
  parts.push('up ' + Math.round(s.uptime_s) + ' s');
  if (s.mode === 'sim') parts.push('simulated overlay at ' + s.sim.time_s.toFixed(1) + ' s');
  $('peer-summary').innerHTML = parts.join(' &middot; ');
}

async function loadMessages() {
  const list = await getJson('/api/messages?limit=50');
  const ul = $('messages');
  if (!list.length) { ul.innerHTML = '<li class="hint">none yet</li>'; return; }
  ul.innerHTML = list.map((m) => '<li data-id="' + esc(m.id) + '"' + (state.trace && state.trace.message === m.id ? ' class="selected"' : '') +
    '><code>' + esc(m.id.slice(0, 6) + ':' + m.id.split(':')[1]) + '</code> ' + esc(m.topic) +
    ' <span class="path-' + esc(m.path) + '">' + esc(m.path) + '</span> ' + Math.round(m.age_us / 1e6) + ' s ago</li>').join('');
  ul.querySelectorAll('li[data-id]').forEach((li) => li.addEventListener('click', () => loadTrace(li.dataset.id)));
}

// --- traces ---
async function loadTrace(id) {
  $('trace').innerHTML = '<p class="hint">tracing ' + esc(id) + '...</p>';
  try {
    const t = await getJson('/api/trace?id=' + encodeURIComponent(id));
    state.trace = t;
    drawTrace(t);
    loadMessages().catch(() => {});
  } catch (e) {
    $('trace').innerHTML = '<p class="hint">trace failed: ' + esc(e.message) + '</p>';
  }
}

function drawTrace(t) {
  cy.edges('.hop').remove();
  cy.nodes().removeClass('missed');
  const reached = t.peers.filter((p) => p.arrival);
  const byTime = reached.slice().sort((a, b) => a.arrival.at_us - b.arrival.at_us);
  cy.batch(() => {
    for (const p of t.peers) if (!p.arrival) cy.getElementById(p.id).addClass('missed');
    for (const p of reached) {
      const a = p.arrival;
      if (a.path === 'local' || cy.getElementById(a.from).empty() || cy.getElementById(p.id).empty()) continue;
      cy.add({ group: 'edges', data: { id: 'hop:' + p.id, source: a.from, target: p.id, label: '+' + ms(a.at_us) },
               classes: 'hop ' + (a.path === 'pull' ? 'pull' : 'tree') });
    }
  });
  cy.elements().not('.hop').not('node').addClass('faded');
  const pulls = reached.filter((p) => p.arrival.path === 'pull').length;
  let html = '<p><code>' + esc(t.message) + '</code>: reached ' + reached.length + ' of ' + t.peers.length +
             ' peers; ' + pulls + ' by gossip pull' + (t.partial ? ' <b>(partial)</b>' : '') +
             ' <button id="clear-trace">clear</button></p>';
  html += '<table><tr><th>+time</th><th>peer</th><th>how</th><th>from</th><th>hops</th></tr>';
  for (const p of byTime) {
    const when = (p.arrival.clamped ? '&ge;' : '') + ms(p.arrival.at_us);
    html += '<tr><td title="' + (p.arrival.clamped ? 'estimate raised to the sender\'s time' : '') + '">' + when + '</td><td><code>' + esc(shortId(p.id)) + '</code></td><td class="path-' +
            esc(p.arrival.path) + '">' + esc(p.arrival.path) + '</td><td><code>' + esc(shortId(p.arrival.from)) +
            '</code></td><td>' + esc(p.arrival.hops) + '</td></tr>';
  }
  $('trace').innerHTML = html + '</table>';
  $('clear-trace').addEventListener('click', () => {
    state.trace = null;
    cy.edges('.hop').remove();
    cy.elements().removeClass('faded missed');
    $('trace').innerHTML = '<p class="hint">Pick a message to see how it spread.</p>';
    loadMessages().catch(() => {});
  });
}

// --- refresh loop ---
async function refresh() {
  if (state.busy) return;
  state.busy = true;
  try {
    state.status = await getJson('/api/status');
    showSummary(state.status);
    applyTopology(await getJson('/api/topology'));
    await loadMessages();
  } catch (e) {
    $('peer-summary').textContent = 'cannot reach the peer: ' + e.message;
  } finally {
    state.busy = false;
  }
}

function schedule() {
  clearInterval(state.timer);
  if ($('live').checked) state.timer = setInterval(refresh, REFRESH_MS);
}

cy.on('tap', 'node', (ev) => showPeer(ev.target.id()));
cy.on('mouseover', 'edge', (ev) => {
  const e = ev.target;
  const tip = $('tooltip');
  if (e.hasClass('hop')) {
    tip.textContent = shortId(e.source().id()) + ' -> ' + shortId(e.target().id()) + ' at ' + e.data('label');
  } else {
    tip.textContent = shortId(e.source().id()) + ' - ' + shortId(e.target().id()) + ': ' + e.data('kind') +
      (e.data('tree') ? ', tree' : '') + ', RTT ' + (e.data('rtt') ? ms(e.data('rtt')) : 'not measured');
  }
  const p = ev.renderedPosition;
  tip.style.left = (p.x + 12) + 'px';
  tip.style.top = (p.y + 12) + 'px';
  tip.hidden = false;
});
cy.on('mouseout', 'edge', () => { $('tooltip').hidden = true; });
$('layout').addEventListener('change', runLayout);
$('live').addEventListener('change', schedule);
$('refresh').addEventListener('click', refresh);

window.gocast = {
  cy,
  refresh,
  nodeCount: () => cy.nodes().length,
  treeEdgeCount: () => cy.edges('.tree').length,
};

refresh();
schedule();
