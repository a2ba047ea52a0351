extension Block {
    /// Letta's default description of the core blocks `human` and `persona` (docs/reference/letta-api.md §7.6), also
    /// used for `system/human` and `system/persona`; nil for every other label.
    ///
    /// Applied when a block is created without a description and stored, so the create answer
    /// and every later read agree (docs/reference/decisions.md #10; the reference shows it on create only).
    public static func defaultDescription(forLabel label: String?) -> String? {
        switch label {
        case "human", "system/human":
            "The human block: Stores key details about the person you are conversing with, "
                + "allowing for more personalized and friend-like conversation."
        case "persona", "system/persona":
            "The persona block: Stores details about your current persona, guiding how you behave "
                + "and respond. This helps you to maintain consistency and personality in your interactions."
        default:
            nil
        }
    }

    /// A block value as stored: NUL characters removed (docs/reference/letta-api.md §2.2).
    public static func sanitizedValue(_ value: String) -> String {
        guard value.utf8.contains(0) else { return value }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: value.unicodeScalars.lazy.filter { $0.value != 0 })
        return String(scalars)
    }

    /// Tags without repeats, first occurrence kept in place. Tags are compared by their bytes,
    /// as the database does (Swift's `==` would merge canonically equivalent spellings).
    public static func uniqueTags(_ tags: [String]) -> [String] {
        var seen = Set<[UInt8]>()
        return tags.filter { seen.insert(Array($0.utf8)).inserted }
    }
}
