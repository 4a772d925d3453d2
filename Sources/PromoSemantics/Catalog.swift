import PromoDiagnostics

/// The chain's product catalog, for checking the categories, SKUs and brands promos name.
///
/// Read from CSV with a header row; the columns `sku`, `category` (a path like
/// `Food/Dairy/Milk`) and `brand` are used, others are ignored. Every ancestor of a category
/// counts as a category too.
public struct Catalog: Sendable {
    public var categories: Set<String> = []
    public var skus: Set<Int64> = []
    public var brands: Set<String> = []
    /// What the catalog says of each SKU: its category and brand (either may be unknown).
    public var products: [Int64: Product] = [:]

    public struct Product: Sendable, Hashable {
        public var category: String?
        public var brand: String?
        public init(category: String?, brand: String?) {
            self.category = category
            self.brand = brand
        }
    }

    public init(categories: Set<String> = [], skus: Set<Int64> = [], brands: Set<String> = []) {
        self.categories = categories
        self.skus = skus
        self.brands = brands
    }

    /// A problem in a catalog file, with the line it is on.
    public struct LoadError: Error, Sendable, CustomStringConvertible {
        public var path: String
        public var line: Int
        public var message: String
        public var description: String { "\(path):\(line): \(message)" }
    }

    /// Parses a catalog CSV.
    public static func load(path: String, text: String) throws(LoadError) -> Catalog {
        let rows = CSV.rows(text)
        guard let header = rows.first else { throw LoadError(path: path, line: 1, message: "the catalog is empty") }
        let columns = header.fields.map { $0.lowercased().trimmingSpaces }
        let sku = columns.firstIndex(of: "sku"), category = columns.firstIndex(of: "category"), brand = columns.firstIndex(of: "brand")
        guard sku != nil || category != nil || brand != nil else {
            throw LoadError(path: path, line: header.line,
                            message: "the header names none of the columns `sku`, `category`, `brand`")
        }
        var catalog = Catalog()
        for row in rows.dropFirst() where !(row.fields.count == 1 && row.fields[0].isEmpty) {
            var product = Product(category: nil, brand: nil), skuValue: Int64?
            guard row.fields.count == columns.count else {
                let hint = row.fields.count > columns.count ? "; a field that holds a comma must be in double quotes" : ""
                throw LoadError(path: path, line: row.line,
                                message: "expected \(columns.count) fields as in the header, found \(row.fields.count)\(hint)")
            }
            if let sku {
                let text = row.fields[sku].trimmingSpaces
                guard let value = Int64(text) else {
                    throw LoadError(path: path, line: row.line, message: "SKU `\(text)` is not a whole number")
                }
                catalog.skus.insert(value)
                skuValue = value
            }
            if let category {
                let parts = row.fields[category].split(separator: "/").map { $0.trimmingSpaces }.filter { !$0.isEmpty }
                for end in parts.indices { catalog.categories.insert(parts[...end].joined(separator: "/")) }
                if !parts.isEmpty { product.category = parts.joined(separator: "/") }
            }
            if let brand {
                let name = row.fields[brand].trimmingSpaces
                if !name.isEmpty { catalog.brands.insert(name); product.brand = name }
            }
            if let skuValue { catalog.products[skuValue] = product }
        }
        return catalog
    }
}

/// A minimal RFC 4180 reader: quoted fields may hold commas, quotes (doubled) and line breaks.
enum CSV {
    struct Row {
        var fields: [String]
        var line: Int
    }

    static func rows(_ text: String) -> [Row] {
        var rows: [Row] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var line = 1, rowLine = 1
        var chars = text.makeIterator()
        var pending: Character? = nil
        func next() -> Character? {
            if let p = pending { pending = nil; return p }
            return chars.next()
        }
        while let c = next() {
            if quoted {
                if c == "\"" {
                    if let n = next() {
                        if n == "\"" { field.append("\"") } else { quoted = false; pending = n }
                    } else { quoted = false }
                } else {
                    if c == "\n" { line += 1 }
                    field.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty: quoted = true
            case ",": fields.append(field); field = ""
            case "\r\n", "\n":
                fields.append(field)
                rows.append(Row(fields: fields, line: rowLine))
                fields = []; field = ""
                line += 1; rowLine = line
            case "\r": break
            default: field.append(c)
            }
        }
        if !field.isEmpty || !fields.isEmpty {
            fields.append(field)
            rows.append(Row(fields: fields, line: rowLine))
        }
        return rows
    }
}

extension String {
    var trimmingSpaces: String { self[...].trimmingSpaces }
}
