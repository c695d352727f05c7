using NodeStorageAgent.NodeLayout;
using NodeStorageAgent.Rendering;
using NodeStorageAgent.StateMachine;
using System.Text.Json.Serialization;

namespace NodeStorageAgent.Persistence;

/// <summary>Source-generated (de)serialisation for <see cref="AgentState"/>: no reflection, so it trims.</summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(AgentState))]
[JsonSerializable(typeof(StorageOwnership))]
internal sealed partial class AgentStateJsonContext : JsonSerializerContext;
