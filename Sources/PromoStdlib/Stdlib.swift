/// The standard library of the promo language: the `stdlib/*.promo` files of this package,
/// embedded when the package is built.
public enum Stdlib {
    /// Every stdlib file, sorted by name; `path` is the path shown in diagnostics.
    public static var files: [(path: String, text: String)] {
        embeddedStdlibFiles.map { (path: "stdlib/" + $0.name, text: $0.text) }
    }
}
