/// The dashboard served at `GET /`: one self-contained page (inline CSS and JS, no external assets) that
/// polls `/api/status` and `/api/history` every 2 seconds and draws throughput and queue depth for the
/// last ten minutes on canvases by hand. Data only ever reaches the DOM through `textContent`.
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
        header { background: #263238; color: #fff; padding: 10px 18px; }
        header h1 { font-size: 18px; margin: 0 0 4px 0; }
        #coordinator { font-size: 13px; opacity: 0.9; }
        #banner { display: none; background: #c62828; color: #fff; padding: 10px 18px; font-weight: bold; }
        main { padding: 12px 18px; }
        .cards { display: flex; flex-wrap: wrap; gap: 10px; margin-bottom: 12px; }
        .card { background: #fff; border-radius: 6px; padding: 8px 14px; min-width: 90px;
          box-shadow: 0 1px 2px rgba(0,0,0,0.1); }
        .card .label { font-size: 12px; color: #666; }
        .card .value { font-size: 22px; font-weight: bold; }
        .charts { display: flex; flex-wrap: wrap; gap: 12px; margin-bottom: 12px; }
        .chart { background: #fff; border-radius: 6px; padding: 8px; box-shadow: 0 1px 2px rgba(0,0,0,0.1); }
        .chart h2, section h2 { font-size: 14px; margin: 0 0 6px 0; }
        table { border-collapse: collapse; background: #fff; width: 100%; font-size: 13px; }
        th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid #e3e3e3; }
        th { background: #eceff1; }
        td.num, th.num { text-align: right; }
        .muted { color: #777; font-size: 12px; }
        section { margin-bottom: 12px; }
        .columns { display: flex; flex-wrap: wrap; gap: 12px; }
        .columns section { flex: 1 1 320px; }
        .state-up { color: #2e7d32; font-weight: bold; }
        .state-draining { color: #ef6c00; font-weight: bold; }
        .state-lost { color: #c62828; font-weight: bold; }
        tr.lost td { background: #fdecea; }
        .bar { background: #90caf9; height: 10px; display: inline-block; vertical-align: middle; margin-right: 6px; }
        .dead { color: #c62828; font-weight: bold; }
        .retried { color: #ef6c00; }
        </style>
        </head>
        <body>
        <header>
        <h1>Presswork coordinator</h1>
        <div id="coordinator">connecting…</div>
        </header>
        <div id="banner">Coordinator unreachable: <span id="banner-detail"></span></div>
        <main>
        <div class="cards" id="cards"></div>
        <div class="charts">
        <div class="chart"><h2>Throughput (jobs finished per second), up to the last 10 minutes</h2>
        <canvas id="throughput" width="560" height="180"></canvas></div>
        <div class="chart"><h2>Queue depth (queued + delayed + leased), up to the last 10 minutes</h2>
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
        <h2>Recent failures</h2>
        <table><thead><tr><th>time (UTC)</th><th>job</th><th class="num">attempt</th><th>worker</th><th>outcome</th>
        <th>code</th><th>message</th></tr></thead>
        <tbody id="failures"></tbody></table>
        </section>
        <section>
        <h2>Other counters</h2>
        <div class="cards" id="extra"></div>
        </section>
        <div class="muted" id="updated"></div>
        </main>
        <script>
        "use strict";
        const pollMillis = 2000;
        const keepSeconds = 600;
        let history = null;

        function el(tag, text, cls) {
          const node = document.createElement(tag);
          if (text !== undefined) { node.textContent = String(text); }
          if (cls) { node.className = cls; }
          return node;
        }

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
          const s = Math.floor(seconds);
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

        function emptyRow(columns, text) {
          const tr = document.createElement("tr");
          const td = el("td", text, "muted");
          td.colSpan = columns;
          tr.appendChild(td);
          return tr;
        }

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

        function securityText(security) {
          if (!security) { return "security: not reported"; }
          if (security.curve) {
            return "CURVE on (" + security.workerKeys + " worker keys, " + security.clientKeys + " client keys)";
          }
          return security.insecure ? "no CURVE, INSECURE (off loopback)" : "no CURVE (loopback only)";
        }

        // Points carry t in seconds of coordinator uptime; `now` is the newest uptime seen. The time axis
        // spans the history there is, from one to ten minutes.
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
            const label = ago >= 120 ? "-" + Math.round(ago / 60) + "m" : "-" + Math.round(ago) + "s";
            ctx.fillText(i === 0 ? "now" : label, x(now - ago), h - 5);
          }
          ctx.textAlign = "left";
          if (points.length === 0) { return; }
          ctx.strokeStyle = color;
          ctx.lineWidth = 2;
          ctx.beginPath();
          points = points.filter(p => now - p.t <= span);
          if (points.length === 0) { return; }
          points.forEach((p, i) => {
            if (i === 0) { ctx.moveTo(x(p.t), y(p.v)); } else { ctx.lineTo(x(p.t), y(p.v)); }
          });
          ctx.stroke();
          const last = points[points.length - 1];
          ctx.fillStyle = color;
          ctx.font = "bold 12px sans-serif";
          ctx.fillText(last.v.toFixed(last.v >= 10 ? 0 : 2) + " " + unit, w - right - 90, top + 12);
        }

        function render(status) {
          const c = status.coordinator, q = status.queue;
          document.getElementById("coordinator").textContent =
            "version " + c.version + " · " + c.endpoint + " · up " + duration(c.uptimeSeconds) +
            " (since " + c.startedAt + ") · " + securityText(status.security);
          replace("cards", [
            card("queued", q.queued), card("leased", q.leased), card("delayed", q.delayed),
            card("done", q.done), card("dead", q.dead), card("retries", q.retries)
          ]);
          if (history && history.points.length > 0) {
            const pts = history.points;
            const now = pts[pts.length - 1].uptimeSeconds;
            const span = Math.min(keepSeconds, Math.max(60, now - pts[0].uptimeSeconds));
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
            [t.type], [t.articles, "num"], shareBar(t.articles / typeTotal, (100 * t.articles / typeTotal).toFixed(1) + " %")
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
          const failures = status.recentFailures || [];
          const failureRows = failures.map(f => row([
            [f.at.replace("T", " ").replace("Z", "")], [f.job], [f.attempt, "num"], [f.worker || "-"],
            [f.final ? "dead" : "retried", f.final ? "dead" : "retried"], [f.code], [f.message]
          ]));
          if (failureRows.length === 0) { failureRows.push(emptyRow(7, "no failures since the coordinator started")); }
          replace("failures", failureRows);
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
          document.getElementById("updated").textContent = "updated " + new Date().toLocaleTimeString();
        }

        async function poll() {
          try {
            const [reply, past] = await Promise.all([
              fetch("/api/status", { cache: "no-store" }), fetch("/api/history", { cache: "no-store" })
            ]);
            if (!reply.ok) { throw new Error("HTTP " + reply.status); }
            history = past.ok ? await past.json() : null;
            render(await reply.json());
            document.getElementById("banner").style.display = "none";
          } catch (error) {
            document.getElementById("banner-detail").textContent = String(error.message || error);
            document.getElementById("banner").style.display = "block";
          } finally {
            setTimeout(poll, pollMillis);
          }
        }
        poll();
        </script>
        </body>
        </html>
        """#
}
