/// Random agent names made of a capitalised adjective and noun, e.g. `AmberFalcon` (docs/reference/letta-api.md §7.8).
/// Names are not unique; the word lists are this server's own.
public enum AgentNameGenerator {
    static let adjectives = [
        "Agile", "Amber", "Ancient", "Brave", "Breezy", "Bright", "Calm", "Clever", "Cosmic", "Crimson",
        "Curious", "Dapper", "Daring", "Eager", "Electric", "Fearless", "Fluffy", "Gentle", "Gleaming", "Golden",
        "Graceful", "Happy", "Honest", "Humble", "Jolly", "Kind", "Lively", "Lucky", "Mellow", "Mighty",
        "Misty", "Nimble", "Noble", "Patient", "Peaceful", "Playful", "Polished", "Quiet", "Radiant", "Rapid",
        "Serene", "Silver", "Sincere", "Snowy", "Steady", "Sunny", "Swift", "Tidy", "Vivid", "Witty",
    ]

    static let nouns = [
        "Acorn", "Badger", "Beacon", "Birch", "Bison", "Canyon", "Comet", "Coral", "Cricket", "Dolphin",
        "Ember", "Falcon", "Fern", "Fjord", "Fox", "Glacier", "Harbor", "Hawk", "Heron", "Island",
        "Juniper", "Kestrel", "Lantern", "Lark", "Lotus", "Maple", "Meadow", "Meteor", "Moose", "Nebula",
        "Oasis", "Orchid", "Otter", "Owl", "Panda", "Pebble", "Pine", "Prairie", "Quartz", "Raven",
        "Reef", "River", "Sparrow", "Summit", "Thistle", "Tiger", "Tundra", "Valley", "Willow", "Zephyr",
    ]

    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return make(using: &generator)
    }

    public static func make<G: RandomNumberGenerator>(using generator: inout G) -> String {
        adjectives.randomElement(using: &generator)! + nouns.randomElement(using: &generator)!
    }
}
