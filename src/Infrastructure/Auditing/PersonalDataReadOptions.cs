namespace MakCrm.Infrastructure.Auditing;

/// <summary>Settings under <c>Mak:PersonalDataReads</c>.</summary>
public sealed class PersonalDataReadOptions
{
    public const string Section = "Mak:PersonalDataReads";

    /// <summary>How long a line of the read log is kept: long enough to answer a leak's investigation and a
    /// subject's request about who read their data.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(365 * 3);

    public bool PurgeEnabled { get; set; } = true;

    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromHours(1);

    public int PurgeBatchSize { get; set; } = 5000;
}
