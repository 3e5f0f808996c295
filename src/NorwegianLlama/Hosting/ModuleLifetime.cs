using System;
using System.Collections.Generic;
using System.Management.Automation.Runspaces;
using NorwegianLlama.Inference;

namespace NorwegianLlama.Hosting;

/// <summary>
/// Called by the module's .psm1 on import and removal. Every runspace shares the cache, so the weights are
/// released only when the last runspace using the module removes it or closes (a parallel loop's runspaces
/// close without removing anything).
/// </summary>
public static class ModuleLifetime
{
    private static readonly object Gate = new();
    private static readonly HashSet<Guid> Runspaces = new();

    public static void Imported(Runspace runspace)
    {
        lock (Gate)
        {
            if (Runspaces.Add(runspace.InstanceId))
            {
                runspace.StateChanged += OnStateChanged;
            }
        }
    }

    public static void Removed(Runspace runspace) => Forget(runspace);

    private static void OnStateChanged(object? sender, RunspaceStateEventArgs e)
    {
        if (sender is Runspace runspace && e.RunspaceStateInfo.State is RunspaceState.Closed or RunspaceState.Broken)
        {
            Forget(runspace);
        }
    }

    private static void Forget(Runspace runspace)
    {
        lock (Gate)
        {
            if (!Runspaces.Remove(runspace.InstanceId))
            {
                return;
            }

            runspace.StateChanged -= OnStateChanged;
            if (Runspaces.Count > 0)
            {
                return;
            }
        }

        ModelCache.Clear();
    }
}
