namespace NodeStorageAgent.Toml;

/// <summary>How a table came to exist; decides which later definitions TOML 1.0 allows.</summary>
internal enum TableOrigin
{
    /// <summary>Built in code.</summary>
    Code,

    /// <summary>The root table.</summary>
    Root,

    /// <summary>Created as an intermediate of a header path; a later header may still define it once.</summary>
    Implicit,

    /// <summary>Defined by its own <c>[header]</c>.</summary>
    Header,

    /// <summary>Created by a dotted key (<c>a.b = 1</c> creates <c>a</c>).</summary>
    Dotted,

    /// <summary>An inline table or a table inside one: closed.</summary>
    Inline,

    /// <summary>An element of an array of tables.</summary>
    ArrayElement,
}
