import Testing
@testable import IdentityCore
import IdentityTestSupport

@Suite struct ObjectIDTests {
    @Test func generatedIDs_AreValidVersion4_AndDistinct() {
        let ids = (0..<200).map { _ in ObjectID.generate(.identity) }
        #expect(Set(ids).count == 200)
        for id in ids {
            #expect(ObjectID.isValid(id, kind: .identity))
            #expect(id.count == 45)
        }
    }

    @Test func generatedIDs_StartWithTheirCreationTime_SoLaterIDsSortAfter() {
        let milliseconds: UInt64 = 1_796_000_000_123  // 0x01a229f1287b
        let id = ObjectID.generate(.agent, milliseconds: milliseconds)
        #expect(id.hasPrefix("agent-01a229f1-287b-4"))
        #expect(ObjectID.isValid(id, kind: .agent))
        let later = (1...50).map { ObjectID.generate(.agent, milliseconds: milliseconds + UInt64($0)) }
        #expect(later == later.sorted())
        #expect(later.allSatisfy { $0 > id })
        let sameMillisecond = (0..<100).map { _ in ObjectID.generate(.agent, milliseconds: milliseconds) }
        #expect(Set(sameMillisecond).count == 100)
    }

    @Test func generatedIDs_CarryTheCurrentTime() {
        let before = UInt64(Timestamp.now().microseconds / 1000)
        let id = ObjectID.generate(.block)
        let after = UInt64(Timestamp.now().microseconds / 1000)
        let hexTime = String(id.dropFirst("block-".count).prefix(13).filter { $0 != "-" })
        let milliseconds = UInt64(hexTime, radix: 16)
        #expect(milliseconds.map { $0 >= before && $0 <= after } == true)
    }

    @Test func validation_AcceptsSeedAgentID() {
        #expect(ObjectID.isValid("agent-00000000-0000-4000-8000-000000000000", kind: .agent))
    }

    @Test(arguments: [
        "identity-123e4567-e89b-12d3-a456-426614174000",  // version 1, from Letta's docs
        "identity-123E4567-E89B-42D3-8456-426614174000",  // uppercase
        "identity-123e4567-e89b-42d3-c456-426614174000",  // wrong variant
        "agent-123e4567-e89b-42d3-8456-426614174000",     // wrong prefix
        "identity-123e4567e89b-42d3-8456-4266141740000",  // misplaced dash
        "identity-",
        "",
        "identitx-123e4567-e89b-42d3-8456-426614174000",  // same length, other prefix
        "identity_123e4567-e89b-42d3-8456-426614174000",  // separator
        "identity-123e4567-e89b-42d3-8456-42661417400\u{E9}",  // non-ASCII, same character count
    ])
    func validation_RejectsMalformedIdentityIDs(_ id: String) {
        #expect(!ObjectID.isValid(id, kind: .identity))
    }

    @Test func kinds_DescribeLettaPatternsAndLengths() {
        #expect(ObjectKind.agent.idLength == 42)
        #expect(ObjectKind.identity.idLength == 45)
        #expect(ObjectKind.block.idPattern == "^block-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
        #expect(ObjectID.isValid(ObjectKind.identity.exampleID, kind: .identity))
    }
}

@Suite struct TimestampTests {
    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00Z"),
        (Int64(1_748_781_296_789_012), "2025-06-01T12:34:56.789012Z"),
        (Int64(1_748_781_296_000_000), "2025-06-01T12:34:56Z"),
        (Int64(951_782_400_000_001), "2000-02-29T00:00:00.000001Z"),
        (Int64(-1), "1969-12-31T23:59:59.999999Z"),
    ])
    func iso8601_FormatsUTCWithOptionalMicroseconds(_ micros: Int64, _ expected: String) {
        #expect(Timestamp(microseconds: micros).iso8601 == expected)
    }

    @Test func civilDate_RoundTripsThroughDayCounts() {
        for days in stride(from: Int64(-800_000), through: 800_000, by: 997) {
            let (year, month, day) = Timestamp.civilDate(daysSinceEpoch: days)
            #expect(Timestamp.daysSinceEpoch(year: year, month: month, day: day) == days)
        }
    }

    @Test func now_IsRecentAndMonotonicEnough() {
        let first = Timestamp.now()
        let second = Timestamp.now()
        #expect(first.microseconds > 1_700_000_000_000_000)
        #expect(second >= first)
    }
}
