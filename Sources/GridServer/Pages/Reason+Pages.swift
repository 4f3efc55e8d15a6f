import GridCore

extension Reason {
    /// This reason in the language of a page's `strings`: ``StringTables`` merges the reasons
    /// tables in under ``tableKey(_:)``. A template with no translation reads as written.
    func text(_ strings: [String: String]) -> String {
        rendered { strings[Self.tableKey($0)] }
    }

    /// Where a template's translation sits in a page's strings: outside the keys a strings table
    /// may define, so no key can collide with one.
    static func tableKey(_ template: String) -> String { "reason:" + template }
}
