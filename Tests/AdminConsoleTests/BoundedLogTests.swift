import Testing

@testable import AdminConsole

@Suite("BoundedLog: the newest elements of a stream")
struct BoundedLogTests {
    @Test func keepsTheNewestCapacityElementsOldestFirst() {
        var log = BoundedLog<Int>(capacity: 3)
        for value in 1...10 { log.append(value) }
        #expect(Array(log.elements) == [8, 9, 10])
        #expect(log.last == 10)
    }

    @Test func keepsEverythingBelowCapacity() {
        var log = BoundedLog<Int>(capacity: 3)
        log.append(1)
        #expect(Array(log.elements) == [1])
    }
}
