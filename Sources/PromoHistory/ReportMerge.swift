import PromoVM

/// Adding the partial reports of a sharded dry-run (`promo dryrun --shard I/N`) into the report
/// of the whole run (`promo report merge`).
extension DryRunReport {
    /// The number of the first shard: `--shard 1/4` is the first of four.
    public static let firstShardIndex = 1

    /// The report of the whole run from the partial reports of its shards, each named by its
    /// file for errors.
    ///
    /// The partials must be of one run: the same database, asked period, bundle and baseline
    /// hashes, currency, decimals, and shard count; each shard once. Every figure is summed;
    /// the days replayed span from the earliest first day to the latest last day. The result
    /// is a whole report (`shard` nil) listing the shards merged. A shard that is missing is an
    /// error unless `allowPartial`, which merges the shards given.
    public static func merge(_ parts: [(file: String, report: DryRunReport)], allowPartial: Bool = false) throws(ReportError) -> DryRunReport {
        guard let (firstFile, first) = parts.first else {
            throw ReportError(file: "(no files)", message: "there are no partial reports to merge")
        }
        guard let firstShard = first.shard else { throw notAShard(firstFile) }
        let count = firstShard.count
        var byIndex: [Int: String] = [:]
        var result = DryRunReport()
        result.database = first.database
        result.from = first.from
        result.to = first.to
        result.bundleHash = first.bundleHash
        result.baselineHash = first.baselineHash
        result.currency = first.currency
        result.decimals = first.decimals
        result.promoSet = PromoSetReport(promos: first.promoSet.promos)
        result.baseline = first.baseline.map { PromoSetReport(promos: $0.promos) }

        for (file, part) in parts {
            guard let shard = part.shard else { throw notAShard(file) }
            func differs(_ what: String, _ mine: String, _ theirs: String) -> ReportError {
                ReportError(file: file, field: what, message: "\(mine) differs from \(theirs) in \(firstFile); only the partial reports of one run can be merged")
            }
            func shown(_ s: String?) -> String { s.map { "\"\($0)\"" } ?? "none" }
            func shown(_ d: LocalDate?) -> String { d.map { $0.description } ?? "none" }
            if part.database != first.database { throw differs("database", shown(part.database), shown(first.database)) }
            if part.from != first.from { throw differs("period.from", shown(part.from), shown(first.from)) }
            if part.to != first.to { throw differs("period.to", shown(part.to), shown(first.to)) }
            if part.bundleHash != first.bundleHash { throw differs("bundle_hash", shown(part.bundleHash), shown(first.bundleHash)) }
            if part.baselineHash != first.baselineHash { throw differs("baseline_hash", shown(part.baselineHash), shown(first.baselineHash)) }
            if (part.baseline == nil) != (first.baseline == nil) {
                throw differs("baseline", part.baseline == nil ? "no baseline" : "a baseline", first.baseline == nil ? "none" : "the baseline")
            }
            if part.currency != first.currency { throw differs("currency", shown(part.currency), shown(first.currency)) }
            if part.decimals != first.decimals { throw differs("decimals", String(part.decimals), String(first.decimals)) }
            if shard.count != count { throw differs("shard.count", "\(shard.count) shards", "\(count)") }
            guard shard.index >= firstShardIndex, shard.index < firstShardIndex + count else {
                throw ReportError(file: file, field: "shard.index",
                                  message: "shard \(shard.index) of \(count) is not one of shards \(firstShardIndex) to \(firstShardIndex + count - 1)")
            }
            if let other = byIndex[shard.index] {
                throw ReportError(file: file, field: "shard.index", message: "shard \(shard.index) of \(count) is merged already from \(other)")
            }
            byIndex[shard.index] = file

            if let d = part.firstDay { result.firstDay = min(result.firstDay ?? d, d) }
            if let d = part.lastDay { result.lastDay = max(result.lastDay ?? d, d) }
            result.scan.add(part.scan)
            result.promoSet.add(part.promoSet)
            if let b = part.baseline { result.baseline?.add(b) }
        }

        let missing = (firstShardIndex..<firstShardIndex + count).filter { byIndex[$0] == nil }
        if !missing.isEmpty && !allowPartial {
            let list = missing.map(String.init).joined(separator: ", ")
            throw ReportError(file: firstFile, message: "\(missing.count == 1 ? "shard" : "shards") \(list) of \(count) "
                + "\(missing.count == 1 ? "is" : "are") missing; give every shard's report, or allow a partial merge")
        }
        result.shardsMerged = byIndex.keys.sorted()
        return result
    }

    /// ``merge(_:allowPartial:)`` of reports without files: each is named by its place in the
    /// list in errors (`partial report 2`).
    public static func merge(_ parts: [DryRunReport], allowPartial: Bool = false) throws(ReportError) -> DryRunReport {
        try merge(parts.enumerated().map { (file: "partial report \($0.offset + 1)", report: $0.element) }, allowPartial: allowPartial)
    }

    private static func notAShard(_ file: String) -> ReportError {
        ReportError(file: file, field: "shard", message: "is not a shard's partial report (it has no shard); only the reports of `--shard I/N` runs can be merged")
    }
}
