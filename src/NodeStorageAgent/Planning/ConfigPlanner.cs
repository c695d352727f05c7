using NodeStorageAgent.DesiredState;
using NodeStorageAgent.Diagnostics;
using NodeStorageAgent.Hosting;
using NodeStorageAgent.Rendering;

namespace NodeStorageAgent.Planning;

/// <summary>
/// One planning pass: load and validate the desired state, read the node's files, render. The store-health decision
/// comes in as <c>isSafe</c> (the prober and its hysteresis decide it); this class does the reading, the pure
/// <see cref="ConfigRenderer"/> does the deciding.
/// </summary>
public sealed class ConfigPlanner(NodeRoot root)
{
    public async Task<PlanResult> PlanAsync(
        string desiredNodePath, StorageOwnership owned, Func<DesiredStateSpec, Task<Func<StoreSpec, bool>>> safety)
    {
        var (snapshot, readErrors) = new NodeConfigReader(root).Read();
        var roots = StorageConfReader.Roots(snapshot);
        var desired = DesiredStateLoader.For(root).Load(desiredNodePath, roots);
        var diagnostics = new List<Diagnostic>(desired.Diagnostics);
        diagnostics.AddRange(readErrors);
        if (!desired.IsValid || readErrors.Any(d => d.IsError))
        {
            return new PlanResult(desired.Spec, null, diagnostics);
        }

        var isSafe = await safety(desired.Spec!).ConfigureAwait(false);
        var (mode, note) = StorageModeResolver.Resolve(desired.Spec!.StorageMode, root);
        if (note is not null)
        {
            diagnostics.Add(note);
        }

        var plan = ConfigRenderer.Render(desired.Spec!, isSafe, snapshot, owned, mode);
        diagnostics.AddRange(plan.Diagnostics);
        return new PlanResult(desired.Spec, plan, diagnostics);
    }
}
