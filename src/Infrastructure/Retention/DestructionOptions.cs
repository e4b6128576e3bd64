namespace MakCrm.Infrastructure.Retention;

/// <summary>The destruction worker (configuration section <c>Mak:Retention</c>).</summary>
public sealed class DestructionOptions
{
    public const string Section = "Mak:Retention";

    /// <summary>Off: this instance destroys nothing (others on the same database still may).</summary>
    public bool DestructionEnabled { get; set; } = true;

    public TimeSpan DestructionInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>At most this many subjects are destroyed in one run, one transaction, one act.</summary>
    public int DestructionBatchSize { get; set; } = 50;
}
