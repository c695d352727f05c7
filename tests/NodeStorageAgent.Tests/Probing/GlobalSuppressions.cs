using System.Diagnostics.CodeAnalysis;

[assembly: SuppressMessage("Naming", "CA1707", Scope = "namespaceanddescendants", Target = "~N:NodeStorageAgent.Tests.Probing",
    Justification = "Test names follow Subject_Scenario_Expectation (style guide §3).")]
