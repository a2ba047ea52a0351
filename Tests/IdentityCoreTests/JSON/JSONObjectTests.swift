import Testing
@testable import IdentityCore
import IdentityTestSupport

@Suite struct JSONObjectTests {
    @Test func subscript_ReplacesInPlace_AppendsNew_RemovesOnNil() {
        var object: JSONObject = ["a": 1, "b": 2, "c": 3]
        object["b"] = "two"
        object["d"] = 4
        object["a"] = nil
        object["missing"] = nil
        #expect(object.keys == ["b", "c", "d"])
        #expect(object["b"] == "two")
        #expect(object.contains("d"))
        #expect(!object.contains("a"))
        #expect(object.count == 3)
        #expect(!object.isEmpty)
        #expect(JSONObject().isEmpty)
    }

    @Test func init_KeepsFirstPositionAndLastValue_WhenPairsRepeatKeys() {
        let object = JSONObject([(key: "x", value: 1), (key: "y", value: 2), (key: "x", value: 3)])
        #expect(object.pairs.map(\.key) == ["x", "y"])
        #expect(object.pairs.map(\.value) == [3, 2])
    }

    @Test func indexedObject_StaysConsistent_WhenMutatedAcrossThreshold() {
        var object = JSONObject()
        for number in 0 ..< 40 {
            object["k\(number)"] = .int(Int64(number))
        }
        for number in stride(from: 0, to: 40, by: 3) {
            object["k\(number)"] = nil
        }
        object["k1"] = "updated"
        object["new"] = true
        let expectedKeys = (0 ..< 40).filter { $0 % 3 != 0 }.map { "k\($0)" } + ["new"]
        #expect(object.keys == expectedKeys)
        #expect(object["k1"] == "updated")
        #expect(object["k2"] == 2)
        #expect(object["k3"] == nil)
        #expect(object["new"] == true)
        for number in 0 ..< 40 where number % 3 != 0 {
            object["k\(number)"] = nil
        }
        #expect(object.keys == ["new"])
        #expect(object["new"] == true)
    }

    @Test func equality_DependsOnOrder_WhenMembersMatch() {
        let first: JSONObject = ["a": 1, "b": 2]
        let second: JSONObject = ["b": 2, "a": 1]
        #expect(first != second)
        #expect(first == ["a": 1, "b": 2])
        #expect(first != ["a": 1, "b": 3])
        #expect(first != ["a": 1])
        let composed: JSONObject = ["\u{E9}": 1]
        #expect(composed != ["e\u{301}": 1])
    }

    @Test func iteration_YieldsPairsInOrder() {
        let object: JSONObject = ["z": 1, "y": 2]
        #expect(object.map(\.key) == ["z", "y"])
        #expect(object.map(\.value) == [1, 2])
        #expect(object.description == #"{"z":1,"y":2}"#)
    }
}
