using System.Text.Json.Serialization;

namespace NodeStorageAgent.Reconcile;

/// <summary>Source-generated JSON for status.json (no reflection: trims cleanly).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(AgentStatus))]
internal sealed partial class AgentStatusJsonContext : JsonSerializerContext;
