namespace FactCheck.Api.Platform;

/// <summary>Wakes a background worker when there is new work, so it need not wait for its next poll.</summary>
public abstract class WorkSignal
{
    readonly SemaphoreSlim signal = new(0, 1);

    public void Notify()
    {
        if (signal.CurrentCount > 0) return;
        try { signal.Release(); }
        catch (SemaphoreFullException) { /* already signalled */ }
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => signal.WaitAsync(timeout, ct);
}

/// <summary>Stands in for a background worker switched off by configuration.</summary>
public sealed class IdleService : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
}
