namespace NodeStorageAgent.IntegrationTests.Apply;

/// <summary>Where this test executable is, to start it again as an <see cref="ApplyChild"/>.</summary>
internal static class ChildProcess
{
    public static string Executable { get; } = Path.Combine(AppContext.BaseDirectory, "NodeStorageAgent.IntegrationTests");
}
