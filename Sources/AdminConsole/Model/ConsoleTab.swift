/// The console's main views, in tab order (number keys 1–5).
public enum ConsoleTab: Int, Sendable, Hashable, CaseIterable {
    /// Servers, clients, namespaces and traffic.
    case overview
    /// The live socket table.
    case sockets
    /// Rooms and their members.
    case rooms
    /// The live tail of application events.
    case events
    /// Transport upgrades and their timing.
    case upgrades

    /// The tab's title.
    public var title: String {
        switch self {
        case .overview: "Overview"
        case .sockets: "Sockets"
        case .rooms: "Rooms"
        case .events: "Events"
        case .upgrades: "Upgrades"
        }
    }

    /// The tab after this one, wrapping around.
    var next: ConsoleTab {
        ConsoleTab(rawValue: (rawValue + 1) % Self.allCases.count) ?? .overview
    }

    /// The tab before this one, wrapping around.
    var previous: ConsoleTab {
        ConsoleTab(rawValue: (rawValue + Self.allCases.count - 1) % Self.allCases.count) ?? .overview
    }
}
