import PressworkHTTP
import PressworkProtocol

extension MetricsSnapshot {
    /// The snapshot as Prometheus text: `presswork_` metrics in base units, no per-job labels.
    func prometheusText() -> String {
        var out = PrometheusText()
        let queue = status.queue
        out.single(
            "presswork_jobs_submitted_total", .counter, "Jobs accepted from clients since the coordinator started.",
            counters.submitted)
        out.single(
            "presswork_jobs_dispatched_total", .counter, "Job attempts sent to workers since the coordinator started.",
            counters.dispatched)
        out.family(
            "presswork_job_attempts_completed_total", .counter,
            "Job attempts ended since start, by outcome: done (result stored), failed (retried later), dead (buried).")
        for (outcome, value) in [("done", counters.done), ("failed", counters.failed), ("dead", counters.dead)] {
            out.sample("presswork_job_attempts_completed_total", [("outcome", outcome)], value)
        }
        out.single(
            "presswork_jobs_cancelled_total", .counter, "Jobs cancelled by clients since the coordinator started.",
            counters.cancelled)
        out.single(
            "presswork_job_retries_total", .counter, "Failed attempts scheduled again since the coordinator started.",
            queue.retries)
        out.family(
            "presswork_job_redeliveries_total", .counter,
            "Jobs requeued from a worker since start, by reason: handed_back (unrun) or worker_lost.")
        out.sample("presswork_job_redeliveries_total", [("reason", "handed_back")], counters.handedBack)
        out.sample("presswork_job_redeliveries_total", [("reason", "worker_lost")], counters.workerLost)
        out.single("presswork_queue_depth", .gauge, "Jobs ready to run now.", queue.queued)
        out.single(
            "presswork_queue_oldest_job_age_seconds", .gauge, "Age of the oldest job ready to run (0 when none).",
            queue.oldestQueuedSeconds)
        out.single("presswork_jobs_in_flight", .gauge, "Jobs leased to workers.", queue.leased)
        out.single("presswork_jobs_delayed", .gauge, "Jobs waiting out a retry back-off.", queue.delayed)
        out.single("presswork_dead_letter_depth", .gauge, "Dead jobs in the journal.", queue.dead)
        out.single("presswork_workers", .gauge, "Registered workers (up or draining).", liveWorkers.count)
        out.single(
            "presswork_workers_lost_total", .counter,
            "Workers declared lost (silent past the expiry or connection gone) since start.", counters.workersLost)
        workerFamilies(&out)
        securityFamilies(&out)
        histogramFamilies(&out)
        out.family(
            "presswork_articles_total", .counter,
            "Results stored since start, by the article's language (und: undetermined; other: past 256 codes).")
        for language in activity.languageCounts {
            out.sample("presswork_articles_total", [("language", language.code)], language.articles)
        }
        storeOutageFamilies(&out)
        if let hosts = status.hosts {
            out.single(
                "presswork_fetch_hosts_active", .gauge, "Hosts with URL jobs running or held back by per-host limits.",
                hosts.active)
            out.single(
                "presswork_fetch_jobs_held", .gauge,
                "URL jobs waiting for their host's slot or delay (--host-concurrency, --host-delay).", hosts.waiting)
        }
        out.single(
            "presswork_coordinator_uptime_seconds", .gauge, "Seconds since the coordinator started.",
            status.coordinator.uptimeSeconds)
        return out.text
    }

    /// The store's reachability: only a PostgreSQL store can be out of reach.
    private func storeOutageFamilies(_ out: inout PrometheusText) {
        out.single(
            "presswork_store_up", .gauge, "1 while the store can be written, 0 during an outage.",
            storeOutages.isUp ? 1 : 0)
        out.single(
            "presswork_store_unavailable_seconds", .gauge, "Seconds the current store outage has lasted (0: none).",
            storeOutages.currentSeconds)
        out.single(
            "presswork_store_outages_total", .counter, "Store outages since start (writes failing to reach it).",
            storeOutages.outages)
        out.single(
            "presswork_store_outage_seconds_total", .counter, "Seconds of store outages that ended, since start.",
            storeOutages.seconds)
        out.single(
            "presswork_store_unavailable_refusals_total", .counter,
            "Client requests answered store-unavailable since start.", storeOutages.refused)
        out.single(
            "presswork_store_outage_dropped_reports_total", .counter,
            "Worker messages dropped during outages (the hold was full); their jobs run again.",
            storeOutages.droppedReports)
    }

    /// Registered workers: lost ones stay in `status` for a while but have no series.
    private var liveWorkers: [ClusterStatus.Worker] { status.workers.filter { $0.state != .lost } }

    private func workerFamilies(_ out: inout PrometheusText) {
        let workers = liveWorkers
        let families: [(String, PrometheusText.Kind, String, (ClusterStatus.Worker) -> Double)] = [
            ("presswork_worker_up", .gauge, "1 for each registered worker, by state.", { _ in 1 }),
            ("presswork_worker_slots", .gauge, "Processing slots the worker offers.", { Double($0.slots) }),
            ("presswork_worker_slots_busy", .gauge, "Slots running a job.", { Double($0.busy) }),
            (
                "presswork_worker_heartbeat_age_seconds", .gauge, "Seconds since the worker was last heard from.",
                { $0.lastHeartbeatSecondsAgo }
            ),
            (
                "presswork_worker_jobs_done_total", .counter, "Jobs the worker finished since it registered.",
                { Double($0.done) }
            ),
            (
                "presswork_worker_jobs_failed_total", .counter, "Jobs the worker failed since it registered.",
                { Double($0.failed) }
            ),
        ]
        for (name, kind, help, value) in families {
            out.family(name, kind, help)
            for worker in workers {
                var labels = [("worker", worker.id)]
                if name == "presswork_worker_up" { labels.append(("state", worker.state.rawValue)) }
                out.sample(name, labels, value(worker))
            }
        }
        out.family(
            "presswork_worker_resident_memory_bytes", .gauge, "Resident memory of the worker process, as it reported.")
        for worker in workers {
            if let rss = worker.rssBytes {
                out.sample("presswork_worker_resident_memory_bytes", [("worker", worker.id)], rss)
            }
        }
    }

    private func securityFamilies(_ out: inout PrometheusText) {
        let counters = status.protocolCounters
        out.single(
            "presswork_messages_malformed_total", .counter, "Messages dropped because they could not be decoded.",
            counters.malformedMessages)
        out.single(
            "presswork_messages_undeliverable_total", .counter,
            "Messages not delivered (peer gone or over its high-water mark).", counters.undeliverableMessages)
        guard let security = status.security else { return }
        out.single(
            "presswork_handshakes_refused_total", .counter, "Connections refused in the handshake (key or no CURVE).",
            security.refusedHandshakes)
        out.single(
            "presswork_roles_refused_total", .counter, "Messages refused: key not admitted for the role it spoke.",
            security.refusedRoles)
        out.single(
            "presswork_submissions_refused_total", .counter, "Submissions refused: too many unfinished jobs.",
            security.refusedSubmissions)
        out.family(
            "presswork_refused_total", .counter,
            "Messages from admitted peers refused because their role does not allow them, by reason.")
        // Every reason is exported, at 0 too, so alerts on a rate see the series from the start.
        for reason in RefusalReason.allCases {
            out.sample(
                "presswork_refused_total", [("reason", reason.rawValue)], security.refused?[reason.rawValue] ?? 0)
        }
    }

    private func histogramFamilies(_ out: inout PrometheusText) {
        out.family(
            "presswork_job_duration_seconds", .histogram, "Seconds from dispatch to accepted result, for jobs done.")
        out.histogram("presswork_job_duration_seconds", durations)
        out.family(
            "presswork_job_queue_wait_seconds", .histogram,
            "Seconds each attempt waited ready in the queue before it was dispatched.")
        out.histogram("presswork_job_queue_wait_seconds", queueWaits)
        out.family(
            "presswork_pipeline_stage_duration_seconds", .histogram,
            "Seconds per article in each pipeline stage, as workers measured them, for results stored.")
        for stage in activity.orderedStages {
            out.histogram("presswork_pipeline_stage_duration_seconds", stage.histogram, labels: [("stage", stage.name)])
        }
    }
}

extension PrometheusText {
    /// The samples of one of the machine's histograms.
    mutating func histogram(_ name: String, _ histogram: Histogram, labels: [(String, String)] = []) {
        self.histogram(
            name, bounds: histogram.bounds, buckets: histogram.buckets, sum: histogram.sum, count: histogram.count,
            labels: labels)
    }
}
