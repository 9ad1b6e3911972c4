/// The overview: one block per server (health, uptime, clients, sockets per namespace, traffic
/// with a one-minute sparkline), then the namespaces, selectable as command targets.
extension Console {
    /// The server blocks above the namespace table (`now` nil: only their height matters).
    func overviewPreamble(now: Timestamp?) -> [ScreenLine] {
        guard !state.serverOrder.isEmpty else {
            return [ScreenLine("waiting for server statistics (every 2 s)…", .dim), ScreenLine()]
        }
        let now = now ?? Timestamp(seconds: 0)
        var lines: [ScreenLine] = []
        var total = TrafficRates()
        for serverId in state.serverOrder {
            guard let server = state.servers[serverId] else { continue }
            let stats = server.stats
            let healthy = server.isHealthy(now: now)
            let rates = server.traffic.rates(now: now)
            total = total + rates
            var heading = [
                StyledText(healthy ? "● " : "✗ ", healthy ? .good : .bad),
                StyledText(stats.serverId, .heading),
                StyledText("  \(stats.hostname) pid \(stats.pid)  up \(DisplayFormat.duration(server.uptime(now: now)))  "),
                StyledText(healthy ? "healthy" : "no stats for \(DisplayFormat.duration(now.seconds - server.receivedAt.seconds))",
                           healthy ? .good : .bad),
            ]
            if let adapter = stats.adapter {
                let detail = adapter.detail.map { ": \($0)" } ?? ""
                heading.append(StyledText("  \(adapter.transport) \(adapter.state)\(detail)", adapter.state == "connected" ? .good : .warning))
            }
            lines.append(ScreenLine(heading))
            let websocket = stats.clientsCount - stats.pollingClientsCount
            let namespaces = stats.namespaces.map { namespace in
                "\(namespace.name): \(namespace.socketsCount)"
                    + (state.supports("X_ADMIN_HIDDEN") && namespace.name == adminNamespace ? " (hidden)" : "")
            }.joined(separator: "  ")
            lines.append(ScreenLine("  clients \(stats.clientsCount) (websocket \(websocket), polling \(stats.pollingClientsCount))"
                                    + "   sockets  \(namespaces)"))
            let traffic = "  in \(DisplayFormat.rate(rates.packetsIn)) pkt/s \(DisplayFormat.bytes(rates.bytesIn))/s"
                + "   out \(DisplayFormat.rate(rates.packetsOut)) pkt/s \(DisplayFormat.bytes(rates.bytesOut))/s   "
            let sparkWidth = min(60, max(0, width - TextWidth.of(traffic) - 8))
            lines.append(ScreenLine([
                StyledText(traffic),
                StyledText(Sparkline.render(server.traffic.packetHistory(now: now), width: sparkWidth), .good),
                StyledText(sparkWidth > 0 ? " 1 min" : "", .dim),
            ]))
        }
        if state.serverOrder.count > 1 {
            lines.append(ScreenLine("cluster: \(state.serverOrder.count) servers   in \(DisplayFormat.rate(total.packetsIn)) pkt/s"
                                    + "   out \(DisplayFormat.rate(total.packetsOut)) pkt/s", .heading))
        }
        lines.append(ScreenLine())
        return lines
    }

    func overviewLines(now: Timestamp, height: Int) -> [ScreenLine] {
        let preamble = overviewPreamble(now: now)
        let namespaces = overviewNamespaces()
        let hasThroughput = state.supports("X_THROUGHPUT")
        var rates: [String: TrafficRates] = [:]
        for server in state.servers.values where server.isHealthy(now: now) {
            for (name, rate) in server.stats.throughput?.namespaces ?? [:] { rates[name] = (rates[name] ?? TrafficRates()) + rate }
        }
        let layout = TableLayout([
            .init(title: "NAMESPACE", minimum: 12, weight: 2),
            .init(title: "SOCKETS", minimum: 12, alignment: .right),
            .init(title: "IN pkt/s", minimum: 9, alignment: .right),
            .init(title: "OUT pkt/s", minimum: 9, alignment: .right),
            .init(title: "IN B/s", minimum: 9, alignment: .right),
            .init(title: "OUT B/s", minimum: 9, weight: 1, alignment: .right),
        ], width: width)
        let ids = namespaces.map { RowID.namespace($0.name) }
        let table = listLines(header: layout.header(), ids: ids, height: height - preamble.count) { index, selected in
            let namespace = namespaces[index]
            let rate = rates[namespace.name]
            func figure(_ value: Double?, bytes: Bool = false) -> StyledText {
                guard hasThroughput, let value else { return StyledText(hasThroughput ? "0" : unavailable, .dim) }
                return StyledText(bytes ? DisplayFormat.bytes(value) : DisplayFormat.rate(value))
            }
            let runs = layout.runs([
                "NAMESPACE": StyledText(namespace.name),
                "SOCKETS": StyledText("\(namespace.sockets)\(namespace.hidden ? " (hidden)" : "")"),
                "IN pkt/s": figure(rate?.packetsIn), "OUT pkt/s": figure(rate?.packetsOut),
                "IN B/s": figure(rate?.bytesIn, bytes: true), "OUT B/s": figure(rate?.bytesOut, bytes: true),
            ])
            return selected ? filled(runs, style: .selected) : ScreenLine(runs)
        }
        return preamble + table
    }
}
