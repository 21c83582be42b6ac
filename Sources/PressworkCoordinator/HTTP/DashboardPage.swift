/// The dashboard served at `GET /`: one self-contained page (inline CSS and JS, no external assets) that
/// polls `/api/status` every 2 seconds and draws throughput and queue depth on canvases by hand. Data only
/// ever reaches the DOM through `textContent`.
enum DashboardPage {
    static let contentType = "text/html; charset=utf-8"

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
        <div class="chart"><h2>Throughput (jobs done per second)</h2>
        <canvas id="throughput" width="560" height="180"></canvas></div>
        <div class="chart"><h2>Queue depth (queued + delayed + leased), last 10 minutes</h2>
        <canvas id="depth" width="560" height="180"></canvas></div>
        </div>
        <section>
        <h2>Workers</h2>
        <table>
        <thead><tr><th>id</th><th>host</th><th class="num">pid</th><th>state</th><th class="num">slots busy/total</th>
        <th class="num">done</th><th class="num">failed</th><th class="num">heartbeat age</th></tr></thead>
        <tbody id="workers"></tbody>
        </table>
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
        const samples = [];
        let lastDone = null;

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

        function securityText(security) {
          if (!security) { return "security: not reported"; }
          if (security.curve) {
            return "CURVE on (" + security.workerKeys + " worker keys, " + security.clientKeys + " client keys)";
          }
          return security.insecure ? "no CURVE, INSECURE (off loopback)" : "no CURVE (loopback only)";
        }

        function drawChart(id, points, color, unit) {
          const canvas = document.getElementById(id);
          const ctx = canvas.getContext("2d");
          const w = canvas.width, h = canvas.height, left = 44, bottom = 20, top = 8, right = 8;
          ctx.clearRect(0, 0, w, h);
          ctx.fillStyle = "#fff";
          ctx.fillRect(0, 0, w, h);
          const now = Date.now() / 1000;
          let max = 0;
          for (const p of points) { max = Math.max(max, p.v); }
          max = max > 0 ? max * 1.15 : 1;
          const x = t => left + (w - left - right) * (1 - (now - t) / keepSeconds);
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
          for (let minutes = 10; minutes >= 0; minutes -= 2) {
            const xx = x(now - minutes * 60);
            ctx.textAlign = minutes === 0 ? "right" : minutes === 10 ? "left" : "center";
            ctx.fillText(minutes === 0 ? "now" : "-" + minutes + "m", xx, h - 5);
          }
          ctx.textAlign = "left";
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

        function render(status) {
          const c = status.coordinator, q = status.queue;
          document.getElementById("coordinator").textContent =
            "version " + c.version + " · " + c.endpoint + " · up " + duration(c.uptimeSeconds) +
            " (since " + c.startedAt + ") · " + securityText(status.security);
          replace("cards", [
            card("queued", q.queued), card("leased", q.leased), card("delayed", q.delayed),
            card("done", q.done), card("dead", q.dead), card("retries", q.retries)
          ]);
          const now = Date.now() / 1000;
          let rate = 0;
          if (lastDone !== null && now > lastDone.t) {
            rate = Math.max(0, q.done - lastDone.done) / (now - lastDone.t);
          }
          lastDone = { t: now, done: q.done };
          samples.push({ t: now, rate: rate, depth: q.queued + q.delayed + q.leased });
          while (samples.length > 0 && now - samples[0].t > keepSeconds) { samples.shift(); }
          drawChart("throughput", samples.map(s => ({ t: s.t, v: s.rate })), "#1e88e5", "jobs/s");
          drawChart("depth", samples.map(s => ({ t: s.t, v: s.depth })), "#8e24aa", "jobs");
          const rows = status.workers.map(wk => {
            const tr = document.createElement("tr");
            const cells = [
              [wk.id], [wk.host], [wk.pid, "num"], [wk.state], [wk.busy + "/" + wk.slots, "num"],
              [wk.done, "num"], [wk.failed, "num"], [wk.lastHeartbeatSecondsAgo.toFixed(1) + " s", "num"]
            ];
            for (const [text, cls] of cells) { tr.appendChild(el("td", text, cls)); }
            return tr;
          });
          if (rows.length === 0) {
            const tr = document.createElement("tr");
            const td = el("td", "no workers connected", "muted");
            td.colSpan = 8;
            tr.appendChild(td);
            rows.push(tr);
          }
          replace("workers", rows);
          const extra = [
            card("finished last minute", status.throughput.lastMinute),
            card("rate (coordinator)", status.throughput.perSecond.toFixed(2) + "/s"),
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
            const reply = await fetch("/api/status", { cache: "no-store" });
            if (!reply.ok) { throw new Error("HTTP " + reply.status); }
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
