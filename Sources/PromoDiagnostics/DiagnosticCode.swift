/// Every diagnostic the promo tools can report, with a stable code.
///
/// Codes never change meaning once released: P00xx are lexical, P01xx syntax, P02xx names,
/// P03xx types, P04xx clause checks, P05xx analyses of a whole promo set, P06xx test blocks and
/// P09xx the tool's own input (files, catalog).
public enum DiagnosticCode: String, Sendable, CaseIterable, Hashable {
    // Lexical
    case unexpectedCharacter = "P0001"
    case unterminatedString = "P0002"
    case invalidEscape = "P0003"
    case malformedNumber = "P0004"
    case invalidDate = "P0005"
    case invalidTime = "P0006"

    // Syntax
    case expectedToken = "P0101"
    case unknownDeclaration = "P0102"
    case unknownClause = "P0103"
    case unclosedBlock = "P0104"
    case reservedName = "P0105"
    case extraInput = "P0106"

    // Names
    case unknownName = "P0201"
    case duplicateDeclaration = "P0202"
    case wrongKindOfName = "P0203"
    case unknownField = "P0204"
    case unknownWord = "P0205"
    case cyclicDefinition = "P0206"
    case wrongArgumentCount = "P0207"
    case unknownPlaceholder = "P0208"
    case unknownCurrency = "P0209"
    case unknownCatalogEntry = "P0210"
    case currencyConflict = "P0211"
    case missingCurrency = "P0212"

    // Types
    case typeMismatch = "P0301"
    case incomparableTypes = "P0302"
    case discountNeedsAmount = "P0303"
    case invalidOperands = "P0304"
    case tooManyDecimals = "P0305"
    case countUsedAsMoney = "P0306"

    // Clause checks
    case percentOutOfRange = "P0401"
    case periodEndsBeforeStart = "P0402"
    case emptyHours = "P0403"
    case badWeekdayRange = "P0404"
    case duplicateClause = "P0405"
    case promoWithoutEffect = "P0406"
    case missingPriority = "P0407"
    case dayOfMonthOutOfRange = "P0408"
    case notPositive = "P0409"
    case clauseNotAllowed = "P0410"
    case levelsOutOfOrder = "P0411"
    case conflictingClauses = "P0412"
    case unusedCounter = "P0413"

    // Analyses of a promo set
    case ambiguousOrder = "P0501"
    case shadowedPromo = "P0502"
    case emptySchedule = "P0503"
    case staleSchedule = "P0504"
    case discountPastLimit = "P0505"
    case discountPastPolicy = "P0506"
    case costPastBudget = "P0507"

    // Test blocks
    case testWithoutReceipt = "P0601"
    case testWithoutExpectation = "P0602"

    // The tool's input
    case unreadableFile = "P0901"
    case invalidCatalog = "P0902"

    /// The severity this code is reported with.
    public var defaultSeverity: Severity {
        switch self {
        case .shadowedPromo, .unusedCounter, .staleSchedule: .warning
        default: .error
        }
    }

    /// One line saying what the code means, for `promo explain-code` and the docs.
    public var summary: String {
        switch self {
        case .unexpectedCharacter: "a character that cannot start any token"
        case .unterminatedString: "a string literal without its closing quote"
        case .invalidEscape: "an unknown escape sequence in a string"
        case .malformedNumber: "a number that is not well formed"
        case .invalidDate: "a date that does not exist or is not written YYYY-MM-DD"
        case .invalidTime: "a time that does not exist or is not written HH:MM"
        case .expectedToken: "the parser expected something else here"
        case .unknownDeclaration: "a top-level word that starts no declaration"
        case .unknownClause: "a word that starts no clause of this block"
        case .unclosedBlock: "a block opened with `{` and never closed"
        case .reservedName: "a reserved word used as a name"
        case .extraInput: "input left over after a complete clause"
        case .unknownName: "a name that is not declared"
        case .duplicateDeclaration: "two declarations with the same name"
        case .wrongKindOfName: "a name of one kind used where another kind is needed"
        case .unknownField: "an unknown field of the customer, store, line or receipt"
        case .unknownWord: "an unknown weekday, channel, unit or other fixed word"
        case .cyclicDefinition: "a definition that refers back to itself"
        case .wrongArgumentCount: "a template or function called with the wrong number of arguments"
        case .unknownPlaceholder: "an unknown `{placeholder}` in a message"
        case .unknownCurrency: "a currency code that is not known"
        case .unknownCatalogEntry: "a category, SKU or brand that the catalog does not list"
        case .currencyConflict: "files that declare different currencies"
        case .missingCurrency: "money used but no currency declared"
        case .typeMismatch: "a value of the wrong type"
        case .incomparableTypes: "a comparison between values of different types"
        case .discountNeedsAmount: "a discount given as a bare number"
        case .invalidOperands: "an operator applied to values it does not accept"
        case .tooManyDecimals: "a literal with more decimals than its type allows"
        case .countUsedAsMoney: "a whole number where money is needed"
        case .percentOutOfRange: "a percent outside 0%..100% where that is meaningless"
        case .periodEndsBeforeStart: "a period that ends before it starts"
        case .emptyHours: "an hours range that contains no time"
        case .badWeekdayRange: "a weekday range that runs backwards"
        case .duplicateClause: "a clause given twice in one block"
        case .promoWithoutEffect: "a promo that has no effect"
        case .missingPriority: "a promo without a priority"
        case .dayOfMonthOutOfRange: "a day of month outside 1..31"
        case .notPositive: "a count or amount that must be positive"
        case .clauseNotAllowed: "a clause that this block or this promo cannot have"
        case .levelsOutOfOrder: "tier levels whose thresholds do not rise"
        case .conflictingClauses: "clauses of one promo that contradict each other"
        case .unusedCounter: "a counter that is read but never changed"
        case .ambiguousOrder: "two promos that can touch one line share a priority"
        case .shadowedPromo: "a promo that an earlier promo always prevents"
        case .emptySchedule: "a schedule or store filter that no receipt can match"
        case .staleSchedule: "a promo whose schedule is already over"
        case .discountPastLimit: "stacked discounts that can pass 100% of a line or a restriction's cap"
        case .discountPastPolicy: "stacked discounts that can pass the limit given with --max-discount"
        case .costPastBudget: "a promo set whose worst-case steps pass the budget given with --max-steps"
        case .testWithoutReceipt: "a test block without a receipt or lines"
        case .testWithoutExpectation: "a test block that expects nothing"
        case .unreadableFile: "a file that cannot be read"
        case .invalidCatalog: "a catalog file that is not well formed"
        }
    }
}
