@testable import IdentityCore
import Testing
import IdentityTestSupport

/// A small organization for filter tests, created through the API in this order:
///
/// | block | label | value | description | tags | other |
/// |---|---|---|---|---|---|
/// | a | human | Alice likes tea | About Alice | vip, eu | project p1; agents one, two; identity user_1 |
/// | b | persona | Friendly bot | Bot persona | eu | project p2; agent one; identity user_2 |
/// | c | system/human | Bob | (human default) | vip | identity user_1 |
/// | d | human | template | — | vip | template "Base human" |
/// | e | notes | hidden | — | eu | hidden |
/// | f | Human_Notes | misc TEA 100% | — | — | identity user_1 of project x |
///
/// The human default description of c (and d) contains "personalized", so it matches "persona".
struct BlocksFixture {
    let harness: BlocksHarness
    let a, b, c, d, e, f: String
    let user1: Identity
    let user2: Identity
    let user1OtherProject: Identity

    init() throws {
        let harness = try BlocksHarness()
        self.harness = harness
        a = try harness.createBlockID(
            #"{"label":"human","value":"Alice likes tea","description":"About Alice","tags":["vip","eu"],"project_id":"p1"}"#
        )
        b = try harness.createBlockID(
            #"{"label":"persona","value":"Friendly bot","description":"Bot persona","tags":["eu"],"project_id":"p2"}"#
        )
        c = try harness.createBlockID(#"{"label":"system/human","value":"Bob","tags":["vip"]}"#)
        d = try harness.createBlockID(
            #"{"label":"human","value":"template","tags":["vip"],"is_template":true,"template_name":"Base human"}"#
        )
        e = try harness.createBlockID(#"{"label":"notes","value":"hidden","tags":["eu"],"hidden":true}"#)
        f = try harness.createBlockID(#"{"label":"Human_Notes","value":"misc TEA 100%"}"#)
        try harness.storeAgent(name: "one", blockIDs: [a, b])
        try harness.storeAgent(name: "two", blockIDs: [a])
        user1 = try harness.storeIdentity(key: "user_1", blockIDs: [a, c])
        user2 = try harness.storeIdentity(key: "user_2", blockIDs: [b])
        user1OtherProject = try harness.store.createIdentity(Identity(
            identifierKey: "user_1", name: "Other", identityType: .user, projectID: "x",
            organizationID: harness.organizationID, blockIDs: [f]
        ))
    }

    /// The ids of `GET /v1/blocks/?<query>`.
    func list(_ query: String) throws -> [String] {
        let reply = try harness.get("/v1/blocks/?\(query)")
        guard reply.status == 200 else { return ["status \(reply.status): \(reply.json)"] }
        return reply.ids
    }

    /// The body of `GET /v1/blocks/count?<query>`.
    func count(_ query: String) throws -> JSONValue {
        try harness.get("/v1/blocks/count?\(query)").json
    }
}
