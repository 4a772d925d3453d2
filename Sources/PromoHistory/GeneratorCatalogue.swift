extension HistoryGenerator {
    /// A category of the tree, as ``CatalogueData/categories`` describes it.
    struct Category {
        var path: String
        var noun: String
        /// The price range, minor units (per kilogram for weighed goods).
        var low: Int
        var high: Int
        var demand: Int
        var assortment: Int
        /// The brands its products take; empty: products without a brand.
        var brands: [String]
        var weighed: Bool
        var excise: Bool
        /// The legal minimum price of one unit of its excise goods, minor units.
        var minPrice: Int?
        var variants: [String]
    }

    /// A product of the catalogue: a row of `products` and its shelf price.
    struct Item {
        var sku: Int
        var name: String
        var category: Int
        var brand: String?
        var weighed: Bool
        var excise: Bool
        var minPrice: Int?
        /// Minor units, for one piece or one kilogram.
        var price: Int
    }

    /// A store: a row of `stores`.
    struct Store {
        var id: Int
        var format: String
        var region: String
        var city: String
        var groups: String

        var isOnline: Bool { format == "Online" }
        /// Open around the clock.
        var allDay: Bool { isOnline || groups.split(separator: ",").contains("24h") }
        /// How many receipts it makes, relative to the other stores.
        var traffic: Int {
            switch format {
            case "Hypermarket": 5
            case "Supermarket", "Discounter": 3
            case "Online": 3
            default: 2
            }
        }
        /// The mean number of lines of its receipts, in tenths.
        var meanLinesTenths: Int {
            switch format {
            case "Hypermarket": 120
            case "Supermarket": 80
            case "Discounter": 75
            case "Online": 150
            default: 45
            }
        }
    }

    /// The whole fixed catalogue: categories, products (grouped by category, the products the
    /// promo set names first in theirs) and stores, with the figures that drive the baskets.
    struct Catalogue {
        var categories: [Category]
        var items: [Item]
        var stores: [Store]
        /// Running totals of each product's demand, in the order of `items`.
        var demand: [Int]
        /// The products of each category: a range of `items`.
        var ranges: [Range<Int>]

        /// How many products the promo set names.
        static var namedCount: Int { CatalogueData.namedProducts.split(separator: "\n").count }

        /// The index of the category at `path`, if the tree has it.
        func category(_ path: String) -> Int? { categories.firstIndex { $0.path == path } }

        /// The catalogue with `productCount` products in all (at least the named ones).
        static func build(productCount: Int) -> Catalogue {
            var categories = parseCategories()
            var index: [String: Int] = [:]
            for (i, category) in categories.enumerated() { index[category.path] = i }
            var named: [[Item]] = Array(repeating: [], count: categories.count)
            for line in CatalogueData.namedProducts.split(separator: "\n") {
                let fields = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
                guard fields.count == 6, let sku = Int(fields[0]), let price = money(fields[3]) else { continue }
                let path = fields[1]
                let category: Int
                if let known = index[path] {
                    category = known
                } else {
                    category = categories.count
                    index[path] = category
                    categories.append(Category(path: path, noun: "Товар", low: price, high: price, demand: 10,
                                               assortment: 1, brands: [], weighed: false, excise: false,
                                               minPrice: nil, variants: []))
                    named.append([])
                }
                let flag = fields[4]
                let excise = flag.hasPrefix("x")
                let minimum = flag.hasPrefix("x") || flag.hasPrefix("m") ? money(String(flag.dropFirst())) : nil
                named[category].append(Item(sku: sku, name: fields[2], category: category,
                                            brand: fields[5].isEmpty ? nil : fields[5], weighed: flag == "w",
                                            excise: excise, minPrice: minimum, price: price))
            }

            // Generic products: at least one in every category, the rest shared by assortment.
            let namedCount = named.reduce(0) { $0 + $1.count }
            let base = named.map { $0.isEmpty ? 1 : 0 }
            let spare = max(0, productCount - namedCount - base.reduce(0, +))
            let totalAssortment = max(1, categories.reduce(0) { $0 + max($1.assortment, 0) })
            var random = Random(seed: 0x5EED_CA7A_1095, stream: 1)
            var items: [Item] = []
            var ranges: [Range<Int>] = []
            var demand: [Int] = []
            var running = 0, cumulativeAssortment = 0, nextSku = 100_001
            items.reserveCapacity(max(productCount, namedCount + categories.count))
            for (c, category) in categories.enumerated() {
                let before = spare * cumulativeAssortment / totalAssortment
                cumulativeAssortment += max(category.assortment, 0)
                let generic = base[c] + spare * cumulativeAssortment / totalAssortment - before
                let start = items.count
                for var item in named[c] {
                    if item.name.isEmpty { item.name = productName(category, brand: item.brand, random: &random) }
                    items.append(item)
                }
                for _ in 0 ..< generic {
                    let brand = category.brands.isEmpty ? nil : random.element(category.brands)
                    var price = shelfPrice(category, random: &random)
                    if let minimum = category.minPrice { price = max(price, minimum) }
                    items.append(Item(sku: nextSku, name: productName(category, brand: brand, random: &random),
                                      category: c, brand: brand, weighed: category.weighed, excise: category.excise,
                                      minPrice: category.excise ? category.minPrice : nil, price: price))
                    nextSku += 1
                }
                ranges.append(start ..< items.count)
                // The category's demand falls on its products by rank: the first sell most, and
                // the products the promo set names (first in their category) sell three times more.
                let count = items.count - start
                var rankTotal = 0
                for rank in 0 ..< count { rankTotal += 1_000_000 / (rank + 2) }
                for rank in 0 ..< count {
                    let boost = rank < named[c].count ? 3 : 1
                    let share = max(1, boost * category.demand * 1_000_000 / max(rankTotal, 1) * (1_000_000 / (rank + 2)) / 1000)
                    running += share
                    demand.append(running)
                }
            }
            return Catalogue(categories: categories, items: items, stores: parseStores(), demand: demand,
                             ranges: ranges)
        }

        static func parseCategories() -> [Category] {
            var categories: [Category] = []
            for line in CatalogueData.categories.split(separator: "\n") {
                let fields = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
                guard fields.count == 8 else { continue }
                let bounds = fields[2].split(separator: "-")
                guard bounds.count == 2, let low = Int(bounds[0]), let high = Int(bounds[1]),
                      let demand = Int(fields[3]), let assortment = Int(fields[4]) else { continue }
                let flag = fields[6]
                let excise = flag.hasPrefix("x")
                categories.append(Category(
                    path: fields[0], noun: fields[1], low: low * 100, high: max(low, high) * 100, demand: demand,
                    assortment: assortment, brands: CatalogueData.brands[fields[5]] ?? [],
                    weighed: flag == "w", excise: excise,
                    minPrice: excise ? Int(flag.dropFirst()).map { $0 * 100 } : nil,
                    variants: fields[7].isEmpty ? [] : fields[7].split(separator: ";").map(String.init)))
            }
            return categories
        }

        static func parseStores() -> [Store] {
            CatalogueData.stores.split(separator: "\n").compactMap { line in
                let fields = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
                guard fields.count == 5, let id = Int(fields[0]) else { return nil }
                return Store(id: id, format: fields[1], region: fields[2], city: fields[3], groups: fields[4])
            }
        }

        /// `123.45` as minor units, or nil.
        static func money(_ text: String) -> Int? {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard let units = Int(parts[0]), units >= 0 else { return nil }
            if parts.count == 1 { return units * 100 }
            guard parts.count == 2, parts[1].count == 2, let cents = Int(parts[1]) else { return nil }
            return units * 100 + cents
        }

        /// A price in the category's range, more often near its low end, with a shop's ending:
        /// …9.90, …9.99 or …9.00.
        static func shelfPrice(_ category: Category, random: inout Random) -> Int {
            let span = category.high / 100 - category.low / 100 + 1
            var roubles = category.low / 100 + min(random.below(span), random.below(span))
            if roubles >= 200 { roubles = roubles / 10 * 10 + 9 }
            let ending = random.below(100)
            let kopecks = ending < 60 ? 90 : ending < 85 ? 99 : 0
            return max(1, roubles * 100 + kopecks)
        }

        static func productName(_ category: Category, brand: String?, random: inout Random) -> String {
            var name = category.noun
            if let brand { name += " " + brand }
            if !category.variants.isEmpty { name += " " + random.element(category.variants) }
            return name
        }
    }
}
