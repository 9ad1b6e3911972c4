import NIOCore
import Testing

@testable import EngineIO

@Suite("Session state machine transitions")
struct EngineSessionStateMachineTests {
    private let hello = EnginePacket.message("hello").frame

    private func polling(maxPacketsPerPoll: Int = 16) -> EngineSessionStateMachine {
        EngineSessionStateMachine(transport: .polling, maxPacketsPerPoll: maxPacketsPerPoll)
    }

    @Test func pollWithNothingBufferedIsHeldUntilSomethingIsSent() {
        var machine = polling()
        #expect(machine.pollArrived() == .hold)
        #expect(machine.send([hello]) == .respondToPoll([hello]))
        #expect(!machine.isHoldingPoll)
    }

    @Test func sendWithoutAPollIsBufferedForTheNextOne() {
        var machine = polling()
        #expect(machine.send([hello, .ping]) == .buffered)
        #expect(machine.pollArrived() == .respond([hello, .ping]))
        #expect(machine.buffer.isEmpty)
    }

    @Test func pollResponsesAreCappedAndTheRestWaits() {
        var machine = polling(maxPacketsPerPoll: 2)
        _ = machine.send([hello, hello, .ping])
        #expect(machine.pollArrived() == .respond([hello, hello]))
        #expect(machine.pollArrived() == .respond([.ping]))
    }

    @Test func secondPollWhileOneIsHeldIsRejected() {
        var machine = polling()
        _ = machine.pollArrived()
        #expect(machine.pollArrived() == .rejectDuplicate)
    }

    @Test func secondPostWhileOneIsInProgressIsRefused() {
        var machine = polling()
        do { let result = machine.postArrived(); #expect(result) }
        do { let result = machine.postArrived(); #expect(!result) }
        machine.postFinished()
        do { let result = machine.postArrived(); #expect(result) }
    }

    @Test func incomingPacketsAreClassified() {
        let machine = polling()
        #expect(machine.receive(.message) == .deliver)
        #expect(machine.receive(.pong) == .pong)
        #expect(machine.receive(.ping) == .close(.transportError))
        #expect(machine.receive(.close) == .close(.transportClose))
        #expect(machine.receive(.noop) == .ignore)
        #expect(machine.receive(.upgrade) == .ignore)
        #expect(machine.receive(.open) == .ignore)
    }

    @Test func clientCloseReleasesTheHeldPollWithNoop() {
        var machine = polling()
        _ = machine.pollArrived()
        #expect(machine.close(.transportClose) == .finish(finalPollFrames: [.noop], webSocketFrames: []))
        #expect(machine.phase == .closed)
        #expect(machine.receive(.message) == .ignore)
    }

    @Test func errorCloseAnswersTheHeldPollWithClose() {
        var machine = polling()
        _ = machine.pollArrived()
        #expect(machine.close(.transportError) == .finish(finalPollFrames: [.close], webSocketFrames: []))
        #expect(machine.close(.pingTimeout) == .none)
    }

    @Test func forcedCloseWithoutPollWaitsAndDeliversBufferThenClose() {
        var machine = polling()
        _ = machine.send([hello])
        #expect(machine.close(.forcedClose) == .awaitFinalPoll)
        #expect(machine.send([hello]) == .dropped)
        #expect(machine.pollArrived() == .respondAndFinishClose([hello, .close]))
        #expect(machine.phase == .closed)
    }

    @Test func forcedCloseWithEmptyBufferSendsNoopThenClose() {
        var machine = polling()
        _ = machine.close(.forcedClose)
        #expect(machine.pollArrived() == .respondAndFinishClose([.noop, .close]))
    }

    @Test func forcedCloseWaitExpiryCompletesTheClose() {
        var machine = polling()
        _ = machine.close(.forcedClose)
        do { let result = machine.finalPollWaitExpired(); #expect(result) }
        #expect(machine.phase == .closed)
        do { let result = machine.finalPollWaitExpired(); #expect(!result) }
    }

    @Test func forcedCloseWithHeldPollAnswersItAtOnce() {
        var machine = polling()
        _ = machine.pollArrived()
        #expect(machine.close(.forcedClose) == .finish(finalPollFrames: [.close], webSocketFrames: []))
    }

    @Test func webSocketSendsAreWrittenDirectly() {
        var machine = EngineSessionStateMachine(transport: .websocket, maxPacketsPerPoll: 16)
        #expect(machine.send([hello]) == .writeToWebSocket)
        #expect(machine.pollArrived() == .rejectTransportMismatch)
    }

    @Test func upgradeGoesProbeThenUpgradeAndFlushesWhatWasBuffered() {
        var machine = polling()
        _ = machine.pollArrived()
        do { let result = machine.upgradeRequested(allowUpgrades: true); #expect(result) }
        do { let result = machine.upgradeRequested(allowUpgrades: true); #expect(!result) }
        #expect(machine.receiveOnUpgradingSocket(EnginePacket(.ping, .text("probe"))) == .replyToProbe)
        do { let result = machine.noopCheck(); #expect(result) }
        do { let result = machine.noopCheck(); #expect(!result) }
        #expect(machine.send([hello]) == .buffered)
        #expect(machine.receiveOnUpgradingSocket(EnginePacket(.upgrade)) == .completeUpgrade(releasePoll: false, flush: [hello]))
        #expect(machine.transport == .websocket)
        #expect(machine.phase == .open)
        #expect(machine.pollArrived() == .rejectTransportMismatch)
    }

    @Test func upgradeReleasesAPollStillHeld() {
        var machine = polling()
        _ = machine.upgradeRequested(allowUpgrades: true)
        _ = machine.receiveOnUpgradingSocket(EnginePacket(.ping, .text("probe")))
        _ = machine.pollArrived()
        #expect(machine.receiveOnUpgradingSocket(EnginePacket(.upgrade)) == .completeUpgrade(releasePoll: true, flush: []))
    }

    @Test func anyOtherPacketBeforeUpgradeCancelsIt() {
        var machine = polling()
        _ = machine.upgradeRequested(allowUpgrades: true)
        #expect(machine.receiveOnUpgradingSocket(.message("hello")) == .cancelUpgrade)
        #expect(machine.phase == .open)
        #expect(machine.transport == .polling)
    }

    @Test func upgradeWithoutProbeIsCancelled() {
        var machine = polling()
        _ = machine.upgradeRequested(allowUpgrades: true)
        #expect(machine.receiveOnUpgradingSocket(EnginePacket(.upgrade)) == .cancelUpgrade)
    }

    @Test func abandonedUpgradeLeavesPollingOpen() {
        var machine = polling()
        _ = machine.upgradeRequested(allowUpgrades: true)
        machine.upgradeAbandoned()
        #expect(machine.phase == .open)
        do { let result = machine.upgradeRequested(allowUpgrades: true); #expect(result) }
    }

    @Test func upgradesCanBeDisallowed() {
        var machine = polling()
        do { let result = machine.upgradeRequested(allowUpgrades: false); #expect(!result) }
    }

    @Test func abortedHeldPollClosesTheSession() {
        var machine = polling()
        do { let result = machine.heldPollAborted(); #expect(!result) }
        _ = machine.pollArrived()
        do { let result = machine.heldPollAborted(); #expect(result) }
    }

    @Test func volatileFramesAreDroppedUnlessAPollIsHeld() {
        var machine = polling()
        #expect(machine.send([hello], volatile: true) == .dropped)
        #expect(machine.buffer.isEmpty)
        _ = machine.pollArrived()
        #expect(machine.send([hello], volatile: true) == .respondToPoll([hello]))
    }

    @Test func pollingBufferPastItsByteLimitOverflows() {
        var machine = EngineSessionStateMachine(transport: .polling, maxPacketsPerPoll: 16, maxBufferedBytes: 10)
        #expect(machine.send([hello]) == .buffered)
        #expect(machine.bufferedBytes == 6)
        #expect(machine.send([hello]) == .overflow)
        _ = machine.pollArrived()
        #expect(machine.bufferedBytes == 0)
    }

    @Test func pollAfterTheCloseIsAnUnknownSession() {
        var machine = polling()
        _ = machine.close(.transportError)
        #expect(machine.pollArrived() == .rejectUnknownSession)
    }
}
