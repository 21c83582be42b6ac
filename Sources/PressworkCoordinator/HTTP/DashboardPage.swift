/// The dashboard served at `GET /`: one self-contained page (inline CSS and JS, no external assets) with
/// views chosen by the URL's fragment: the overview (polling `api/status` and `api/history` every 2 s, charts
/// over 10 minutes, 1 hour or 24 hours drawn on canvases by hand), the job list with filters and paging,
/// a job's page, running jobs, failures by code and workers, with their actions (retry, delete, cancel,
/// drain) after a confirmation. Every URL it uses is relative, so it works under a proxy's prefix; data
/// only ever reaches the DOM through `textContent`.
enum DashboardPage {
    static let contentType = "text/html; charset=utf-8"
    /// The page loads nothing from elsewhere and may not be framed (clickjacking its buttons).
    static let securityHeaders = [
        "Content-Security-Policy: default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
            + "img-src data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
        "X-Content-Type-Options: nosniff", "Referrer-Policy: no-referrer", "X-Frame-Options: DENY",
    ]

    static let html = #"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Presswork</title>
        <style>
        body { font-family: system-ui, sans-serif; margin: 0; background: #f4f5f7; color: #222; }
        header { background: #263238; color: #fff; padding: 10px 18px 0 18px; }
        header h1 { font-size: 18px; margin: 0 0 4px 0; }
        #coordinator { font-size: 13px; opacity: 0.9; }
        nav { margin-top: 8px; }
        nav a { color: #cfd8dc; text-decoration: none; padding: 6px 12px; display: inline-block; font-size: 14px; }
        nav a.active { color: #fff; border-bottom: 3px solid #4fc3f7; }
        #banner { display: none; background: #c62828; color: #fff; padding: 10px 18px; font-weight: bold; }
        #notice { display: none; background: #2e7d32; color: #fff; padding: 8px 18px; }
        main { padding: 12px 18px; }
        .view { display: none; }
        .view.active { display: block; }
        .cards { display: flex; flex-wrap: wrap; gap: 10px; margin-bottom: 12px; }
        .card { background: #fff; border-radius: 6px; padding: 8px 14px; min-width: 90px;
          box-shadow: 0 1px 2px rgba(0,0,0,0.1); }
        .card .label { font-size: 12px; color: #666; }
        .card .value { font-size: 22px; font-weight: bold; }
        .charts { display: flex; flex-wrap: wrap; gap: 12px; margin-bottom: 12px; }
        .chart { background: #fff; border-radius: 6px; padding: 8px; box-shadow: 0 1px 2px rgba(0,0,0,0.1); }
        .chart h2, section h2 { font-size: 14px; margin: 0 0 6px 0; }
        table { border-collapse: collapse; background: #fff; width: 100%; font-size: 13px; }
        th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid #e3e3e3; vertical-align: top; }
        th { background: #eceff1; }
        td.num, th.num { text-align: right; }
        .muted { color: #777; font-size: 12px; }
        section { margin-bottom: 12px; }
        .columns { display: flex; flex-wrap: wrap; gap: 12px; }
        .columns section { flex: 1 1 320px; }
        .state-up, .state-done { color: #2e7d32; font-weight: bold; }
        .state-draining, .state-leased, .state-queued { color: #ef6c00; font-weight: bold; }
        .state-lost, .state-dead { color: #c62828; font-weight: bold; }
        .state-cancelled { color: #555; font-weight: bold; }
        tr.lost td { background: #fdecea; }
        .bar { background: #90caf9; height: 10px; display: inline-block; vertical-align: middle; margin-right: 6px; }
        .dead { color: #c62828; font-weight: bold; }
        .retried { color: #ef6c00; }
        form.filters { display: flex; flex-wrap: wrap; gap: 8px; margin-bottom: 10px; align-items: end; }
        form.filters label { font-size: 12px; color: #555; display: flex; flex-direction: column; }
        input, select, button { font: inherit; font-size: 13px; padding: 4px 6px; }
        button { cursor: pointer; border: 1px solid #90a4ae; background: #fff; border-radius: 4px; }
        button.danger { border-color: #c62828; color: #c62828; }
        .actions { display: flex; gap: 8px; margin: 8px 0; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; background: #fff;
          padding: 10px; border-radius: 6px; font-size: 13px; margin: 0 0 12px 0; }
        dl.facts dt { color: #666; }
        dl.facts dd { margin: 0; word-break: break-all; }
        pre.text { background: #fff; padding: 10px; border-radius: 6px; white-space: pre-wrap; max-height: 420px;
          overflow: auto; font-size: 13px; }
        td.wrap { word-break: break-all; max-width: 420px; }
        </style>
        </head>
        <body>
        <header>
        <h1>Presswork coordinator</h1>
        <div id="coordinator">connecting…</div>
        <nav id="nav">
          <a href="#/" data-view="overview">Overview</a>
          <a href="#/jobs" data-view="jobs">Jobs</a>
          <a href="#/running" data-view="running">Running</a>
          <a href="#/failures" data-view="failures">Failures</a>
          <a href="#/workers" data-view="workers">Workers</a>
        </nav>
        </header>
        <div id="banner">Coordinator unreachable: <span id="banner-detail"></span></div>
        <div id="notice"></div>
        <main>
        <div class="view" id="view-overview">
        <div class="cards" id="cards"></div>
        <div class="actions"><label class="muted">chart span
          <select id="span"><option value="600">10 minutes</option><option value="3600">1 hour</option>
          <option value="86400">24 hours</option></select></label></div>
        <div class="charts">
        <div class="chart"><h2>Throughput (jobs finished per second)</h2>
        <canvas id="throughput" width="560" height="180"></canvas></div>
        <div class="chart"><h2>Queue depth (queued + delayed + leased)</h2>
        <canvas id="depth" width="560" height="180"></canvas></div>
        </div>
        <section>
        <h2>Workers</h2>
        <table>
        <thead><tr><th>id</th><th>host</th><th class="num">pid</th><th>state</th><th class="num">slots busy/total</th>
        <th class="num">done</th><th class="num">failed</th><th class="num">heartbeat age</th>
        <th class="num">memory</th><th>version</th></tr></thead>
        <tbody id="workers"></tbody>
        </table>
        </section>
        <div class="columns">
        <section>
        <h2>Languages processed</h2>
        <table><thead><tr><th>language</th><th class="num">articles</th><th>share</th></tr></thead>
        <tbody id="languages"></tbody></table>
        </section>
        <section>
        <h2>Page types stored</h2>
        <table><thead><tr><th>page type</th><th class="num">articles</th><th>share</th></tr></thead>
        <tbody id="pageTypes"></tbody></table>
        </section>
        <section>
        <h2>Pipeline stages (mean per article)</h2>
        <table><thead><tr><th>stage</th><th class="num">articles</th><th class="num">mean</th><th>share</th></tr></thead>
        <tbody id="stages"></tbody></table>
        </section>
        </div>
        <section>
        <h2>Sites being fetched</h2>
        <div class="muted" id="hostLimits"></div>
        <table><thead><tr><th>host</th><th class="num">running</th><th class="num">waiting</th></tr></thead>
        <tbody id="hosts"></tbody></table>
        </section>
        <section>
        <h2>Other counters</h2>
        <div class="cards" id="extra"></div>
        </section>
        </div>

        <div class="view" id="view-jobs">
        <form class="filters" id="jobFilters">
          <label>state <select name="state"><option value="">any</option><option>queued</option>
            <option>running</option><option>done</option><option>dead</option><option>cancelled</option></select></label>
          <label>language <input name="lang" size="6"></label>
          <label>page type <input name="type" size="10"></label>
          <label>error code <input name="code" size="14"></label>
          <label>batch <input name="batch" size="18"></label>
          <label>site <input name="site" size="14"></label>
          <label>submitted since <input name="since" size="20" placeholder="2026-12-07T10:00:00Z"></label>
          <label>until <input name="until" size="20"></label>
          <label>search (id, URL, site, batch or words) <input name="q" size="30"></label>
          <button type="submit">Search</button>
        </form>
        <div class="actions">
          <button type="button" id="retrySelected">Retry selected</button>
          <button type="button" class="danger" id="deleteSelected">Delete selected</button>
          <span class="muted" id="jobCount"></span>
        </div>
        <table><thead><tr><th><input type="checkbox" id="selectAll" aria-label="select all"></th><th>job</th>
        <th>state</th><th class="num">attempts</th><th>source</th><th>language</th><th>page type</th><th>error</th>
        <th>updated (UTC)</th></tr></thead><tbody id="jobRows"></tbody></table>
        <div class="actions"><button type="button" id="firstPage">First page</button>
          <button type="button" id="nextPage">Next page</button></div>
        </div>

        <div class="view" id="view-job">
        <h2 id="jobTitle"></h2>
        <div class="actions" id="jobActions"></div>
        <dl class="facts" id="jobFacts"></dl>
        <section><h2>Attempts that failed</h2>
        <table><thead><tr><th class="num">attempt</th><th>worker</th><th>code</th><th>message</th><th>at (UTC)</th></tr></thead>
        <tbody id="jobErrors"></tbody></table></section>
        <section><h2>Result</h2><dl class="facts" id="docFacts"></dl><pre class="text" id="docText"></pre>
        <details><summary class="muted">the whole document (JSON)</summary><pre class="text" id="docJSON"></pre></details>
        </section>
        </div>

        <div class="view" id="view-running">
        <section><h2>Jobs in flight, oldest first</h2>
        <table><thead><tr><th>job</th><th>worker</th><th class="num">attempt</th><th class="num">running for</th>
        <th class="num">lease left</th></tr></thead><tbody id="runningRows"></tbody></table></section>
        </div>

        <div class="view" id="view-failures">
        <section><h2>Dead jobs by the code of their last attempt</h2>
        <table><thead><tr><th>code</th><th class="num">jobs</th><th>actions</th></tr></thead>
        <tbody id="codeRows"></tbody></table></section>
        <section><h2>Failed attempts per code, last 24 hours (one bar an hour)</h2>
        <table><thead><tr><th>code</th><th class="num">attempts</th><th>per hour</th></tr></thead>
        <tbody id="codeHours"></tbody></table></section>
        <section><h2>Recent failed attempts</h2>
        <table><thead><tr><th>time (UTC)</th><th>job</th><th class="num">attempt</th><th>worker</th><th>outcome</th>
        <th>code</th><th>message</th></tr></thead><tbody id="failures"></tbody></table></section>
        </div>

        <div class="view" id="view-workers">
        <section><h2>Workers</h2>
        <table><thead><tr><th>id</th><th>host</th><th>state</th><th class="num">slots busy/total</th>
        <th class="num">done</th><th class="num">failed</th><th class="num">memory</th><th>last hour (done per minute)</th>
        <th>actions</th></tr></thead><tbody id="workerRows"></tbody></table></section>
        </div>
        <div class="muted" id="updated"></div>
        </main>
        <script>
        "use strict";
        const pollMillis = 2000;
        let history = null;
        let lastStatus = null;
        let jobCursors = [];
        let nextCursor = null;
        // Bumped by each load of the job list or a job: an answer to an older request, arriving after a
        // newer one (filters changed quickly), is dropped instead of overwriting the newer answer.
        let jobsLoads = 0, jobLoads = 0;

        function el(tag, text, cls) {
          const node = document.createElement(tag);
          if (text !== undefined && text !== null) { node.textContent = String(text); }
          if (cls) { node.className = cls; }
          return node;
        }

        function link(text, href) {
          const a = el("a", text);
          a.href = href;
          return a;
        }

        function jobLink(id) { return link(id, "#/job/" + encodeURIComponent(id)); }

        function card(label, value) {
          const box = el("div", undefined, "card");
          box.appendChild(el("div", label, "label"));
          box.appendChild(el("div", value, "value"));
          return box;
        }

        function replace(id, nodes) {
          const parent = document.getElementById(id);
          while (parent.firstChild) { parent.removeChild(parent.firstChild); }
          for (const node of nodes) { parent.appendChild(node); }
        }

        function duration(seconds) {
          const s = Math.max(0, Math.floor(seconds));
          const d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600), m = Math.floor(s % 3600 / 60);
          if (d > 0) { return d + "d " + h + "h"; }
          if (h > 0) { return h + "h " + m + "m"; }
          if (m > 0) { return m + "m " + (s % 60) + "s"; }
          return (s % 60) + "s";
        }

        function bytes(n) {
          if (n === undefined || n === null) { return "-"; }
          const units = ["B", "KiB", "MiB", "GiB", "TiB"];
          let v = n, u = 0;
          while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
          return u === 0 ? n + " B" : v.toFixed(v < 100 ? 1 : 0) + " " + units[u];
        }

        function time(iso) { return iso ? iso.replace("T", " ").replace("Z", "").slice(0, 19) : "-"; }

        function emptyRow(columns, text) {
          const tr = document.createElement("tr");
          const td = el("td", text, "muted");
          td.colSpan = columns;
          tr.appendChild(td);
          return tr;
        }

        // Cells: [text, class] pairs, or DOM nodes.
        function row(cells, cls) {
          const tr = document.createElement("tr");
          if (cls) { tr.className = cls; }
          for (const cell of cells) {
            if (cell instanceof Node) {
              const td = document.createElement("td");
              td.appendChild(cell);
              tr.appendChild(td);
            } else {
              tr.appendChild(el("td", cell[0], cell[1]));
            }
          }
          return tr;
        }

        function shareBar(fraction, text) {
          const span = el("span");
          const bar = el("span", undefined, "bar");
          bar.style.width = Math.max(1, Math.round(120 * fraction)) + "px";
          span.appendChild(bar);
          span.appendChild(document.createTextNode(text));
          return span;
        }

        function button(text, action, cls) {
          const b = el("button", text, cls);
          b.type = "button";
          b.addEventListener("click", action);
          return b;
        }

        function notice(text) {
          const box = document.getElementById("notice");
          box.textContent = text;
          box.style.display = text ? "block" : "none";
        }

        // Every request is relative to the page, so the dashboard works under a proxy's path prefix.
        async function getJSON(path) {
          const reply = await fetch(path, { cache: "no-store", credentials: "same-origin" });
          if (!reply.ok) { throw new Error(path + ": HTTP " + reply.status + " " + (await reply.text()).trim()); }
          return reply.json();
        }

        // Actions carry X-Requested-With, which a page on another site cannot add without this server's consent.
        async function act(method, path, body, question, what) {
          if (question && !window.confirm(question)) { return null; }
          try {
            const reply = await fetch(path, {
              method: method, credentials: "same-origin", cache: "no-store",
              headers: { "X-Requested-With": "presswork", "Content-Type": "application/json" },
              body: body === undefined ? undefined : JSON.stringify(body)
            });
            const text = await reply.text();
            if (!reply.ok) { throw new Error("HTTP " + reply.status + " " + text.trim()); }
            const result = JSON.parse(text);
            notice(what ? what : method + " " + path + ": " + result.changed + " of " + result.matched + " job(s) changed");
            return result;
          } catch (error) {
            notice("failed: " + String(error.message || error));
            return null;
          }
        }

        function securityText(security) {
          if (!security) { return "security: not reported"; }
          if (security.curve) {
            return "CURVE on (" + security.workerKeys + " worker keys, " + security.clientKeys + " client keys)";
          }
          return security.insecure ? "no CURVE, INSECURE (off loopback)" : "no CURVE (loopback only)";
        }

        // Points carry t in seconds of coordinator uptime; `now` is the newest uptime seen.
        function drawChart(id, points, now, span, color, unit) {
          const canvas = document.getElementById(id);
          const ctx = canvas.getContext("2d");
          const w = canvas.width, h = canvas.height, left = 44, bottom = 20, top = 8, right = 8;
          ctx.clearRect(0, 0, w, h);
          ctx.fillStyle = "#fff";
          ctx.fillRect(0, 0, w, h);
          let max = 0;
          for (const p of points) { max = Math.max(max, p.v); }
          max = max > 0 ? max * 1.15 : 1;
          const x = t => left + (w - left - right) * (1 - (now - t) / span);
          const y = v => h - bottom - (h - bottom - top) * (v / max);
          ctx.strokeStyle = "#ddd";
          ctx.fillStyle = "#666";
          ctx.font = "11px sans-serif";
          ctx.lineWidth = 1;
          for (let i = 0; i <= 4; i++) {
            const v = max * i / 4, yy = Math.round(y(v)) + 0.5;
            ctx.beginPath(); ctx.moveTo(left, yy); ctx.lineTo(w - right, yy); ctx.stroke();
            ctx.fillText(v >= 10 ? v.toFixed(0) : v.toFixed(1), 4, yy + 4);
          }
          for (let i = 5; i >= 0; i--) {
            const ago = span * i / 5;
            ctx.textAlign = i === 0 ? "right" : i === 5 ? "left" : "center";
            const label = ago >= 7200 ? "-" + Math.round(ago / 3600) + "h"
              : ago >= 120 ? "-" + Math.round(ago / 60) + "m" : "-" + Math.round(ago) + "s";
            ctx.fillText(i === 0 ? "now" : label, x(now - ago), h - 5);
          }
          ctx.textAlign = "left";
          points = points.filter(p => now - p.t <= span);
          if (points.length === 0) { return; }
          ctx.strokeStyle = color;
          ctx.lineWidth = 2;
          ctx.beginPath();
          points.forEach((p, i) => {
            if (i === 0) { ctx.moveTo(x(p.t), y(p.v)); } else { ctx.lineTo(x(p.t), y(p.v)); }
          });
          ctx.stroke();
          const last = points[points.length - 1];
          ctx.fillStyle = color;
          ctx.font = "bold 12px sans-serif";
          ctx.fillText(last.v.toFixed(last.v >= 10 ? 0 : 2) + " " + unit, w - right - 90, top + 12);
        }

        function renderOverview(status) {
          const q = status.queue;
          replace("cards", [
            card("queued", q.queued), card("leased", q.leased), card("delayed", q.delayed),
            card("done", q.done), card("dead", q.dead), card("retries", q.retries)
          ]);
          if (history && history.points.length > 0) {
            const pts = history.points;
            const now = pts[pts.length - 1].uptimeSeconds;
            const wanted = Number(document.getElementById("span").value);
            const span = Math.min(wanted, Math.max(60, now - pts[0].uptimeSeconds));
            const rates = [];
            for (let i = 1; i < pts.length; i++) {
              const dt = pts[i].uptimeSeconds - pts[i - 1].uptimeSeconds;
              if (dt > 0) {
                rates.push({ t: pts[i].uptimeSeconds, v: Math.max(0, pts[i].finished - pts[i - 1].finished) / dt });
              }
            }
            drawChart("throughput", rates, now, span, "#1e88e5", "jobs/s");
            drawChart("depth", pts.map(p => ({ t: p.uptimeSeconds, v: p.queued + p.delayed + p.leased })), now, span,
              "#8e24aa", "jobs");
          }
          const rows = status.workers.map(wk => row([
            [wk.id], [wk.host], [wk.pid, "num"], [wk.state, "state-" + wk.state], [wk.busy + "/" + wk.slots, "num"],
            [wk.done, "num"], [wk.failed, "num"], [wk.lastHeartbeatSecondsAgo.toFixed(1) + " s", "num"],
            [bytes(wk.rssBytes), "num"], [wk.version]
          ], wk.state === "lost" ? "lost" : ""));
          if (rows.length === 0) { rows.push(emptyRow(10, "no workers connected")); }
          replace("workers", rows);
          const languages = status.languages || [];
          const total = languages.reduce((sum, l) => sum + l.articles, 0);
          const languageRows = languages.slice(0, 20).map(l => row([
            [l.code], [l.articles, "num"], shareBar(l.articles / total, (100 * l.articles / total).toFixed(1) + " %")
          ]));
          if (languages.length > 20) {
            languageRows.push(emptyRow(3, "and " + (languages.length - 20) + " more languages"));
          }
          if (languageRows.length === 0) { languageRows.push(emptyRow(3, "no articles processed yet")); }
          replace("languages", languageRows);
          // Listings, product and forum pages are results, not failures: counted here for filtering.
          const pageTypes = status.pageTypes || [];
          const typeTotal = pageTypes.reduce((sum, t) => sum + t.articles, 0);
          const typeRows = pageTypes.map(t => row([
            link(t.type, "#/jobs?type=" + encodeURIComponent(t.type)), [t.articles, "num"],
            shareBar(t.articles / typeTotal, (100 * t.articles / typeTotal).toFixed(1) + " %")
          ]));
          if (typeRows.length === 0) { typeRows.push(emptyRow(3, "no articles processed yet")); }
          replace("pageTypes", typeRows);
          const stages = status.stages || [];
          const stageTotal = stages.reduce((sum, s) => sum + s.meanMs, 0);
          const stageRows = stages.map(s => row([
            [s.stage], [s.count, "num"], [s.meanMs.toFixed(2) + " ms", "num"],
            shareBar(stageTotal > 0 ? s.meanMs / stageTotal : 0, (stageTotal > 0 ? 100 * s.meanMs / stageTotal : 0).toFixed(0) + " %")
          ]));
          if (stageRows.length === 0) { stageRows.push(emptyRow(4, "no timings yet")); }
          replace("stages", stageRows);
          const hosts = status.hosts || { concurrency: 0, delaySeconds: 0, active: 0, waiting: 0, busiest: [] };
          document.getElementById("hostLimits").textContent =
            (hosts.concurrency > 0 ? "at most " + hosts.concurrency + " URL jobs per host at once" : "no per-host limit") +
            (hosts.delaySeconds > 0 ? ", " + hosts.delaySeconds + " s apart" : "") +
            " · " + hosts.active + " hosts active, " + hosts.waiting + " jobs held back";
          const hostRows = hosts.busiest.map(h => row([[h.host], [h.running, "num"], [h.waiting, "num"]]));
          if (hostRows.length === 0) { hostRows.push(emptyRow(3, "no URL jobs running")); }
          replace("hosts", hostRows);
          const t = status.throughput;
          const extra = [
            card("finished last minute", t.lastMinute),
            card("rate, 1 minute", t.perSecond.toFixed(2) + "/s"),
            card("finished last 5 minutes", t.lastFiveMinutes === undefined ? "-" : t.lastFiveMinutes),
            card("rate, 5 minutes", t.perSecondFiveMinutes === undefined ? "-" : t.perSecondFiveMinutes.toFixed(2) + "/s"),
            card("redeliveries", q.redeliveries),
            card("oldest queued", duration(q.oldestQueuedSeconds)),
            card("malformed messages", status.protocol.malformedMessages),
            card("undeliverable messages", status.protocol.undeliverableMessages)
          ];
          if (status.security) {
            const s = status.security;
            extra.push(card("refused handshakes", s.refusedHandshakes), card("refused roles", s.refusedRoles),
              card("refused submissions", s.refusedSubmissions));
          }
          replace("extra", extra);
        }

        // --- Jobs ---------------------------------------------------------------------------------------
        function routeQuery() {
          const hash = location.hash || "#/";
          const at = hash.indexOf("?");
          return new URLSearchParams(at < 0 ? "" : hash.slice(at + 1));
        }

        function selectedJobs() {
          return Array.from(document.querySelectorAll("#jobRows input[type=checkbox]:checked")).map(b => b.value);
        }

        async function loadJobs(cursor) {
          const load = ++jobsLoads;
          const query = routeQuery();
          const form = document.getElementById("jobFilters");
          for (const name of ["state", "lang", "type", "code", "batch", "site", "since", "until", "q"]) {
            form.elements[name].value = query.get(name) || "";
          }
          const params = new URLSearchParams();
          for (const [name, value] of query) { if (value) { params.set(name, value); } }
          params.set("limit", "50");
          if (cursor) { params.set("after", String(cursor)); }
          try {
            const page = await getJSON("api/jobs?" + params.toString());
            if (load !== jobsLoads) { return; }
            nextCursor = page.next === undefined ? null : page.next;
            document.getElementById("nextPage").disabled = nextCursor === null;
            document.getElementById("selectAll").checked = false;
            document.getElementById("jobCount").textContent =
              page.jobs.length + " job(s) on this page" + (nextCursor === null ? "" : ", more on the next");
            const rows = page.jobs.map(job => {
              const box = el("input");
              box.type = "checkbox";
              box.value = job.id;
              box.setAttribute("aria-label", "select " + job.id);
              const error = job.errorCode ? job.errorCode + ": " + (job.errorMessage || "") : "";
              return row([
                box, jobLink(job.id), [job.state === "leased" ? "running" : job.state, "state-" + job.state],
                [job.attempts + "/" + job.maxAttempts, "num"], [job.url || job.source, "wrap"], [job.lang || ""],
                [job.pageType || ""], [error, "wrap"], [time(job.updatedAt)]
              ]);
            });
            if (rows.length === 0) { rows.push(emptyRow(9, "no jobs match")); }
            replace("jobRows", rows);
          } catch (error) {
            if (load !== jobsLoads) { return; }
            replace("jobRows", [emptyRow(9, String(error.message || error))]);
          }
        }

        // --- One job ------------------------------------------------------------------------------------
        function facts(id, pairs) {
          const nodes = [];
          for (const [label, value] of pairs) {
            if (value === undefined || value === null || value === "") { continue; }
            nodes.push(el("dt", label));
            const dd = el("dd");
            if (value instanceof Node) { dd.appendChild(value); } else { dd.textContent = String(value); }
            nodes.push(dd);
          }
          replace(id, nodes);
        }

        async function loadJob(id) {
          const load = ++jobLoads;
          document.getElementById("jobTitle").textContent = "Job " + id;
          try {
            const data = await getJSON("api/jobs/" + encodeURIComponent(id));
            if (load !== jobLoads) { return; }
            const job = data.job;
            const article = job.article || {};
            const state = job.state === "leased" ? "running" : job.state;
            facts("jobFacts", [
              ["state", state], ["attempts", job.attempts + " of " + job.maxAttempts],
              ["running", data.running ? "on " + data.running.worker + " for " + duration(data.running.runningSeconds) +
                " (attempt " + data.running.attempt + ")" : ""],
              ["source", article.source], ["URL", article.url], ["article id", article.articleId],
              ["format", article.format], ["declared language", article.lang],
              ["batch", job.batch ? link(job.batch, "#/jobs?batch=" + encodeURIComponent(job.batch)) : ""],
              ["body", job.bodyBytes === undefined ? "" : bytes(job.bodyBytes)],
              ["submitted", time(job.submittedAt) + " UTC"], ["last change", time(job.updatedAt) + " UTC"],
              ["not before", job.notBefore ? time(job.notBefore) + " UTC" : ""]
            ]);
            const errors = (job.errors || []).map(e => row([
              [e.attempt, "num"], [e.worker || "-"],
              link(e.code, "#/jobs?code=" + encodeURIComponent(e.code)), [e.message, "wrap"], [time(e.at)]
            ]));
            if (errors.length === 0) { errors.push(emptyRow(5, "no failed attempts")); }
            replace("jobErrors", errors);
            const actions = [];
            if (job.state === "dead" || job.state === "cancelled") {
              actions.push(button("Retry", async () => {
                if (await act("POST", "api/jobs/" + encodeURIComponent(id) + "/retry", undefined, "Retry job " + id + "?")) {
                  loadJob(id);
                }
              }));
            }
            if (job.state === "queued" || job.state === "leased") {
              actions.push(button("Cancel", async () => {
                if (await act("POST", "api/jobs/" + encodeURIComponent(id) + "/cancel", undefined, "Cancel job " + id + "?")) {
                  loadJob(id);
                }
              }, "danger"));
            }
            if (job.state === "done" || job.state === "dead" || job.state === "cancelled") {
              actions.push(button("Delete", async () => {
                if (await act("DELETE", "api/jobs/" + encodeURIComponent(id), undefined,
                  "Delete job " + id + " and its result? This cannot be undone.")) {
                  location.hash = "#/jobs";
                }
              }, "danger"));
            }
            replace("jobActions", actions);
            const doc = data.document;
            if (doc) {
              facts("docFacts", [
                ["title", doc.title], ["language", doc.language ? doc.language.code + " (" + (doc.language.name || "") + ")" : ""],
                ["page type", doc.pageType], ["URL", doc.url], ["site", doc.siteName],
                ["published", doc.published ? doc.published.value + " (" + doc.published.source + ")" : ""],
                ["authors", (doc.authors || []).join(", ")], ["words", doc.wordCount],
                ["processed by", doc.processing ? (doc.processing.worker || "-") + " on " + (doc.processing.host || "-") +
                  " (attempt " + doc.processing.attempts + ", " + Math.round(doc.processing.durationMs || 0) + " ms)" : ""],
                ["keywords", (doc.keywords || []).map(k => k.text || k).slice(0, 12).join(", ")]
              ]);
              document.getElementById("docText").textContent = doc.text || "";
              document.getElementById("docText").style.display = doc.text ? "block" : "none";
              document.getElementById("docJSON").textContent = JSON.stringify(doc, null, 2);
            } else {
              replace("docFacts", [el("dt", "result"), el("dd", "none stored")]);
              document.getElementById("docText").textContent = "";
              document.getElementById("docText").style.display = "none";
              document.getElementById("docJSON").textContent = "";
            }
          } catch (error) {
            if (load !== jobLoads) { return; }
            replace("jobFacts", [el("dt", "error"), el("dd", String(error.message || error))]);
            replace("jobActions", []);
          }
        }

        // --- Running, failures, workers -----------------------------------------------------------------
        async function loadRunning() {
          try {
            const data = await getJSON("api/running?limit=200");
            const rows = data.jobs.map(j => row([
              jobLink(j.job), [j.worker], [j.attempt, "num"], [duration(j.runningSeconds), "num"],
              [j.leaseLeftSeconds < 0 ? "expired" : duration(j.leaseLeftSeconds), "num"]
            ]));
            if (rows.length === 0) { rows.push(emptyRow(5, "nothing running")); }
            replace("runningRows", rows);
          } catch (error) {
            replace("runningRows", [emptyRow(5, String(error.message || error))]);
          }
        }

        async function loadFailures() {
          try {
            const data = await getJSON("api/failures");
            const rows = data.deadByCode.map(c => row([
              link(c.code, "#/jobs?state=dead&code=" + encodeURIComponent(c.code)), [c.jobs, "num"],
              (() => {
                const span = el("span");
                span.appendChild(button("Retry all", async () => {
                  if (await act("POST", "api/jobs/retry", { code: c.code },
                    "Retry every dead job that failed with " + c.code + " (" + c.jobs + ")?")) { loadFailures(); }
                }));
                span.appendChild(document.createTextNode(" "));
                span.appendChild(button("Delete all", async () => {
                  if (await act("POST", "api/jobs/delete", { code: c.code },
                    "Delete every dead job that failed with " + c.code + " (" + c.jobs + ")? This cannot be undone.")) {
                    loadFailures();
                  }
                }, "danger"));
                return span;
              })()
            ]));
            if (rows.length === 0) { rows.push(emptyRow(3, "no dead jobs")); }
            replace("codeRows", rows);
            const totals = new Map();
            for (const hour of data.attemptsByHour) {
              for (const c of hour.attempts) { totals.set(c.code, (totals.get(c.code) || 0) + c.jobs); }
            }
            const hourRows = Array.from(totals.entries()).sort((a, b) => b[1] - a[1]).map(([code, total]) => {
              const perHour = [];
              const newest = data.attemptsByHour.length ? Date.parse(data.attemptsByHour[data.attemptsByHour.length - 1].hourStart) : 0;
              for (let i = 23; i >= 0; i--) {
                const hour = data.attemptsByHour.find(h => Date.parse(h.hourStart) === newest - i * 3600000);
                const found = hour ? hour.attempts.find(c => c.code === code) : null;
                perHour.push({ done: found ? found.jobs : 0, failed: 0 });
              }
              return row([link(code, "#/jobs?code=" + encodeURIComponent(code)), [total, "num"], sparkline(perHour, 7)]);
            });
            if (hourRows.length === 0) { hourRows.push(emptyRow(3, "no failed attempts in the last 24 hours")); }
            replace("codeHours", hourRows);
            const recent = data.recent.map(f => row([
              [time(f.at)], jobLink(f.job), [f.attempt, "num"], [f.worker || "-"],
              [f.final ? "dead" : "retried", f.final ? "dead" : "retried"], [f.code], [f.message, "wrap"]
            ]));
            if (recent.length === 0) { recent.push(emptyRow(7, "no failures since the coordinator started")); }
            replace("failures", recent);
          } catch (error) {
            replace("codeRows", [emptyRow(3, String(error.message || error))]);
          }
        }

        // Bars, newest on the right: done in green with failed in red on top.
        function sparkline(points, step) {
          step = step || 3;
          const canvas = el("canvas");
          canvas.width = 180;
          canvas.height = 28;
          const ctx = canvas.getContext("2d");
          const max = Math.max(1, ...points.map(p => p.done + p.failed));
          points.forEach((p, i) => {
            const x = 180 - (points.length - i) * step;
            const hDone = 26 * p.done / max, hFailed = 26 * p.failed / max;
            ctx.fillStyle = step > 3 ? "#e53935" : "#43a047";
            ctx.fillRect(x, 28 - hDone, step - 1, hDone);
            ctx.fillStyle = "#e53935";
            ctx.fillRect(x, 28 - hDone - hFailed, 2, hFailed);
          });
          return canvas;
        }

        async function loadWorkers() {
          let histories = [];
          try { histories = await getJSON("api/workers/history"); } catch (error) { histories = []; }
          const byId = new Map(histories.map(h => [h.worker, h.points]));
          const workers = lastStatus ? lastStatus.workers : [];
          const rows = workers.map(wk => row([
            [wk.id], [wk.host], [wk.state, "state-" + wk.state], [wk.busy + "/" + wk.slots, "num"], [wk.done, "num"],
            [wk.failed, "num"], [bytes(wk.rssBytes), "num"], sparkline(byId.get(wk.id) || []),
            wk.state === "up" ? button("Drain", async () => {
              if (await act("POST", "api/workers/" + encodeURIComponent(wk.id) + "/drain", undefined,
                "Drain worker " + wk.id + "? It finishes what it holds and takes nothing new until it registers again.",
                "worker " + wk.id + " is draining")) {
                poll();
              }
            }) : el("span", "")
          ], wk.state === "lost" ? "lost" : ""));
          if (rows.length === 0) { rows.push(emptyRow(9, "no workers connected")); }
          replace("workerRows", rows);
        }

        // --- Routing and polling ------------------------------------------------------------------------
        function currentView() {
          const hash = (location.hash || "#/").slice(1);
          const path = hash.split("?")[0];
          if (path.startsWith("/job/")) { return ["job", decodeURIComponent(path.slice(5))]; }
          const name = path.replace(/^\//, "") || "overview";
          return [["jobs", "running", "failures", "workers"].includes(name) ? name : "overview", null];
        }

        function show() {
          const [view, id] = currentView();
          for (const node of document.querySelectorAll(".view")) {
            node.classList.toggle("active", node.id === "view-" + view);
          }
          for (const a of document.querySelectorAll("nav a")) {
            a.classList.toggle("active", a.dataset.view === (view === "job" ? "jobs" : view));
          }
          if (view === "jobs") { jobCursors = []; loadJobs(null); }
          if (view === "job") { loadJob(id); }
          if (view === "running") { loadRunning(); }
          if (view === "failures") { loadFailures(); }
          if (view === "workers") { loadWorkers(); }
        }

        async function poll() {
          try {
            const span = document.getElementById("span").value;
            const [reply, past] = await Promise.all([
              fetch("api/status", { cache: "no-store" }), fetch("api/history?span=" + span, { cache: "no-store" })
            ]);
            if (!reply.ok) { throw new Error("HTTP " + reply.status); }
            history = past.ok ? await past.json() : null;
            const status = await reply.json();
            lastStatus = status;
            const c = status.coordinator;
            document.getElementById("coordinator").textContent =
              "version " + c.version + " · " + c.endpoint + " · up " + duration(c.uptimeSeconds) +
              " (since " + c.startedAt + ") · " + securityText(status.security);
            renderOverview(status);
            const [view] = currentView();
            if (view === "running") { loadRunning(); }
            if (view === "workers") { loadWorkers(); }
            document.getElementById("banner").style.display = "none";
            document.getElementById("updated").textContent = "updated " + new Date().toLocaleTimeString();
          } catch (error) {
            document.getElementById("banner-detail").textContent = String(error.message || error);
            document.getElementById("banner").style.display = "block";
          }
        }

        document.getElementById("jobFilters").addEventListener("submit", event => {
          event.preventDefault();
          const params = new URLSearchParams();
          for (const [name, value] of new FormData(event.target)) { if (value) { params.set(name, value); } }
          location.hash = "#/jobs" + (params.toString() ? "?" + params.toString() : "");
        });
        document.getElementById("nextPage").addEventListener("click", () => {
          if (nextCursor !== null) { jobCursors.push(nextCursor); loadJobs(nextCursor); }
        });
        document.getElementById("firstPage").addEventListener("click", () => { jobCursors = []; loadJobs(null); });
        document.getElementById("selectAll").addEventListener("change", event => {
          for (const box of document.querySelectorAll("#jobRows input[type=checkbox]")) { box.checked = event.target.checked; }
        });
        document.getElementById("retrySelected").addEventListener("click", async () => {
          const ids = selectedJobs();
          if (ids.length === 0) { notice("select jobs first"); return; }
          if (await act("POST", "api/jobs/retry", { ids: ids }, "Retry " + ids.length + " job(s)? Only dead or cancelled ones are requeued.")) {
            loadJobs(jobCursors.length ? jobCursors[jobCursors.length - 1] : null);
          }
        });
        document.getElementById("deleteSelected").addEventListener("click", async () => {
          const ids = selectedJobs();
          if (ids.length === 0) { notice("select jobs first"); return; }
          if (await act("POST", "api/jobs/delete", { ids: ids },
            "Delete " + ids.length + " job(s) and their results? Only finished ones are deleted. This cannot be undone.")) {
            loadJobs(jobCursors.length ? jobCursors[jobCursors.length - 1] : null);
          }
        });
        document.getElementById("span").addEventListener("change", poll);
        window.addEventListener("hashchange", () => { notice(""); show(); });
        show();
        poll();
        setInterval(poll, pollMillis);
        </script>
        </body>
        </html>
        """#
}
