using NodeStorageAgent.IntegrationTests.Packaging;
using NodeStorageAgent.IntegrationTests.Support;

namespace NodeStorageAgent.IntegrationTests.Metrics;

/// <summary>Debian's promtool (package prometheus).</summary>
internal static class Promtool
{
    public static ToolRun Run(params string[] args)
    {
        Prerequisites.RequireCommand("promtool");
        return ToolRun.Start("promtool", args);
    }

    /// <summary><c>promtool check metrics</c> reads the exposition text on stdin; it fails on a parse error or a
    /// naming-convention (lint) problem.</summary>
    public static ToolRun CheckMetrics(string file)
    {
        Prerequisites.RequireCommand("promtool");
        return ToolRun.Start("sh", "-c", "exec promtool check metrics < \"$1\"", "sh", file);
    }
}
