/// A row of bar glyphs showing a series at a glance (block elements; the console spells them in
/// ASCII on terminals without Unicode).
public enum Sparkline {
    private static let bars: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// `values` squeezed into `width` columns (each column the largest value of its group), scaled
    /// to the largest value; zero draws the lowest bar.
    public static func render(_ values: [Int], width: Int) -> String {
        guard width > 0, !values.isEmpty else { return "" }
        let columns = min(width, values.count)
        var grouped: [Int] = []
        grouped.reserveCapacity(columns)
        for column in 0..<columns {
            let start = column * values.count / columns
            let end = max(start + 1, (column + 1) * values.count / columns)
            grouped.append(values[start..<end].max() ?? 0)
        }
        let peak = max(1, grouped.max() ?? 1)
        return String(grouped.map { value in
            bars[min(bars.count - 1, value * (bars.count - 1) / peak)]
        })
    }
}
