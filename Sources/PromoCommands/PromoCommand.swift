import ArgumentParser

/// The `promo` tool: compiles, checks and runs promo files.
public struct PromoCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "promo",
        abstract: "Check, build and run retail promotions written in the promo language.",
        subcommands: []
    )
    public init() {}
}
