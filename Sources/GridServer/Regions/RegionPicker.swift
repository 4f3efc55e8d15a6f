import GridCore

/// The words of `/assets/region-picker.js`, which lets an input marked `data-region-picker` take a
/// region picked from the caller's tree.
enum RegionPicker {
    static func words(_ strings: [String: String]) -> String {
        let keys = [
            "open": "picker_open", "search": "picker_search", "choose": "picker_choose", "top": "picker_top",
            "none": "picker_none",
        ]
        return JSONValue.object(keys.mapValues { .string(strings[$0] ?? $0) }).canonicalText
    }
}
