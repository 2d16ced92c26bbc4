// Browser test of the web UI: headless Debian chromium, driven by playwright-core, loads
// the page of a running cluster, waits for the graph, checks it shows every peer and the
// tree (peers - 1 tree links), clicks a peer and checks its details, then publishes a
// message and opens its trace. Screenshots go to OUT_DIR.
//
//   node webui_browser_test.mjs URL PEERS OUT_DIR TOKEN
//
// Exit 0 when every check passed, 1 otherwise. Every wait is bounded.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

const [url, peersText, outDir, token] = process.argv.slice(2);
const peers = Number(peersText);
const CHROMIUM = process.env.GOCAST_CHROMIUM || '/usr/bin/chromium';
const CLUSTER_LIMIT_MS = 60000;  // the cluster forms its tree within seconds; bound the wait
const UI_LIMIT_MS = 20000;

function check(ok, what) {
  if (!ok) throw new Error('check failed: ' + what);
  console.log('ok - ' + what);
}

// Waits until the peer's own survey sees every peer in one tree (plain HTTP, no browser).
async function waitForCluster() {
  const deadline = Date.now() + CLUSTER_LIMIT_MS;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url + 'api/topology');
      const t = await res.json();
      const roots = new Set(t.peers.map((p) => p.root));
      const treeLinks = t.peers.filter((p) => p.parent).length;
      last = `count ${t.count}, roots ${roots.size}, tree links ${treeLinks}, partial ${t.partial}`;
      if (t.count === peers && roots.size === 1 && treeLinks === peers - 1 && !t.partial) return;
    } catch (e) {
      last = e.message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('cluster did not converge: ' + last);
}

async function main() {
  mkdirSync(outDir, { recursive: true });
  await waitForCluster();
  console.log('ok - cluster of ' + peers + ' peers converged');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url, { timeout: UI_LIMIT_MS });
    await page.waitForSelector('body[data-ready="1"]', { timeout: UI_LIMIT_MS });
    await page.waitForFunction((n) => window.gocast.nodeCount() === n, peers, { timeout: UI_LIMIT_MS });
    check((await page.evaluate(() => window.gocast.nodeCount())) === peers, `graph shows ${peers} peers`);
    const treeLinks = await page.evaluate(() => window.gocast.treeEdgeCount());
    check(treeLinks === peers - 1, `graph shows the tree (${treeLinks} tree links)`);
    check((await page.evaluate(() => window.gocast.cy.nodes('.root').length)) === 1, 'one root is marked');
    check((await page.textContent('#node-count')) === String(peers), 'summary counts every peer');

    // Click a peer that is not the root, where it is drawn.
    const target = await page.evaluate(() => {
      const n = window.gocast.cy.nodes().not('.root').first();
      const p = n.renderedPosition();
      const box = document.getElementById('graph').getBoundingClientRect();
      return { id: n.id(), x: box.left + p.x, y: box.top + p.y };
    });
    await page.mouse.click(target.x, target.y);
    await page.waitForFunction((id) => document.getElementById('details').textContent.includes(id), target.id,
                               { timeout: UI_LIMIT_MS });
    check(true, 'clicking peer ' + target.id + ' shows its details');
    const rows = await page.$$eval('#details table:nth-of-type(2) tr', (r) => r.length - 1);
    check(rows >= 1, `details list its ${rows} neighbours`);
    await page.screenshot({ path: outDir + '/webui.png' });

    // A message published at this peer, then its trace.
    const res = await fetch(url + 'api/publish?topic=browser', {
      method: 'POST', body: 'hello from the browser test', headers: { Authorization: 'Bearer ' + token } });
    check(res.status === 200, 'publish with the token');
    const msg = (await res.json()).id;
    await page.evaluate(() => window.gocast.refresh());
    await page.waitForSelector(`#messages li[data-id="${msg}"]`, { timeout: UI_LIMIT_MS });
    // Arrivals spread within milliseconds on loopback; trace until every peer reports one.
    const deadline = Date.now() + UI_LIMIT_MS;
    let reached = '';
    while (Date.now() < deadline) {
      await page.click(`#messages li[data-id="${msg}"]`);
      await page.waitForSelector('#trace table', { timeout: UI_LIMIT_MS });
      reached = await page.textContent('#trace p');
      if (reached.includes(`reached ${peers} of ${peers}`)) break;
    }
    check(reached.includes(`reached ${peers} of ${peers}`), 'trace shows every peer: ' + reached.trim());
    const hops = await page.evaluate(() => window.gocast.cy.edges('.hop').length);
    check(hops === peers - 1, `trace draws ${hops} hops`);
    await page.screenshot({ path: outDir + '/webui-trace.png' });
    check(errors.length === 0, 'no page errors' + (errors.length ? ': ' + errors.join('; ') : ''));
  } finally {
    await browser.close();
  }
}

main().then(() => process.exit(0), (e) => {
  console.error('FAIL: ' + e.message);
  process.exit(1);
});
